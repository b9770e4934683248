package io.github.gomaflow.watch;

/**
 * A grid of terminal cells, each a Unicode braille pattern (U+2800–U+28FF) of 2 × 4 dots, so a
 * cell grid of {@code columns × rows} has {@code 2·columns × 4·rows} addressable dots. Dot (0, 0)
 * is the top-left one.
 */
final class BrailleCanvas {
    /** Bit of the dot at (column dx, row dy) inside a cell, per the Unicode braille layout. */
    private static final int[][] BIT = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};

    private final int columns;
    private final int rows;
    private final int[] cells;

    BrailleCanvas(int columns, int rows) {
        if (columns < 1 || rows < 1) throw new IllegalArgumentException("canvas " + columns + "×" + rows);
        this.columns = columns;
        this.rows = rows;
        this.cells = new int[columns * rows];
    }

    int dotWidth() { return 2 * columns; }

    int dotHeight() { return 4 * rows; }

    /** Sets dot (x, y); dots outside the canvas are ignored. */
    void set(int x, int y) {
        if (x < 0 || y < 0 || x >= dotWidth() || y >= dotHeight()) return;
        cells[(y / 4) * columns + x / 2] |= BIT[x % 2][y % 4];
    }

    /** Sets the dots of the straight segment from (x0, y0) to (x1, y1) (Bresenham). */
    void line(int x0, int y0, int x1, int y1) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (true) {
            set(x0, y0);
            if (x0 == x1 && y0 == y1) return;
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }

    /** Row {@code r} of cells as text (blank cells are U+2800, which terminals show as space). */
    String row(int r) {
        StringBuilder sb = new StringBuilder(columns);
        for (int c = 0; c < columns; c++) sb.append((char) (0x2800 + cells[r * columns + c]));
        return sb.toString();
    }

    /** Whether any dot of cell (column c, row r) is set. */
    boolean occupied(int c, int r) { return cells[r * columns + c] != 0; }
}
