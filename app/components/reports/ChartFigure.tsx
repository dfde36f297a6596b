import { chartSummary, type Chart } from "~/domain";

// A bar chart drawn on the server as SVG: no script, no library. The picture is one image to a
// screen reader (role="img" with a summary); the table behind it carries every figure.

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies. */
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"];

const WIDTH = 640;
const LABEL = 180;
const RIGHT = 44;
const PLOT = WIDTH - LABEL - RIGHT;

/** A round number at or above `n` for the axis (1, 2, 5 × 10^k). */
function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= n)!;
}

const clip = (s: string, max = 26) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const fmt = (v: number | null) => (v === null ? "—" : String(v));

function Bars({ chart }: { chart: Chart }) {
  const drawn = chart.drawn ?? chart.series.length;
  const stacked = chart.layout === "stacked";
  const rowHeight = stacked ? 24 : drawn * 7 + 10;
  const top = 8;
  const values = chart.rows.map((r) => r.values.slice(0, drawn).map((v) => v ?? 0));
  const max = niceMax(Math.max(0, ...values.map((v) => (stacked ? v.reduce((a, b) => a + b, 0) : Math.max(0, ...v)))));
  const scale = (v: number) => (v / max) * PLOT;
  const height = top + chart.rows.length * rowHeight + 22;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={chartSummary(chart)} className="chart-svg" preserveAspectRatio="xMinYMin meet">
      {[0, 0.5, 1].map((t) => (
        <g key={t} aria-hidden="true">
          <line x1={LABEL + t * PLOT} x2={LABEL + t * PLOT} y1={top - 4} y2={height - 18} stroke="#c9d1db" />
          <text x={LABEL + t * PLOT} y={height - 4} textAnchor="middle" fontSize="12" fill="#4a5868">{Math.round(t * max * 10) / 10}</text>
        </g>
      ))}
      {chart.rows.map((row, i) => {
        const y = top + i * rowHeight;
        let x = LABEL;
        return (
          <g key={row.label}>
            <text x={LABEL - 6} y={y + rowHeight / 2 + 4} textAnchor="end" fontSize="13" fill="#1c2733">{clip(row.label)}</text>
            {stacked
              ? values[i]!.map((v, s) => {
                  const w = scale(v);
                  const rect = <rect key={s} x={x} y={y + 3} width={w} height={rowHeight - 6} fill={COLOURS[s % COLOURS.length]} />;
                  x += w;
                  return rect;
                })
              : values[i]!.map((v, s) => (
                  <rect key={s} x={LABEL} y={y + 5 + s * 7} width={scale(v)} height={6} fill={COLOURS[s % COLOURS.length]} />
                ))}
            {stacked && (
              <text x={x + 4} y={y + rowHeight / 2 + 4} fontSize="12" fill="#4a5868">{values[i]!.reduce((a, b) => a + b, 0)}</text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function ChartFigure({ chart, csvHref }: { chart: Chart; csvHref: string }) {
  const drawn = chart.drawn ?? chart.series.length;
  const headingId = `chart-${chart.id}`;
  return (
    <figure className="chart" aria-labelledby={headingId}>
      <figcaption id={headingId}>
        <strong>{chart.title}</strong> <span className="muted">{chart.note}</span>
      </figcaption>
      {chart.rows.length > 0 ? (
        // Drawn at no less than its own size, so its labels stay readable; a narrow screen scrolls it sideways.
        <div className="chart-scroll" role="region" aria-label={`Chart: ${chart.title}`} tabIndex={0}>
          <Bars chart={chart} />
        </div>
      ) : (
        <p className="muted">Nothing to show for these filters.</p>
      )}
      {(drawn > 1 || chart.layout === "grouped") && chart.rows.length > 0 && (
        <ul className="chart-legend" aria-hidden="true">
          {chart.series.slice(0, drawn).map((s, i) => (
            <li key={s}><svg className="swatch" viewBox="0 0 1 1"><rect width="1" height="1" fill={COLOURS[i % COLOURS.length]} /></svg>{s}</li>
          ))}
        </ul>
      )}
      <details className="chart-table">
        <summary>Table: {chart.title.toLowerCase()}</summary>
        <div className="table-wrap" role="region" aria-label={`Table: ${chart.title}`} tabIndex={0}>
          <table className="data">
            <caption className="visually-hidden">{chart.title} ({chart.unit})</caption>
            <thead>
              <tr>
                <th scope="col">{chart.rowHeader}</th>
                {chart.series.map((s) => <th key={s} scope="col">{s}</th>)}
              </tr>
            </thead>
            <tbody>
              {chart.rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  {r.values.map((v, i) => <td key={i}>{fmt(v)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {chart.moreRows ? (
        <p className="muted">
          The {chart.rows.length} {chart.rowHeader.toLowerCase()} rows with the most {chart.unit === "days" ? "clocks measured" : chart.unit} are shown, busiest first;{" "}
          {chart.moreRows} more are in the CSV below{chart.rowHeader === "Client" ? ", and the client filter shows any one client" : ""}.
        </p>
      ) : null}
      <p className="chart-download"><a href={csvHref} download>Download “{chart.title}” as CSV</a></p>
    </figure>
  );
}
