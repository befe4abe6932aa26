import { GROWTH_SCENARIOS, type GrowthPoint, growthSpread } from './growth.ts';
import type { MemoryMark } from './memory-marks.ts';
import type { WorstCase } from './worst-cases.ts';

/**
 * What a benchmark run found, and three ways of showing it: a terminal table, a Markdown table for
 * the README and an SVG chart. Pure functions of the report, so a saved JSON can be re-rendered.
 */

/** One load test of one server. Latencies are in milliseconds. */
export interface Measurement {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
  /** The server's resident memory right after the run, in MB (Guestlist only). */
  rssMb?: number;
  /**
   * The server process's own CPU time per answered request, in microseconds: what a request
   * costs the server, steadier than a rate on a machine whose cores the load also uses.
   */
  cpuUs?: number;
  /** When a scenario ran several times: each run's figure the median was taken by, in order. */
  runs?: number[];
}

export interface ScenarioResult {
  /** e.g. "validate", "list status=pending", "create 1000". */
  name: string;
  /** e.g. "reads", "writes", "lists"; consecutive scenarios of one group are shown together. */
  group: string;
  guestlist: Measurement;
  /** `null` when the bare server has no equivalent of the scenario. */
  baseline: Measurement | null;
  target?: { description: string; met: boolean } | undefined;
}

export interface BenchReport {
  startedAt: string;
  machine: { cpus: number; model: string; memoryGb: number; node: string; postgres: string };
  settings: { connections: number; durationSeconds: number; invites: number };
  scenarios: ScenarioResult[];
  /**
   * Seeding invites through the real code path against bulk COPY. The rendered ratio is worked
   * out from the two rates, so it reads right whichever way round `ratio` was computed.
   */
  seed: {
    realPathRowsPerSecond: number;
    copyRowsPerSecond: number;
    ratio: number;
    rows: number;
  } | null;
  worker: {
    emailsPerSecond: number;
    emails: number;
    /** The first emails of each run, not counted in the steady rate. */
    warmUp?: number;
    withStartupPerSecond?: number;
    /** Every run's steady rate when `emailsPerSecond` is their median. */
    runs?: number[];
    /** The same emails rendered and sent by plain nodemailer, no database (median, and runs). */
    referencePerSecond?: number;
    referenceRuns?: number[];
  } | null;
  memory: {
    maxRssMb: number;
    samples: number;
    peakRssMb?: number;
    /** Resident and peak resident size after each step, in the order the run took them. */
    steps?: MemoryMark[];
  } | null;
  /** R22's worst-case bursts, run before the worker; the peak RSS includes them. */
  worstCases?: WorstCase[];
  /** The common requests' cost at each size the table was seeded through. */
  growth?: GrowthPoint[];
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Numbers

const DASH = '—';
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** Requests or rows per second: decimals only where they are a visible share of the value. */
function formatRate(value: number): string {
  if (!Number.isFinite(value)) return DASH;
  if (value >= 100) return integer.format(value);
  // Below 1/s (a slow bulk scenario) one decimal would round a real rate to "0.0".
  return value >= 1 || value <= 0 ? oneDecimal.format(value) : String(Number(value.toPrecision(2)));
}

function formatMs(value: number): string {
  return Number.isFinite(value) ? oneDecimal.format(value) : DASH;
}

/** Shorter form for the chart, where the column is narrow and ±0.5 ms above 100 ms is noise. */
function formatMsShort(value: number): string {
  if (!Number.isFinite(value)) return DASH;
  return value >= 100 ? integer.format(value) : oneDecimal.format(value);
}

function formatCount(value: number): string {
  return Number.isFinite(value) ? integer.format(value) : DASH;
}

/** Guestlist's throughput as a share of the baseline's, e.g. "63%". */
/** The server's CPU time per request; older reports did not measure it. */
function formatCpu(measurement: Measurement): string {
  return measurement.cpuUs === undefined ? DASH : integer.format(measurement.cpuUs);
}

function formatRatio(scenario: ScenarioResult): string {
  const { guestlist, baseline } = scenario;
  if (!baseline || !(baseline.rps > 0) || !Number.isFinite(guestlist.rps)) return DASH;
  const percent = (guestlist.rps / baseline.rps) * 100;
  if (percent >= 9.95) return `${integer.format(percent)}%`;
  // Below 10% a rounded integer would hide a 2× difference (1% vs 2%).
  return percent >= 0.05 ? `${oneDecimal.format(percent)}%` : '<0.1%';
}

function formatTarget(scenario: ScenarioResult): string {
  const { target } = scenario;
  if (!target) return '';
  return `${target.met ? '✓' : '✗'} ${target.description}`;
}

function formatDate(startedAt: string): string {
  const date = new Date(startedAt);
  if (Number.isNaN(date.getTime())) return startedAt;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function describeMachine(report: BenchReport): string {
  const { cpus, model, memoryGb, node, postgres } = report.machine;
  const pg = /^postgres/i.test(postgres) ? postgres : `PostgreSQL ${postgres}`;
  return `${cpus} × ${model.trim()}, ${formatCount(memoryGb)} GB RAM, Node ${node}, ${pg}`;
}

function describeSettings(report: BenchReport): string {
  const { connections, durationSeconds, invites } = report.settings;
  return (
    `${formatCount(connections)} connections, ${formatCount(durationSeconds)} s per scenario, ` +
    `${formatCount(invites)} invites seeded`
  );
}

/** The lines below the table, shared by the terminal and the Markdown output. */
/** One line per growth scenario: its p50 at each size, and the spread against the 1.5× target. */
function growthLines(points: readonly GrowthPoint[]): string[] {
  if (points.length < 2) return [];
  const spread = growthSpread(points);
  return GROWTH_SCENARIOS.map((name) => {
    const at = points
      .map((p) => `${formatMs(p.figures[name]?.p50 ?? 0)} ms at ${formatCount(p.invites)}`)
      .join(', ');
    const ratio = spread[name] ?? 0;
    return `Growth, ${name} (p50, one at a time): ${at}; ${oneDecimal.format(ratio)}× ${ratio <= 1.5 ? '✓' : '✗'} ≤1.5×`;
  });
}

function extraLines(report: BenchReport): string[] {
  const lines: string[] = [];
  const { seed, worker, memory } = report;
  if (seed) {
    const times =
      seed.realPathRowsPerSecond > 0
        ? `; COPY is ${oneDecimal.format(seed.copyRowsPerSecond / seed.realPathRowsPerSecond)}× the real path`
        : '';
    lines.push(
      `Seed (${formatCount(seed.rows)} rows): real path ${formatRate(seed.realPathRowsPerSecond)} rows/s, ` +
        `COPY ${formatRate(seed.copyRowsPerSecond)} rows/s${times}`,
    );
  }
  if (worker) {
    lines.push(
      `Worker: ${formatRate(worker.emailsPerSecond)} emails/s steady (${formatCount(worker.emails)} emails${worker.warmUp ? `, the first ${formatCount(worker.warmUp)} not counted` : ''}${worker.runs ? `; median of ${worker.runs.map(formatRate).join(', ')}` : ''}${worker.withStartupPerSecond ? `; ${formatRate(worker.withStartupPerSecond)}/s counting the process start` : ''})`,
    );
    if (worker.referencePerSecond) {
      const share = worker.emailsPerSecond / worker.referencePerSecond;
      lines.push(
        `Worker against plain nodemailer (same emails, no database): ${formatRate(worker.referencePerSecond)} emails/s${worker.referenceRuns ? ` (median of ${worker.referenceRuns.map(formatRate).join(', ')})` : ''}; the worker reaches ${Math.round(share * 100)}% ${share >= 0.6 ? '✓' : '✗'} ≥60%`,
      );
    }
  }
  // A repeated scenario's row is its median run; every run is shown, so the spread is seen.
  for (const { name, guestlist, baseline } of report.scenarios) {
    if (!guestlist.runs || guestlist.runs.length < 2) continue;
    const figures = (runs: number[]) => runs.map(oneDecimal.format).join(', ');
    lines.push(
      `Runs of ${name}: Guestlist ${figures(guestlist.runs)}${baseline?.runs ? `; baseline ${figures(baseline.runs)}` : ''} (the row is the median run)`,
    );
  }
  for (const line of growthLines(report.growth ?? [])) lines.push(line);
  for (const w of report.worstCases ?? [])
    lines.push(`Worst case (R22), 10 at once: ${w.name}: ${w.statuses}`);
  if (memory) {
    const peak =
      memory.peakRssMb === undefined
        ? ''
        : `; peak over the whole run (the kernel's VmHWM, R22's worst cases included): ${formatCount(memory.peakRssMb)} MB ${memory.peakRssMb < 300 ? '✓' : '✗'} < 300 MB`;
    lines.push(
      `Max RSS: ${formatCount(memory.maxRssMb)} MB (${formatCount(memory.samples)} samples)${peak}`,
    );
    // Only the steps that raised the peak: the rest of a run's steps leave it where it was.
    let before = 0;
    const raised: string[] = [];
    for (const step of memory.steps ?? []) {
      if (step.peakRssMb > before) raised.push(`${step.step} ${formatCount(step.peakRssMb)}`);
      before = Math.max(before, step.peakRssMb);
    }
    if (raised.length > 0)
      lines.push(`Peak RSS (MB) after the steps that raised it: ${raised.join(', ')}`);
  }
  // Throughput that includes failures would flatter the server, so failures are always shown.
  for (const scenario of report.scenarios) {
    const parts: string[] = [];
    const { guestlist, baseline } = scenario;
    if (guestlist.errors > 0) {
      parts.push(
        `Guestlist ${formatCount(guestlist.errors)} of ${formatCount(guestlist.requests)} requests`,
      );
    }
    if (baseline && baseline.errors > 0) {
      parts.push(
        `baseline ${formatCount(baseline.errors)} of ${formatCount(baseline.requests)} requests`,
      );
    }
    if (parts.length > 0) lines.push(`Errors in "${scenario.name}": ${parts.join('; ')}`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Text tables

type Align = 'left' | 'right';

/** Both tables: the scenario and the target left, every figure right. */
/** The scenario's name and the target read left; the figures between them right. */
const alignFor = (header: readonly string[]): Align[] => [
  'left',
  ...Array<Align>(header.length - 2).fill('right'),
  'left',
];

/** Width in terminal cells; code points rather than UTF-16 units so "✓" and "—" count as one. */
function textWidth(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

function columnWidths(rows: string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, textWidth(cell));
    });
  }
  return widths;
}

/** Rows in scenario order, with a group's name wherever the group changes. */
function grouped<T>(
  scenarios: ScenarioResult[],
  onGroup: (group: string) => T,
  onScenario: (scenario: ScenarioResult) => T,
): T[] {
  const out: T[] = [];
  let current: string | undefined;
  for (const scenario of scenarios) {
    if (scenario.group !== current) {
      current = scenario.group;
      out.push(onGroup(current));
    }
    out.push(onScenario(scenario));
  }
  return out;
}

export function formatTable(report: BenchReport): string {
  const header = [
    'scenario',
    'Guestlist req/s',
    'p50',
    'p95',
    'p99',
    'CPU µs',
    'baseline req/s',
    'p50',
    'p99',
    'CPU µs',
    'ratio',
    'target',
  ];
  const align = alignFor(header);
  type Line = { group: string } | { cells: string[] };
  const body = grouped<Line>(
    report.scenarios,
    (group) => ({ group }),
    (s) => ({
      cells: [
        `  ${s.name}`,
        formatRate(s.guestlist.rps),
        formatMs(s.guestlist.p50),
        formatMs(s.guestlist.p95),
        formatMs(s.guestlist.p99),
        formatCpu(s.guestlist),
        s.baseline ? formatRate(s.baseline.rps) : DASH,
        s.baseline ? formatMs(s.baseline.p50) : DASH,
        s.baseline ? formatMs(s.baseline.p99) : DASH,
        s.baseline ? formatCpu(s.baseline) : DASH,
        formatRatio(s),
        formatTarget(s),
      ],
    }),
  );
  const widths = columnWidths([
    header,
    ...body.flatMap((line) => ('cells' in line ? [line.cells] : [])),
  ]);
  const render = (cells: string[]): string =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, align[i] ?? 'left'))
      .join('  ')
      .trimEnd();
  const tableWidth = widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1);

  const lines = [
    `Guestlist vs baseline, ${formatDate(report.startedAt)}`,
    `Machine: ${describeMachine(report)}`,
    `Settings: ${describeSettings(report)}`,
    '',
    render(header),
    '─'.repeat(tableWidth),
    ...body.map((line) => ('cells' in line ? render(line.cells) : line.group)),
    '',
    "Latencies in ms; CPU µs = the server process's CPU time per request; ratio = Guestlist req/s ÷ baseline req/s.",
    ...extraLines(report),
  ];
  if (report.notes.length > 0) lines.push('Notes:', ...report.notes.map((note) => `  - ${note}`));
  return `${lines.join('\n')}\n`;
}

/**
 * Keeps a cell inside its column: a `|` would split it, and a `<` before a letter would start an
 * HTML tag. A `<` before a digit is left alone so "p99<25ms" stays readable in the source.
 */
function markdownCell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<');
}

export function markdownTable(report: BenchReport): string {
  const header = [
    'scenario',
    'Guestlist req/s',
    'p50',
    'p99',
    'CPU µs',
    'baseline req/s',
    'p50',
    'p99',
    'CPU µs',
    'ratio',
    'target',
  ];
  const align = alignFor(header);
  const body = grouped<string[]>(
    report.scenarios,
    (group) => [`**${markdownCell(group)}**`, ...header.slice(1).map(() => '')],
    (s) =>
      [
        s.name,
        formatRate(s.guestlist.rps),
        formatMs(s.guestlist.p50),
        formatMs(s.guestlist.p99),
        formatCpu(s.guestlist),
        s.baseline ? formatRate(s.baseline.rps) : DASH,
        s.baseline ? formatMs(s.baseline.p50) : DASH,
        s.baseline ? formatMs(s.baseline.p99) : DASH,
        s.baseline ? formatCpu(s.baseline) : DASH,
        formatRatio(s),
        formatTarget(s),
      ].map(markdownCell),
  );
  // Padded so the README's source reads as a table too; a rule needs at least three characters.
  const widths = columnWidths([header, ...body]).map((width) => Math.max(width, 3));
  const render = (cells: string[]): string =>
    `| ${cells.map((cell, i) => pad(cell, widths[i] ?? 0, align[i] ?? 'left')).join(' | ')} |`;
  const rule = `| ${widths
    .map((width, i) => (align[i] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)))
    .join(' | ')} |`;

  const bullets = [
    `Run: ${formatDate(report.startedAt)}`,
    `Machine: ${describeMachine(report)}`,
    `Settings: ${describeSettings(report)}`,
    "Latencies in ms; CPU µs = the server process's CPU time per request; ratio = Guestlist req/s ÷ baseline req/s.",
    ...extraLines(report),
    ...report.notes.map((note) => note.replace(/\r?\n/g, ' ')),
  ];
  return `${[render(header), rule, ...body.map(render), '', ...bullets.map((b) => `- ${b}`)].join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// SVG chart

const WIDTH = 960;
const MARGIN = 16;
/** Room right of the plots: bar-end values, then ratio; or p50/p99 values, then target. */
const SIDE = 210;
const BAR = 11;
const BAR_GAP = 3;
/** Two bars with padding above and below. */
const ROW = 5 + BAR + BAR_GAP + BAR + 4;
const GROUP_ROW = 24;
/** Rough advance of one character of system-ui at 12px and at 11px, for fitting labels. */
const CHAR_12 = 6.6;
const CHAR_11 = 6.1;

const COLOR = {
  guestlist: '#4f46e5',
  baseline: '#9ca3af',
  text: '#111827',
  muted: '#6b7280',
  grid: '#e5e7eb',
  gridMajor: '#d1d5db',
  stripe: '#f9fafb',
  met: '#15803d',
  missed: '#b91c1c',
} as const;

/** XML 1.0 refuses most control characters even as references, so they are dropped. */
function escapeXml(text: string): string {
  let clean = '';
  for (const char of text.toWellFormed()) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
    if (control || code === 0xfffe || code === 0xffff) continue;
    clean += char;
  }
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

/** Greedy word wrap by character count; good enough for footnotes. */
function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && textWidth(current) + 1 + textWidth(word) > maxChars) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines.map((l) => truncate(l, maxChars));
}

/** Numbers in attributes: two decimals keep the file small without visible rounding. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

interface TextOptions {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  weight?: 'bold';
  italic?: boolean;
  /** Shown on hover, e.g. the full text of a truncated label. */
  title?: string;
}

function text(x: number, y: number, content: string, options: TextOptions = {}): string {
  const attrs = [`x="${n(x)}"`, `y="${n(y)}"`];
  if (options.size !== undefined) attrs.push(`font-size="${options.size}"`);
  if (options.anchor && options.anchor !== 'start') attrs.push(`text-anchor="${options.anchor}"`);
  if (options.fill) attrs.push(`fill="${options.fill}"`);
  if (options.weight) attrs.push(`font-weight="${options.weight}"`);
  if (options.italic) attrs.push('font-style="italic"');
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return `<text ${attrs.join(' ')}>${title}${escapeXml(content)}</text>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string, rx = 0): string {
  const round = rx > 0 ? ` rx="${rx}"` : '';
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, width))}" height="${n(height)}" fill="${fill}"${round}/>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1): string {
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${width}"/>`;
}

function diamond(x: number, y: number, size: number, fill: string): string {
  return `<path d="M${n(x)} ${n(y - size)}L${n(x + size)} ${n(y)}L${n(x)} ${n(y + size)}L${n(x - size)} ${n(y)}Z" fill="${fill}"/>`;
}

function circle(x: number, y: number, r: number, fill: string): string {
  return `<circle cx="${n(x)}" cy="${n(y)}" r="${r}" fill="${fill}"/>`;
}

interface LogScale {
  x(value: number): number;
  /** Powers of ten inside the domain, labelled. */
  major: number[];
  /** 2…9 × each power, gridlines only. */
  minor: number[];
}

/**
 * Values span 5 to 20,000 req/s and 0.3 to 3,000 ms, so only a log axis keeps both ends readable.
 * The low end is the power of ten strictly below the smallest value so every bar has a length;
 * zero or missing values sit on the axis.
 */
function logScale(values: number[], x0: number, x1: number): LogScale {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const min = positive.length > 0 ? Math.min(...positive) : 1;
  const max = positive.length > 0 ? Math.max(...positive) : 10;
  const loExp = Math.ceil(Math.log10(min)) - 1;
  const lo = 10 ** loExp;
  const hi = Math.max(max * 1.05, lo * 10);
  const span = Math.log10(hi) - loExp;
  const x = (value: number): number => {
    if (!Number.isFinite(value) || value <= lo) return x0;
    return x0 + (Math.min(Math.log10(value) - loExp, span) / span) * (x1 - x0);
  };
  const decadeWidth = (x1 - x0) / span;
  // Labels need ~36px; with many decades label every other one.
  const labelEvery = decadeWidth >= 36 ? 1 : Math.ceil(36 / decadeWidth);
  const major: number[] = [];
  const minor: number[] = [];
  for (let exp = loExp; 10 ** exp <= hi; exp++) {
    // toPrecision strips the binary noise of 10 ** -n (e.g. 0.30000000000000004 for 3 × 0.1).
    if ((exp - loExp) % labelEvery === 0) major.push(Number((10 ** exp).toPrecision(1)));
    if (decadeWidth < 60) continue;
    for (let m = 2; m <= 9; m++) {
      const value = Number((m * 10 ** exp).toPrecision(1));
      if (value <= hi) minor.push(value);
    }
  }
  return { x, major, minor };
}

function tickLabel(value: number, unit: 'rps' | 'ms'): string {
  if (unit === 'rps' && value >= 1_000_000) return `${value / 1_000_000}M`;
  if (unit === 'rps' && value >= 1000) return `${value / 1000}k`;
  return value >= 1000 ? integer.format(value) : String(value);
}

interface RowSlot {
  scenario: ScenarioResult;
  /** Top of the row, relative to the top of the rows area. */
  y: number;
  index: number;
}

interface GroupSlot {
  group: string;
  y: number;
}

interface Rows {
  slots: RowSlot[];
  groups: GroupSlot[];
  height: number;
}

function layoutRows(scenarios: ScenarioResult[]): Rows {
  const slots: RowSlot[] = [];
  const groups: GroupSlot[] = [];
  let y = 0;
  let index = 0;
  grouped(
    scenarios,
    (group) => {
      groups.push({ group, y });
      y += GROUP_ROW;
    },
    (scenario) => {
      slots.push({ scenario, y, index: index++ });
      y += ROW;
    },
  );
  return { slots, groups, height: y };
}

interface Frame {
  plotLeft: number;
  plotRight: number;
  labelChars: number;
}

interface PanelSpec {
  top: number;
  title: string;
  scale: LogScale;
  unit: 'rps' | 'ms';
  /** Column headings right of the plot: [left-aligned at the plot's end, right-aligned at the edge]. */
  sideHeadings: [string, string];
  drawRow(slot: RowSlot, rowTop: number): string;
}

const PANEL_HEAD = 44;
const PANEL_FOOT = 22;

function panelHeight(rows: Rows): number {
  return PANEL_HEAD + rows.height + PANEL_FOOT;
}

function drawPanel(spec: PanelSpec, rows: Rows, frame: Frame): string {
  const { top, scale } = spec;
  const rowsTop = top + PANEL_HEAD;
  const rowsBottom = rowsTop + rows.height;
  const out: string[] = [text(MARGIN, top + 14, spec.title, { size: 14, weight: 'bold' })];

  for (const slot of rows.slots) {
    if (slot.index % 2 === 1) {
      out.push(rect(MARGIN, rowsTop + slot.y, WIDTH - 2 * MARGIN, ROW, COLOR.stripe));
    }
  }
  for (const value of scale.minor) {
    const x = scale.x(value);
    out.push(line(x, rowsTop, x, rowsBottom, COLOR.grid));
  }
  for (const value of scale.major) {
    const x = scale.x(value);
    out.push(line(x, rowsTop - 4, x, rowsBottom + 4, COLOR.gridMajor));
    // Labels above and below: a tall panel is read from both ends.
    const label = tickLabel(value, spec.unit);
    out.push(text(x, rowsTop - 8, label, { size: 11, anchor: 'middle', fill: COLOR.muted }));
    out.push(text(x, rowsBottom + 16, label, { size: 11, anchor: 'middle', fill: COLOR.muted }));
  }
  const [nearHeading, farHeading] = spec.sideHeadings;
  out.push(text(frame.plotRight + 10, rowsTop - 8, nearHeading, { size: 11, fill: COLOR.muted }));
  out.push(
    text(WIDTH - MARGIN, rowsTop - 8, farHeading, { size: 11, anchor: 'end', fill: COLOR.muted }),
  );

  for (const group of rows.groups) {
    const y = rowsTop + group.y;
    out.push(line(MARGIN, y + 4, WIDTH - MARGIN, y + 4, COLOR.gridMajor));
    out.push(
      text(MARGIN, y + 18, truncate(group.group.toUpperCase(), frame.labelChars + 20), {
        size: 11,
        weight: 'bold',
        fill: COLOR.muted,
      }),
    );
  }
  for (const slot of rows.slots) {
    const rowTop = rowsTop + slot.y;
    const name = slot.scenario.name;
    const shown = truncate(name, frame.labelChars);
    out.push(
      text(frame.plotLeft - 10, rowTop + ROW / 2 + 4, shown, {
        size: 12,
        anchor: 'end',
        ...(shown !== name ? { title: name } : {}),
      }),
    );
    out.push(spec.drawRow(slot, rowTop));
  }
  return out.join('\n');
}

/** In place of a bar or a range: the scenario has no baseline figure. */
function noBaseline(frame: Frame, y: number): string {
  return text(frame.plotLeft + 4, y + 9, 'no baseline', {
    size: 11,
    italic: true,
    fill: COLOR.muted,
  });
}

function throughputRow(scale: LogScale, frame: Frame) {
  return (slot: RowSlot, rowTop: number): string => {
    const { guestlist, baseline } = slot.scenario;
    const out: string[] = [];
    const bar = (m: Measurement | null, y: number, color: string): void => {
      if (!m) {
        out.push(noBaseline(frame, y));
        return;
      }
      const end = scale.x(m.rps);
      // A hairline even for zero, so a missing bar is not mistaken for a missing measurement.
      out.push(rect(frame.plotLeft, y, Math.max(1, end - frame.plotLeft), BAR, color, 2));
      out.push(text(end + 5, y + 9, formatRate(m.rps), { size: 11 }));
    };
    const y1 = rowTop + 5;
    bar(guestlist, y1, COLOR.guestlist);
    bar(baseline, y1 + BAR + BAR_GAP, COLOR.baseline);
    const ratio = formatRatio(slot.scenario);
    out.push(
      text(WIDTH - MARGIN, rowTop + ROW / 2 + 4, ratio, {
        size: 12,
        anchor: 'end',
        ...(ratio === DASH ? { fill: COLOR.muted } : { weight: 'bold' as const }),
      }),
    );
    return out.join('\n');
  };
}

function latencyRow(scale: LogScale, frame: Frame) {
  const targetChars = Math.floor((SIDE - 10 - 100) / CHAR_11);
  return (slot: RowSlot, rowTop: number): string => {
    const { guestlist, baseline, target } = slot.scenario;
    const out: string[] = [];
    const range = (m: Measurement | null, y: number, color: string): void => {
      const mid = y + BAR / 2;
      if (!m) {
        out.push(noBaseline(frame, y));
        return;
      }
      const x50 = scale.x(m.p50);
      const x99 = scale.x(m.p99);
      out.push(line(x50, mid, x99, mid, color, 3));
      out.push(circle(x50, mid, 4, color));
      out.push(diamond(x99, mid, 5, color));
      out.push(
        text(frame.plotRight + 10, y + 9, `${formatMsShort(m.p50)} / ${formatMsShort(m.p99)}`, {
          size: 11,
        }),
      );
    };
    const y1 = rowTop + 5;
    range(guestlist, y1, COLOR.guestlist);
    range(baseline, y1 + BAR + BAR_GAP, COLOR.baseline);
    if (target) {
      const label = formatTarget(slot.scenario);
      const shown = truncate(label, targetChars);
      out.push(
        text(WIDTH - MARGIN, y1 + 9, shown, {
          size: 11,
          anchor: 'end',
          fill: target.met ? COLOR.met : COLOR.missed,
          ...(shown !== label ? { title: label } : {}),
        }),
      );
    }
    return out.join('\n');
  };
}

function legend(y: number): string {
  const out: string[] = [];
  let x = MARGIN;
  const item = (marker: string, label: string): void => {
    out.push(marker, text(x + 18, y + 4, label, { size: 12 }));
    x += 18 + label.length * CHAR_12 + 22;
  };
  item(rect(x, y - 6, 12, 12, COLOR.guestlist, 2), 'Guestlist');
  item(rect(x, y - 6, 12, 12, COLOR.baseline, 2), 'baseline (bare Fastify + pg)');
  item(circle(x + 6, y, 4, COLOR.text), 'p50');
  item(diamond(x + 6, y, 5, COLOR.text), 'p99');
  return out.join('\n');
}

export function renderChart(report: BenchReport): string {
  const rows = layoutRows(report.scenarios);
  const longestName = Math.max(8, ...report.scenarios.map((s) => textWidth(s.name)));
  // Names get what they need within reason; past 260px the plots would get too narrow.
  const labelWidth = Math.min(260, Math.max(140, longestName * CHAR_12 + 20));
  const frame: Frame = {
    plotLeft: MARGIN + labelWidth,
    plotRight: WIDTH - MARGIN - SIDE,
    labelChars: Math.floor((labelWidth - 14) / CHAR_12),
  };
  const throughputScale = logScale(
    report.scenarios.flatMap((s) => [s.guestlist.rps, s.baseline?.rps ?? Number.NaN]),
    frame.plotLeft,
    frame.plotRight,
  );
  const latencyScale = logScale(
    report.scenarios.flatMap((s) => [
      s.guestlist.p50,
      s.guestlist.p99,
      s.baseline?.p50 ?? Number.NaN,
      s.baseline?.p99 ?? Number.NaN,
    ]),
    frame.plotLeft,
    frame.plotRight,
  );

  const titleChars = Math.floor((WIDTH - 2 * MARGIN) / CHAR_12);
  const header = [
    text(MARGIN, 30, 'Guestlist vs baseline: throughput and latency per scenario', {
      size: 18,
      weight: 'bold',
    }),
    text(
      MARGIN,
      52,
      truncate(`${formatDate(report.startedAt)} · ${describeMachine(report)}`, titleChars),
      { size: 12, fill: COLOR.muted },
    ),
    text(MARGIN, 70, truncate(describeSettings(report), titleChars), {
      size: 12,
      fill: COLOR.muted,
    }),
    legend(94),
  ];

  const throughputTop = 122;
  const latencyTop = throughputTop + panelHeight(rows) + 20;
  const throughput = drawPanel(
    {
      top: throughputTop,
      title: 'Throughput, requests/s (log scale, longer is better)',
      scale: throughputScale,
      unit: 'rps',
      sideHeadings: ['', 'Guestlist ÷ baseline'],
      drawRow: throughputRow(throughputScale, frame),
    },
    rows,
    frame,
  );
  const latency = drawPanel(
    {
      top: latencyTop,
      title: 'Latency, ms (log scale, p50 ● to p99 ◆, shorter is better)',
      scale: latencyScale,
      unit: 'ms',
      sideHeadings: ['p50 / p99 ms', 'target'],
      drawRow: latencyRow(latencyScale, frame),
    },
    rows,
    frame,
  );

  const footTop = latencyTop + panelHeight(rows) + 12;
  const footLines = [...extraLines(report), ...report.notes.map((note) => `Note: ${note}`)].flatMap(
    (l) => wrap(l, Math.floor((WIDTH - 2 * MARGIN) / CHAR_11)),
  );
  const foot = footLines.map((l, i) =>
    text(MARGIN, footTop + 14 + i * 16, l, { size: 11, fill: COLOR.muted }),
  );
  const height = Math.ceil(footTop + 14 + footLines.length * 16 + MARGIN);

  // Colour is inherited from <g>, not set in <style>: a CSS fill would override every fill attribute.
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img">
<title>${escapeXml(`Guestlist vs baseline, ${formatDate(report.startedAt)}`)}</title>
<style>text { font-family: system-ui, sans-serif; }</style>
${rect(0, 0, WIDTH, height, '#ffffff')}
<g fill="${COLOR.text}">
${header.join('\n')}
${throughput}
${latency}
${foot.join('\n')}
</g>
</svg>
`;
}
