// A chart of one endpoint's last hour, minute by minute (delivered and failed attempts, held messages), drawn as
// inline SVG from the series route's answer: axes with labels, a legend, and a text alternative (the SVG's title and
// description for screen readers, and the numbers as a table).

import { el } from './core.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 760;
const HEIGHT = 260;
const MARGIN = { left: 52, right: 16, top: 34, bottom: 44 };
const X_LABEL_EVERY = 10; // minutes
/** The series drawn, in legend order: the answer's field, its label, and the class that colours it. */
const SERIES = [
  { key: 'delivered', label: 'delivered', cls: 'series-delivered' },
  { key: 'failed', label: 'failed', cls: 'series-failed' },
  { key: 'held', label: 'held', cls: 'series-held' },
];

let charts = 0; // for unique title and description ids

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, String(v));
  }
  e.append(...children);
  return e;
}

/** The y axis's step: the smallest whole 1, 2 or 5 times a power of ten that is at least {@code max} / 4. */
function step(max) {
  const raw = Math.max(max, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw));
}

const hhmm = (iso) => iso.slice(11, 16);

/** What the chart shows, in words: totals, and the most held at once. */
export function describe(minutes) {
  const total = (key) => minutes.reduce((sum, m) => sum + (m[key] || 0), 0);
  const peak = minutes.reduce((best, m) => (m.held > best.held ? m : best), { held: 0 });
  const attempts = minutes.some((m) => m.delivered === null)
    ? 'attempts unknown (the history is unavailable)'
    : total('delivered') + ' delivered, ' + total('failed') + ' failed';
  const held = peak.held > 0 ? 'at most ' + peak.held + ' held (at ' + hhmm(peak.at) + ' UTC)' : 'none held';
  return 'Last hour per minute, from ' + hhmm(minutes[0].at) + ' to ' + hhmm(minutes[minutes.length - 1].at)
    + ' UTC: ' + attempts + '; ' + held + '.';
}

/** The chart of {@code minutes} (the series route's {@code minutes}, oldest first), in a figure with its table. */
export function seriesChart(minutes) {
  const id = 'chart-' + ++charts;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const drawn = SERIES.filter((s) => minutes.every((m) => m[s.key] !== null && m[s.key] !== undefined));
  const max = Math.max(1, ...minutes.flatMap((m) => drawn.map((s) => m[s.key])));
  const yStep = step(max);
  const yMax = Math.ceil(max / yStep) * yStep;
  const x = (i) => MARGIN.left + (minutes.length > 1 ? (i * plotW) / (minutes.length - 1) : 0);
  const y = (v) => MARGIN.top + plotH - (v * plotH) / yMax;

  const grid = svg('g', { class: 'chart-grid' });
  for (let v = 0; v <= yMax; v += yStep) {
    grid.append(svg('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: y(v), y2: y(v) }),
      svg('text', { x: MARGIN.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'chart-tick', text: v }));
  }
  minutes.forEach((m, i) => {
    if ((minutes.length - 1 - i) % X_LABEL_EVERY === 0) {
      grid.append(svg('line', { x1: x(i), x2: x(i), y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 5 }),
        svg('text', { x: x(i), y: MARGIN.top + plotH + 18, 'text-anchor': 'middle', class: 'chart-tick', text: hhmm(m.at) }));
    }
  });
  const axes = svg('g', { class: 'chart-axis' },
    svg('line', { x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: MARGIN.top + plotH }),
    svg('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: MARGIN.top + plotH, y2: MARGIN.top + plotH }),
    svg('text', { x: MARGIN.left + plotW / 2, y: HEIGHT - 6, 'text-anchor': 'middle', class: 'chart-label',
      text: 'minute (UTC)' }),
    svg('text', { x: 14, y: MARGIN.top + plotH / 2, 'text-anchor': 'middle', class: 'chart-label',
      transform: 'rotate(-90 14 ' + (MARGIN.top + plotH / 2) + ')', text: 'per minute' }));
  const lines = drawn.map((s) => svg('polyline', { class: 'chart-line ' + s.cls, 'data-series': s.key,
    points: minutes.map((m, i) => x(i).toFixed(1) + ',' + y(m[s.key]).toFixed(1)).join(' ') }));
  const legend = svg('g', { class: 'chart-legend' });
  SERIES.forEach((s, i) => {
    const lx = MARGIN.left + i * 110;
    legend.append(svg('rect', { x: lx, y: 10, width: 14, height: 4, class: 'chart-swatch ' + s.cls }),
      svg('text', { x: lx + 20, y: 16, class: 'chart-legend-text',
        text: drawn.includes(s) ? s.label : s.label + ' (unknown)' }));
  });
  const text = describe(minutes);
  const chart = svg('svg', { viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT, width: WIDTH, height: HEIGHT, role: 'img',
    'aria-labelledby': id + '-title ' + id + '-desc', class: 'chart' },
  svg('title', { id: id + '-title', text: 'Delivered, failed and held per minute, last hour' }),
  svg('desc', { id: id + '-desc', text }), grid, axes, ...lines, legend);

  const rows = minutes.filter((m) => m.delivered || m.failed || m.held).map((m) => el('tr', { 'data-at': m.at },
    el('td', { text: hhmm(m.at) }), el('td', { text: m.delivered ?? '—' }), el('td', { text: m.failed ?? '—' }),
    el('td', { text: m.held })));
  const table = el('table', { class: 'chart-table' },
    el('thead', {}, el('tr', {}, el('th', { text: 'Minute (UTC)' }), el('th', { text: 'Delivered' }),
      el('th', { text: 'Failed' }), el('th', { text: 'Held' }))),
    el('tbody', {}, ...rows));
  return el('figure', { class: 'chart-figure' }, chart,
    el('figcaption', { class: 'muted small chart-summary', text }),
    el('details', {}, el('summary', { text: 'The numbers, minute by minute (minutes with any)' }), table));
}
