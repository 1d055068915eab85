/**
 * Server-rendered Kaplan-Meier charts: step curves with their confidence bands, censoring marks,
 * axes, a legend and a number-at-risk table, as one standalone SVG image.
 *
 * Made for a page with a strict content security policy (style-src 'self', no scripts): there
 * is no script, no <style> and no style attribute; colours, dashes and opacity are SVG
 * presentation attributes. Every piece of text is escaped. The image has role="img" with a
 * <title> and a <desc> that says in words what the curves show (people, events, medians); the
 * page must still give the same numbers as a table beside it. Curves are told apart by dash
 * pattern and by the shape of their censoring marks as well as by colour (GOV.UK palette).
 */
import { escapeXml } from '../../../platform/views/svg-chart.js';
import { survivalAt, type KaplanMeier, type KaplanMeierStep } from './survival.js';

/** A curve to draw and the words for it in the legend and the number-at-risk table. */
export type SurvivalCurve = { label: string; km: KaplanMeier };

/** Options of survivalChartSvg. */
export type SurvivalChartOptions = {
  /** the chart's title, also its accessible name */
  title: string;
  /** the last time shown, in days (default: the last time of any curve) */
  maxTime?: number;
  /**
   * the fewest people still at risk for which the curve is drawn (default 1): a curve stops at
   * the last step at which at least this many were at risk, and numbers at risk below it are
   * shown as a dash. Small numbers stay safe, and the unstable tail is not over-read.
   */
  minAtRisk?: number;
  /** the unit of the time axis (default days; a month is 365.25 / 12 days) */
  timeUnit?: 'days' | 'months';
  /** the prefix of the ids of the title and description (default "survival-chart") */
  id?: string;
  /** words added to the generated description, e.g. the cohort and period */
  description?: string;
  /** the width of the image in user units (default 720) */
  width?: number;
  /**
   * how a count (people, events, numbers at risk) is written, e.g. through disclosure control
   * (default: the number as it is)
   */
  count?: (n: number) => string;
};

/** GOV.UK colours (blue, red, green, orange, purple, turquoise, pink, dark grey) */
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#28a197', '#912b88', '#505a5f'];
const DASHES = ['', '10 5', '3 4', '14 4 3 4', '6 3', '1 3'];
const TEXT = '#0b0c0c';
const GRID = '#b1b4b6';
const DAYS_PER_MONTH = 365.25 / 12;

const num = (v: number) => (Math.round(v * 10) / 10).toString();
const safeId = (v: string) => v.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * The number still at risk (followed at least to that time) in a curve at each of the given
 * times in days, as the number-at-risk table under a Kaplan-Meier plot shows it (R's
 * summary(fit, times = ...)$n.risk).
 */
export function numbersAtRisk(km: KaplanMeier, times: readonly number[]): number[] {
  return times.map((t) => survivalAt(km, t).atRisk);
}

/** "Nice" axis ticks from 0 to the first at or beyond `max`: steps of 1, 2, 2.5 or 5 times a power of 10, at most 9. */
function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0];
  const rough = max / 6;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => max / s <= 8) ?? 10 * power) || 1;
  const ticks: number[] = [0];
  while ((ticks[ticks.length - 1] ?? 0) < max - step * 1e-9) {
    ticks.push(Math.round(ticks.length * step * 1e9) / 1e9);
  }
  return ticks;
}

/** The steps drawn: those up to maxTime with at least minAtRisk at risk, stopping at the first short one. */
function visibleSteps(km: KaplanMeier, maxTime: number, minAtRisk: number): KaplanMeierStep[] {
  const out: KaplanMeierStep[] = [];
  for (const step of km.steps) {
    if (step.time > maxTime || step.atRisk < minAtRisk) break;
    out.push(step);
  }
  return out;
}

/** Where the drawn curve ends: maxTime if it is still followed beyond it, else its last drawn step. */
function curveEnd(km: KaplanMeier, steps: readonly KaplanMeierStep[], maxTime: number, minAtRisk: number) {
  const last = steps[steps.length - 1];
  if (!last) return 0;
  const next = km.steps[km.steps.indexOf(last) + 1];
  return next && next.time > maxTime && next.atRisk >= minAtRisk ? maxTime : last.time;
}

/** The SVG path of a step function through (time, value) pairs from (0, 1) to `end`. */
function stepPath(
  points: readonly { time: number; value: number }[],
  end: number,
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  let d = `M${num(x(0))} ${num(y(1))}`;
  for (const p of points) d += ` H${num(x(p.time))} V${num(y(p.value))}`;
  return `${d} H${num(x(end))}`;
}

/** A closed polygon between the upper and lower confidence limits, as steps, up to `end`. */
function bandPath(
  steps: readonly KaplanMeierStep[],
  end: number,
  x: (t: number) => number,
  y: (v: number) => number,
): string | null {
  const finite: KaplanMeierStep[] = [];
  for (const s of steps) {
    if (!Number.isFinite(s.lower) || !Number.isFinite(s.upper)) break;
    finite.push(s);
  }
  if (!finite.length) return null;
  const stop = finite.length === steps.length ? end : (steps[finite.length]?.time ?? end);
  const edge = (key: 'lower' | 'upper') => {
    const pts: [number, number][] = [[0, 1]];
    for (const s of finite) pts.push([s.time, pts[pts.length - 1]?.[1] ?? 1], [s.time, s[key]]);
    pts.push([stop, pts[pts.length - 1]?.[1] ?? 1]);
    return pts.map(([t, v]) => `${num(x(t))},${num(y(v))}`);
  };
  return `${edge('upper').join(' ')} ${edge('lower').reverse().join(' ')}`;
}

/** A censoring mark of the given shape (a tick, a cross, a circle...) at (cx, cy). */
function censorMark(index: number, cx: number, cy: number, colour: string): string {
  const r = 4;
  switch (index % 4) {
    case 0:
      return `<line x1="${num(cx)}" y1="${num(cy - r)}" x2="${num(cx)}" y2="${num(cy + r)}" stroke="${colour}" stroke-width="2"/>`;
    case 1:
      return `<path d="M${num(cx - r)} ${num(cy - r)} L${num(cx + r)} ${num(cy + r)} M${num(cx - r)} ${num(cy + r)} L${num(cx + r)} ${num(cy - r)}" stroke="${colour}" stroke-width="2" fill="none"/>`;
    case 2:
      return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${r - 1}" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`;
    default:
      return `<rect x="${num(cx - r + 1)}" y="${num(cy - r + 1)}" width="${2 * r - 2}" height="${2 * r - 2}" fill="${colour}"/>`;
  }
}

/** "27 days (95% CI 13 to 34)", "not reached", with the unit chosen for the chart. */
function describeMedian(km: KaplanMeier, unit: 'days' | 'months'): string {
  const fmt = (d: number | null) =>
    d === null ? 'not reached' : unit === 'months' ? `${num(d / DAYS_PER_MONTH)}` : `${num(d)}`;
  if (km.median.time === null) return 'median not reached';
  const level = `${Math.round(km.confidence * 100)}% CI`;
  const upper = km.median.upper === null ? 'not reached' : fmt(km.median.upper);
  const lower = km.median.lower === null ? 'not reached' : fmt(km.median.lower);
  return `median ${fmt(km.median.time)} ${unit} (${level} ${lower} to ${upper})`;
}

/**
 * A Kaplan-Meier chart of one or more curves as a standalone SVG string: the proportion without
 * the event (0-100%) against time since the start date, each curve a step line from (0, 100%)
 * with its confidence band (shaded, 15% opacity), censoring marks at the times someone stopped
 * being followed, a legend, and a number-at-risk table under the time axis at each tick.
 * A curve is drawn only while at least `minAtRisk` people remain at risk (see the option), and
 * up to `maxTime` days. The description lists each curve's people, events and median with its
 * interval. Text is escaped; nothing in it depends on styles the page's CSP would block.
 */
export function survivalChartSvg(curves: readonly SurvivalCurve[], options: SurvivalChartOptions): string {
  const unit = options.timeUnit ?? 'days';
  const unitDays = unit === 'months' ? DAYS_PER_MONTH : 1;
  const minAtRisk = Math.max(1, options.minAtRisk ?? 1);
  const lastTime = curves.reduce((m, c) => Math.max(m, c.km.steps[c.km.steps.length - 1]?.time ?? 0), 0);
  const maxTime = options.maxTime ?? lastTime;
  const ticks = niceTicks(maxTime / unitDays);
  const axisMax = (ticks[ticks.length - 1] ?? 0) * unitDays || 1;
  const id = safeId(options.id ?? 'survival-chart');

  const width = options.width ?? 720;
  const margin = { left: 160, right: 24, top: 36 };
  const plotHeight = 300;
  const plot = { x0: margin.left, x1: width - margin.right, y0: margin.top, y1: margin.top + plotHeight };
  const axisBottom = plot.y1 + 52;
  const riskTop = axisBottom + 14;
  const rowHeight = 22;
  const legendTop = riskTop + rowHeight * (curves.length + 1) + 12;
  const height = legendTop + rowHeight * (curves.length + 1) + 8;
  const x = (t: number) => plot.x0 + (Math.min(t, axisMax) / axisMax) * (plot.x1 - plot.x0);
  const y = (v: number) => plot.y1 - v * (plot.y1 - plot.y0);

  const count = options.count ?? ((n: number) => String(n));
  const described = curves
    .map(
      (c) =>
        `${c.label}: ${count(c.km.n)} ${c.km.n === 1 ? 'person' : 'people'}, ${count(c.km.events)} ${c.km.events === 1 ? 'event' : 'events'}, ${describeMedian(c.km, unit)}`,
    )
    .join('; ');
  const description = [
    `Kaplan-Meier estimates of the proportion without the event over time in ${unit}, with ${Math.round(
      (curves[0]?.km.confidence ?? 0.95) * 100,
    )}% confidence bands.`,
    curves.length ? `${described}.` : 'No groups to show.',
    minAtRisk > 1 ? `Curves stop where fewer than ${minAtRisk} people remain at risk.` : '',
    options.description ?? '',
  ]
    .filter(Boolean)
    .join(' ');

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="recolo-chart recolo-survival-chart" viewBox="0 0 ${width} ${num(height)}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="&quot;GDS Transport&quot;, arial, sans-serif" font-size="14">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
    `<g class="recolo-chart__axes" aria-hidden="true">`,
  ];
  for (const v of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(
      `<line x1="${plot.x0}" y1="${num(y(v))}" x2="${plot.x1}" y2="${num(y(v))}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${plot.x0 - 8}" y="${num(y(v) + 5)}" text-anchor="end" fill="${TEXT}">${Math.round(v * 100)}%</text>`,
    );
  }
  parts.push(
    `<line x1="${plot.x0}" y1="${plot.y1}" x2="${plot.x1}" y2="${plot.y1}" stroke="${TEXT}" stroke-width="1"/>`,
    `<line x1="${plot.x0}" y1="${plot.y0}" x2="${plot.x0}" y2="${plot.y1}" stroke="${TEXT}" stroke-width="1"/>`,
  );
  for (const tick of ticks) {
    const tx = x(tick * unitDays);
    parts.push(
      `<line x1="${num(tx)}" y1="${plot.y1}" x2="${num(tx)}" y2="${plot.y1 + 6}" stroke="${TEXT}" stroke-width="1"/>`,
      `<text x="${num(tx)}" y="${plot.y1 + 22}" text-anchor="middle" fill="${TEXT}">${num(tick)}</text>`,
    );
  }
  parts.push(
    `<text x="${num((plot.x0 + plot.x1) / 2)}" y="${plot.y1 + 44}" text-anchor="middle" fill="${TEXT}">Time since start (${unit})</text>`,
    `<text x="${plot.x0}" y="${plot.y0 - 16}" text-anchor="middle" fill="${TEXT}">Without the event</text>`,
    `</g>`,
  );

  curves.forEach((curve, i) => {
    const colour = COLOURS[i % COLOURS.length] ?? TEXT;
    const dash = DASHES[i % DASHES.length] ?? '';
    const steps = visibleSteps(curve.km, maxTime, minAtRisk);
    const end = curveEnd(curve.km, steps, maxTime, minAtRisk);
    parts.push(`<g class="recolo-chart__series">`, `<title>${escapeXml(curve.label)}</title>`);
    const band = bandPath(steps, end, x, y);
    if (band) parts.push(`<polygon points="${band}" fill="${colour}" fill-opacity="0.15" stroke="none"/>`);
    if (steps.length) {
      const points = steps.map((s) => ({ time: s.time, value: s.survival }));
      parts.push(
        `<path d="${stepPath(points, end, x, y)}" fill="none" stroke="${colour}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''} stroke-linejoin="round"/>`,
      );
      for (const s of steps) if (s.censored > 0) parts.push(censorMark(i, x(s.time), y(s.survival), colour));
    }
    parts.push(`</g>`);
  });

  // number at risk at each tick, one row per curve
  parts.push(
    `<g class="recolo-chart__at-risk">`,
    `<text x="8" y="${riskTop}" font-weight="bold" fill="${TEXT}">Number at risk</text>`,
  );
  curves.forEach((curve, i) => {
    const rowY = riskTop + rowHeight * (i + 1);
    const counts = numbersAtRisk(
      curve.km,
      ticks.map((t) => t * unitDays),
    );
    parts.push(`<text x="8" y="${rowY}" fill="${TEXT}">${escapeXml(curve.label)}</text>`);
    ticks.forEach((tick, j) => {
      const atRisk = counts[j] ?? 0;
      const shown = tick * unitDays > maxTime ? '' : atRisk > 0 && atRisk < minAtRisk ? '–' : count(atRisk);
      if (shown) {
        parts.push(
          `<text x="${num(x(tick * unitDays))}" y="${rowY}" text-anchor="middle" fill="${TEXT}">${escapeXml(shown)}</text>`,
        );
      }
    });
  });
  parts.push(`</g>`);

  // legend: a line sample in the curve's dash and colour, its censoring mark, and the label
  parts.push(`<g class="recolo-chart__legend" aria-hidden="true">`);
  curves.forEach((curve, i) => {
    const colour = COLOURS[i % COLOURS.length] ?? TEXT;
    const dash = DASHES[i % DASHES.length] ?? '';
    const ly = legendTop + rowHeight * i + 6;
    parts.push(
      `<line x1="8" y1="${ly}" x2="48" y2="${ly}" stroke="${colour}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      censorMark(i, 60, ly, colour),
      `<text x="72" y="${ly + 5}" fill="${TEXT}">${escapeXml(curve.label)}</text>`,
    );
  });
  if (curves.length) {
    const ly = legendTop + rowHeight * curves.length + 6;
    parts.push(
      `<text x="8" y="${ly + 5}" fill="${TEXT}">Shaded: ${Math.round((curves[0]?.km.confidence ?? 0.95) * 100)}% confidence interval. Marks on a line: someone stopped being followed (censored).</text>`,
    );
  }
  parts.push(`</g>`, `</svg>`);
  return parts.join('');
}
