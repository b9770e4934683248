package io.github.gomaflow.train;

import io.github.gomaflow.BadInputException;
import io.github.gomaflow.io.AtomicFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * {@code evaluations.csv}: one row per finished epoch, appended and flushed as the epoch ends.
 * The first nine columns are GomalizingFlow's names: {@code loss} = mean(log q + S) on the
 * evaluation samples, {@code ess} = ESS/N, {@code acceptance_rate} and {@code best_acceptance_rate}
 * as <b>fractions</b> in [0, 1], and {@code elapsed_time} = seconds of training and evaluation since the
 * run began (cumulative, carried across --resume); with {@code training.evaluation = "gomalizingflow"}
 * the acceptance columns are in percent and {@code elapsed_time} is the epoch's own time, as
 * GomalizingFlow writes them (docs/OUTPUTS.md). Ours follow: {@code ess_samples}, {@code lr},
 * {@code seconds_train}, {@code seconds_eval}, {@code train_loss} (mean training-batch loss of the
 * epoch) and {@code skipped_steps} (non-finite steps skipped). Numbers other than timings are
 * written with full precision (round-trip), so equal runs give equal rows.
 */
public final class EvaluationsCsv implements AutoCloseable {
    /** The header line. */
    public static final String HEADER = "epoch,loss,ess,best_ess,best_acceptance_rate,best_epoch_ess,"
            + "best_epoch_acceptance_rate,acceptance_rate,elapsed_time,ess_samples,lr,seconds_train,seconds_eval,"
            + "train_loss,skipped_steps";

    /** Columns whose values are wall-clock measurements (differ between otherwise equal runs). */
    public static final List<String> TIMING_COLUMNS = List.of("elapsed_time", "seconds_train", "seconds_eval");

    /** One row; {@code elapsedTime} as the mode writes it, {@code secondsTrain}/{@code secondsEval} of this epoch. */
    public record Row(int epoch, double loss, double ess, BestScores best, double acceptanceRate, double elapsedTime,
                      int essSamples, double lr, double secondsTrain, double secondsEval, double trainLoss,
                      int skippedSteps) {
        String format() {
            return epoch + "," + num(loss) + "," + num(ess) + "," + num(best.ess()) + ","
                    + num(best.acceptanceRate()) + "," + best.epochEss() + "," + best.epochAcceptance() + ","
                    + num(acceptanceRate) + "," + time(elapsedTime) + "," + essSamples + "," + num(lr) + ","
                    + time(secondsTrain) + "," + time(secondsEval) + "," + num(trainLoss) + "," + skippedSteps;
        }
    }

    private final Writer out;
    private final Path file;

    private EvaluationsCsv(Writer out, Path file) {
        this.out = out;
        this.file = file;
    }

    /** Creates (or replaces) the file with just the header. */
    public static EvaluationsCsv create(Path file) throws IOException {
        AtomicFiles.write(file, (HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        return append(file);
    }

    /**
     * Reopens the file of an interrupted run, keeping only the rows of epochs ≤ {@code lastEpoch}
     * (rows written after the last checkpoint are dropped so that they are not duplicated).
     *
     * @throws BadInputException if the file is missing or has another header
     */
    public static EvaluationsCsv resume(Path file, int lastEpoch) throws IOException {
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": missing; cannot resume this run");
        List<String> lines = io.github.gomaflow.io.TextFiles.read(file, "a gomaflow evaluations.csv").lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new BadInputException(file + ": unexpected header; cannot resume (expected " + HEADER + ")");
        }
        StringBuilder kept = new StringBuilder(HEADER).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            if (comma <= 0) continue;
            try {
                if (Integer.parseInt(line.substring(0, comma)) <= lastEpoch) kept.append(line).append('\n');
            } catch (NumberFormatException e) {
                throw new BadInputException(file + ": malformed row '" + line + "'");
            }
        }
        AtomicFiles.write(file, kept.toString().getBytes(StandardCharsets.UTF_8));
        return append(file);
    }

    private static EvaluationsCsv append(Path file) throws IOException {
        return new EvaluationsCsv(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND), file);
    }

    /** Appends a row and flushes it to the file. */
    public void write(Row row) throws IOException {
        try {
            out.write(row.format());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw io.github.gomaflow.io.IoErrors.naming(file, e);
        }
    }

    @Override public void close() throws IOException { out.close(); }

    private static String num(double v) { return Double.toString(v); }

    private static String time(double seconds) { return String.format(Locale.ROOT, "%.3f", seconds); }
}
