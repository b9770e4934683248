package io.github.gomaflow.cli;

import io.github.gomaflow.report.RunReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow report RUN_DIR}: writes RUN_DIR/report.html and prints its path. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Self-contained HTML report with plots: writes RUN_DIR/report.html (replacing an earlier report).",
                "Reads config.toml, provenance.json and evaluations.csv (training curves, best epochs); the flow ensemble",
                "(ensemble.npz, else any .npz whose source is the flow) and the HMC ensemble (hmc.npz, else any .npz whose",
                "source is HMC, e.g. written by 'gomaflow hmc RUN_DIR'), analysed on the spot unless analysis.json /",
                "hmc_analysis.json (from 'gomaflow analyze --json') are there; and the PNGs of RUN_DIR/plots if present.",
                "Progress goes to stderr; the report's path to stdout."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Result directory of a training run.")
    Path runDir;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        Path out = RunReport.write(runDir, step -> {
            err.println("report: " + step + "…");
            err.flush();
        });
        spec.commandLine().getOut().println(out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
