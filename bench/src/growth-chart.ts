import { GROWTH_SCENARIOS, type GrowthPoint } from './growth.ts';

const WIDTH = 720;
const HEIGHT = 360;
const LEFT = 64;
const RIGHT = 170;
const TOP = 48;
const BOTTOM = 48;
const COLORS = ['#2563eb', '#16a34a', '#d97706', '#dc2626'];

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const n = (value: number) => value.toFixed(1);

/**
 * The growth chart: each common request's p50 (one request at a time) against the number of
 * invites in the table, sizes on a log scale. Flat lines are the goal.
 */
export function renderGrowthChart(points: readonly GrowthPoint[]): string {
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const sizes = points.map((p) => p.invites);
  const logMin = Math.log10(Math.min(...sizes));
  const logMax = Math.log10(Math.max(...sizes));
  const x = (size: number) =>
    LEFT +
    (logMax === logMin ? plotW / 2 : ((Math.log10(size) - logMin) / (logMax - logMin)) * plotW);
  const highest = Math.max(
    1,
    ...points.flatMap((p) => GROWTH_SCENARIOS.map((name) => p.figures[name]?.p50 ?? 0)),
  );
  const top = Math.ceil(highest * 1.2);
  const y = (ms: number) => TOP + plotH - (ms / top) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${LEFT}" y="24" font-size="14" font-weight="600">Cost per request against table size (p50, one request at a time)</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const ms = (top * i) / 4;
    parts.push(
      `<line x1="${LEFT}" y1="${n(y(ms))}" x2="${LEFT + plotW}" y2="${n(y(ms))}" stroke="#e5e7eb"/>`,
      `<text x="${LEFT - 8}" y="${n(y(ms) + 4)}" text-anchor="end" fill="#4b5563">${ms.toFixed(1)} ms</text>`,
    );
  }
  for (const size of sizes) {
    parts.push(
      `<text x="${n(x(size))}" y="${HEIGHT - BOTTOM + 20}" text-anchor="middle" fill="#4b5563">${size.toLocaleString('en')}</text>`,
    );
  }
  parts.push(
    `<text x="${LEFT + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle" fill="#4b5563">invites in the table</text>`,
  );
  GROWTH_SCENARIOS.forEach((name, i) => {
    const color = COLORS[i % COLORS.length]!;
    const coords = points.map((p) => [x(p.invites), y(p.figures[name]?.p50 ?? 0)] as const);
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${coords.map(([a, b]) => `${n(a)},${n(b)}`).join(' ')}"/>`,
      ...coords.map(([a, b]) => `<circle cx="${n(a)}" cy="${n(b)}" r="3.5" fill="${color}"/>`),
      `<rect x="${WIDTH - RIGHT + 16}" y="${TOP + i * 22}" width="12" height="12" fill="${color}"/>`,
      `<text x="${WIDTH - RIGHT + 34}" y="${TOP + i * 22 + 10}">${esc(name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
