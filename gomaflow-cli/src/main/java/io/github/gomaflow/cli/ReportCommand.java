package io.github.gomaflow.cli;

import io.github.gomaflow.report.RunReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gomaflow report RUN_DIR}: writes RUN_DIR/report.html and prints its path. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Self-contained HTML report with plots: writes RUN_DIR/report.html.",
                "Shows config.toml, provenance.json, evaluations.csv (training curves, best epochs) and, when present,",
                "analysis.json and hmc_analysis.json (from 'gomaflow analyze --json') and the PNGs of RUN_DIR/plots."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Result directory of a training run.")
    Path runDir;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public Integer call() throws Exception {
        Path out = RunReport.write(runDir);
        spec.commandLine().getOut().println(out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
