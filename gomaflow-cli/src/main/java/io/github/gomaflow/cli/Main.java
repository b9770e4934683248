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

/** The {@code gomaflow} command line: thin picocli commands over the library (DESIGN §6). */
@Command(name = "gomaflow",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Flow-based MCMC for lattice scalar φ⁴ theory (a Java GomalizingFlow).",
        subcommands = {
                TrainCommand.class, SampleCommand.class, HmcCommand.class, ClusterCommand.class, VersusCommand.class, AnalyzeCommand.class,
                CompareCommand.class, ReportCommand.class, WatchCommand.class, BenchCommand.class,
                ConfigCommand.class, SweepCommand.class, CommandLine.HelpCommand.class})
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
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("gomaflow: " + ex.getMessage());
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
            err.println("gomaflow: " + ex.getMessage());
            if (debug) ex.printStackTrace(err);
            err.flush();
            return EXIT_BAD_INPUT;
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
