package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.distributed.TaskBackend;
import io.github.gomaflow.distributed.TaskResult;
import io.github.gomaflow.distributed.TaskSpec;
import io.github.gomaflow.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs K independent chains of a chain command (sample, hmc) by running the same command line K
 * times with {@code --chain-index k} and {@code --out} set to chain k's file: here one after another,
 * or with {@code --spark} as K tasks whose files come back to this process. Either way chain k is the
 * same bit for bit (docs/DISTRIBUTED.md).
 */
final class MultiChain {
    private static final Set<String> FAN_OUT_OPTIONS = Set.of("--chains", "--spark", "--chain-index", "--out");

    private MultiChain() {}

    /** Chain k's file: {@code dir/stem.chain<k>.npz} for {@code dir/stem.npz}. */
    static Path chainFile(Path out, int k) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".npz") ? name.substring(0, name.length() - 4) : name;
        return out.resolveSibling(stem + ".chain" + k + ".npz");
    }

    /**
     * Starts the chains.
     *
     * @param spec       the command's spec (its original arguments are reused)
     * @param chains     the options
     * @param out        the ensemble file a single chain would write
     * @param shipped    the positional argument naming the file the command reads (a configuration or a
     *                   checkpoint), and the file itself, sent along with each Spark task
     * @return the exit code
     */
    static int run(CommandSpec spec, ChainsMixin chains, Path out, String shippedArgument, Path shipped) throws Exception {
        int k = chains.chains;
        List<Path> files = new ArrayList<>();
        for (int c = 0; c < k; c++) files.add(k == 1 ? out : chainFile(out, c));
        List<String> base = withoutFanOutOptions(spec, spec.commandLine().getParseResult().originalArgs());
        PrintWriter log = spec.commandLine().getOut();
        if (chains.spark == null) return runHere(spec, base, files, log);
        for (Path f : files) {
            if (Files.exists(f) && !base.contains("--force")) throw new BadInputException(f + " exists; use --force to replace it, or choose another --out");
        }
        String name = shipped.getFileName().toString();
        byte[] bytes = Files.readAllBytes(shipped);
        List<TaskSpec> tasks = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<String> args = new ArrayList<>(replaceFirstPositional(spec, base, shippedArgument, TaskSpec.WORK + "/in/" + name));
            args.addAll(List.of("--chain-index", Integer.toString(c), "--out", TaskSpec.WORK + "/out/chain.npz"));
            if (!args.contains("--quiet")) args.add("--quiet");   // no progress bars in a task's log
            tasks.add(new TaskSpec("chain " + c, args, Map.of("in/" + name, bytes), "out"));
        }
        int threads = threadsPerTask(spec);
        List<TaskResult> results = TaskBackend.find(chains.spark).run(chains.spark, tasks, threads, log);
        int worst = 0;
        for (int c = 0; c < k; c++) {
            TaskResult r = results.get(c);
            log.print(r.output());
            byte[] ensemble = r.files().get("chain.npz");
            if (r.exitCode() != 0 || ensemble == null) {
                log.printf("chain %d on %s: failed (exit code %d)%n", c, r.host(), r.exitCode());
                worst = Math.max(worst, r.exitCode() == 0 ? 1 : r.exitCode());
                continue;
            }
            AtomicFiles.write(files.get(c), ensemble);
            log.printf("chain %d (ran on %s) -> %s%n", c, r.host(), files.get(c));
        }
        log.flush();
        return worst;
    }

    private static int runHere(CommandSpec spec, List<String> base, List<Path> files, PrintWriter log) {
        for (int c = 0; c < files.size(); c++) {
            List<String> args = new ArrayList<>(base);
            args.addAll(List.of("--chain-index", Integer.toString(c), "--out", files.get(c).toString()));
            CommandLine cl = Main.newCommandLine();
            cl.setOut(spec.commandLine().getOut());
            cl.setErr(spec.commandLine().getErr());
            int code = cl.execute(args.toArray(String[]::new));
            if (code != 0) {
                log.printf("chain %d failed (exit code %d); chains %d..%d not started%n", c, code, c + 1, files.size() - 1);
                log.flush();
                return code;
            }
        }
        return 0;
    }

    /**
     * The original command line (which starts with any top-level options and the command's name) less
     * the options that fan out.
     */
    static List<String> withoutFanOutOptions(CommandSpec spec, List<String> original) {
        List<String> args = new ArrayList<>();
        int i = 0;
        while (i < original.size() && !isCommandName(spec, original.get(i))) args.add(original.get(i++));
        if (i < original.size()) args.add(original.get(i++));
        for (; i < original.size(); i++) {
            String a = original.get(i);
            String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (FAN_OUT_OPTIONS.contains(option)) {
                if (!a.contains("=")) i++;   // skip its value
                continue;
            }
            args.add(a);
        }
        return args;
    }

    private static boolean isCommandName(CommandSpec spec, String arg) {
        if (arg.equals(spec.name())) return true;
        for (String alias : spec.aliases()) if (arg.equals(alias)) return true;
        return false;
    }

    /** The arguments with the first positional equal to {@code from} (not an option's value) replaced. */
    static List<String> replaceFirstPositional(CommandSpec spec, List<String> args, String from, String to) {
        List<String> copy = new ArrayList<>(args);
        int start = 0;
        while (start < copy.size() && !isCommandName(spec, copy.get(start))) start++;
        for (int i = start + 1; i < copy.size(); i++) {
            String a = copy.get(i);
            if (a.startsWith("-")) {
                CommandLine.Model.OptionSpec o = spec.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
                if (o != null && !a.contains("=") && o.arity().max() > 0) i++;
                continue;
            }
            if (a.equals(from)) {
                copy.set(i, to);
                return copy;
            }
        }
        throw new IllegalStateException("positional argument " + from + " not found in " + args);
    }

    private static int threadsPerTask(CommandSpec spec) {
        CommandLine.Model.OptionSpec t = spec.findOption("--threads");
        Object v = t == null ? null : t.getValue();
        return v instanceof Integer i && i > 0 ? i : 1;
    }
}
