package io.github.gomaflow.cli;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code gomaflow} command line: thin picocli commands over the library (docs/RELIABILITY.md). */
@Command(name = "gomaflow",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Flow-based MCMC for lattice scalar φ⁴ theory (a Java GomalizingFlow).",
        subcommands = {
                TrainCommand.class, SampleCommand.class, HmcCommand.class, ClusterCommand.class, VersusCommand.class, AnalyzeCommand.class,
                CompareCommand.class, ReportCommand.class, WatchCommand.class, BenchCommand.class,
                ConfigCommand.class, SweepCommand.class, ImportGfCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input (config, files, flags). */
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for errors.")
    boolean debug;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    /** A configured picocli instance: bad input → one line on stderr and exit 2. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.registerConverter(Long.class, Counts::parseLong);
        cl.registerConverter(long.class, Counts::parseLong);
        cl.registerConverter(Integer.class, Counts::parseInt);
        cl.registerConverter(int.class, Counts::parseInt);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("gomaflow: " + shorten(ex.getMessage()));
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                err.println("Did you mean: " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?");
            }
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = parsed.hasMatchedOption("--debug")
                || (parsed.commandSpec().root().userObject() instanceof Main m && m.debug);
        if (ex instanceof BadInputException) {
            err.println("gomaflow: " + shorten(ex.getMessage()));
            if (debug) ex.printStackTrace(err);
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof io.github.gomaflow.mcmc.NonFiniteDensityException) {
            err.println("gomaflow: " + ex.getMessage());
            err.flush();
            return 1;
        }
        if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            Throwable io = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            err.println("gomaflow: I/O error: " + io.getMessage());
            if (debug) ex.printStackTrace(err);
            err.flush();
            return 1;
        }
        err.println("gomaflow: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
        if (debug) ex.printStackTrace(err);
        err.flush();
        return 1;
    }

    /** Longest run of non-blank characters a message echoes (a bad value may be megabytes long). */
    static final int MAX_TOKEN = 100;

    /** The message with every token longer than {@value #MAX_TOKEN} characters cut, saying how long it was. */
    static String shorten(String message) {
        if (message == null) return "";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S{" + (MAX_TOKEN + 1) + ",}").matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String t = m.group();
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(t.substring(0, 60) + "… (" + t.length() + " characters)"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Reads the version written by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/gomaflow-version.properties")) {
                if (in != null) p.load(in);
            } catch (IOException ignored) {
                // fall through to "unknown"
            }
            return new String[] {
                    "gomaflow " + p.getProperty("version", "unknown"),
                    "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
