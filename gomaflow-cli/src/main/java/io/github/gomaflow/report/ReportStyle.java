package io.github.gomaflow.report;

/** The report's inline style sheet (no external fonts or files: the page must open offline). */
final class ReportStyle {
    private ReportStyle() {}

    static final String CSS = """
            :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --accent: #0072b2; --band: #f4f6fa; }
            * { box-sizing: border-box; }
            body { margin: 0; color: var(--ink); background: #fff;
                   font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
            header { padding: 24px 32px 12px; border-bottom: 3px solid var(--accent); background: var(--band); }
            h1 { margin: 0 0 4px; font-size: 26px; }
            h2 { margin: 32px 0 12px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
            h3 { margin: 20px 0 8px; font-size: 16px; }
            main { max-width: 1180px; padding: 0 32px 48px; }
            nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
            .meta { color: var(--muted); font-size: 13px; margin: 0 0 8px; }
            .note { color: var(--muted); font-style: italic; }
            table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
            th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; }
            th { background: var(--band); }
            tbody tr:nth-child(even) { background: #fafbfd; }
            pre { background: var(--band); border: 1px solid var(--line); padding: 12px; overflow-x: auto;
                  font: 13px/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; }
            figure { margin: 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
            figure.wide img { width: 100%; max-width: 1000px; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
            ul.files { columns: 2; }
            """;
}
