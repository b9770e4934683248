package io.github.gomaflow.plot;

import io.github.gomaflow.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-epoch table of a training run, read from {@code RUN_DIR/evaluations.csv} (docs/OUTPUTS.md):
 * a header line of column names ({@code epoch,loss,ess,…,acceptance_rate,…,lr,…}) and one numeric
 * row per finished epoch.
 *
 * <p>The file may be read while training appends to it, so a last line without its newline, or with
 * fewer fields than the header, is taken as "not yet written" and ignored. Empty fields, {@code NaN}
 * and unparsable numbers become {@code NaN}; {@code Inf}/{@code -Inf} (Julia's spelling) are infinite.
 *
 * @param source  where the table came from (for messages)
 * @param header  column names, in file order
 * @param columns {@code columns[c][row]}; not copied, treat as read-only
 */
public record EvaluationHistory(String source, List<String> header, double[][] columns) {
    /** Name of the file a training run writes. */
    public static final String FILE_NAME = "evaluations.csv";

    public EvaluationHistory {
        header = List.copyOf(header);
        if (columns.length != header.size()) {
            throw new IllegalArgumentException("header has " + header.size() + " names but " + columns.length + " columns");
        }
    }

    /**
     * Reads {@code csv}.
     *
     * @throws BadInputException if the file is missing, empty or has no header line
     */
    public static EvaluationHistory read(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            throw new BadInputException(csv + ": no such file (a training run writes " + FILE_NAME + " after its first epoch)");
        }
        return parse(io.github.gomaflow.io.TextFiles.read(csv, "a gomaflow evaluations.csv"), csv.toString());
    }

    /** Parses the text of an evaluations file; see the class comment for the tolerated partial tail. */
    public static EvaluationHistory parse(String text, String source) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
        // after a final newline split() leaves "", otherwise the last element is an unterminated line
        String tail = lines.removeLast();
        if (lines.isEmpty()) lines.add(tail);
        else if (!tail.isBlank()) lines.add(tail);
        boolean unterminatedTail = !text.endsWith("\n") && lines.size() > 1;
        if (lines.getFirst().isBlank()) {
            throw new BadInputException(source + ": empty file, expected a header line such as 'epoch,loss,ess,…'");
        }
        List<String> header = new ArrayList<>();
        for (String name : lines.getFirst().split(",", -1)) header.add(name.strip());
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] fields = line.split(",", -1);
            if (fields.length != header.size()) {
                if (unterminatedTail && i == lines.size() - 1) break; // still being written
                throw new BadInputException(source + ": line " + (i + 1) + " has " + fields.length
                        + " fields, the header has " + header.size());
            }
            rows.add(parseRow(fields));
        }
        double[][] columns = new double[header.size()][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < header.size(); c++) columns[c][r] = rows.get(r)[c];
        }
        return new EvaluationHistory(source, header, columns);
    }

    private static double[] parseRow(String[] fields) {
        double[] row = new double[fields.length];
        for (int c = 0; c < fields.length; c++) row[c] = parseNumber(fields[c].strip());
        return row;
    }

    /** A CSV number; Julia writes {@code Inf}, {@code -Inf} and {@code NaN}. */
    static double parseNumber(String s) {
        switch (s) {
            case "Inf", "+Inf", "Infinity", "inf" -> { return Double.POSITIVE_INFINITY; }
            case "-Inf", "-Infinity", "-inf" -> { return Double.NEGATIVE_INFINITY; }
            default -> { }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Number of complete rows (epochs). */
    public int rows() { return header.isEmpty() ? 0 : columns[0].length; }

    /** Whether the table has a column called {@code name}. */
    public boolean has(String name) { return header.contains(name); }

    /**
     * The values of column {@code name}, one per row.
     *
     * @return a fresh copy
     * @throws BadInputException if there is no such column (the message lists the columns present)
     */
    public double[] column(String name) {
        int c = header.indexOf(name);
        if (c < 0) {
            throw new BadInputException(source + ": no column '" + name + "' (columns: " + String.join(", ", header) + ")");
        }
        return columns[c].clone();
    }

    /** Epoch numbers: the {@code epoch} column, or 1, 2, … when the file has none. */
    public double[] epochs() {
        if (has("epoch")) return column("epoch");
        double[] e = new double[rows()];
        for (int i = 0; i < e.length; i++) e[i] = i + 1;
        return e;
    }

    /**
     * Row of the largest finite value of column {@code name} (−1 if none). Of equal maxima the last
     * wins, as in training, where a tie overwrites model_best_*.ckpt (train.BestScores).
     */
    public int argMax(String name) {
        double[] v = column(name);
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i]) && (best < 0 || v[i] >= v[best])) best = i;
        }
        return best;
    }

    /** The value of column {@code name} in row {@code row}. */
    public double value(String name, int row) { return columns[header.indexOf(name)][row]; }
}
