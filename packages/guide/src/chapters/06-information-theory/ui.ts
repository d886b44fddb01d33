/** Small builders shared by chapter 6's widgets: labelled sliders and selects, number lines, bar charts. */
import uPlot from 'uplot';
import { h } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import './ch6.css';

export interface Slider {
  row: HTMLElement;
  input: HTMLInputElement;
  set(v: number): void;
}

/** A labelled range input with its value printed beside the label. */
export function slider(label: string, key: string, o: { min: number; max: number; step: number; value: number; digits?: number; fmt?: (v: number) => string }, onInput: (v: number) => void): Slider {
  const out = h('output', { class: 'c6-val', 'data-out': key });
  const input = h('input', { type: 'range', min: o.min, max: o.max, step: o.step, value: o.value, 'aria-label': label, 'data-ctl': key });
  const show = (v: number) => (out.textContent = o.fmt ? o.fmt(v) : fmtNum(v, o.digits ?? 2));
  show(o.value);
  input.addEventListener('input', () => {
    const v = Number(input.value);
    show(v);
    onInput(v);
  });
  const row = h('label', { class: 'c6-slider' }, h('span', { class: 'c6-lab' }, h('span', null, label), out), input);
  return {
    row,
    input,
    set(v) {
      input.value = String(v);
      show(v);
    },
  };
}

/** A labelled select. */
export function select<T extends string>(label: string, key: string, options: [T, string][], value: T, onChange: (v: T) => void): { row: HTMLElement; input: HTMLSelectElement } {
  const input = h('select', { 'data-ctl': key, 'aria-label': label }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  input.addEventListener('change', () => onChange(input.value as T));
  return { row: h('label', { class: 'c6-select' }, h('span', { class: 'c6-lab' }, label), input), input };
}

/** A 'name  value' line for the numbers region; the value carries data-n for the tests. */
export function numLine(name: string, key: string, strong = false): { row: HTMLElement; value: HTMLElement } {
  const value = h('span', { class: 'num', 'data-n': key });
  return { row: h('div', { class: `c6-num${strong ? ' c6-strong' : ''}` }, h('span', { class: 'c6-name' }, name), value), value };
}

export const unitOptions: ['bits' | 'nats', string][] = [
  ['bits', 'bits (log base 2)'],
  ['nats', 'nats (natural log)'],
];

/** uPlot bar series (one of up to three side-by-side groups). */
export function bars(align: -1 | 0 | 1, size = 0.35): uPlot.Series.PathBuilder {
  return uPlot.paths.bars!({ size: [size, 60], align, gap: 1 });
}

/** A bar chart of one or two distributions over named categories (x = 1 … K). */
export function distChart(
  host: HTMLElement,
  labels: () => string[],
  series: { label: string; colour: (t: Theme) => string; fill?: (t: Theme) => string }[],
  data: () => number[][],
  o: { height?: number; yMax?: number } = {},
): ThemedPlot {
  const make = (): uPlot.AlignedData => {
    const d = data();
    return [d[0]!.map((_, i) => i + 1), ...d];
  };
  const two = series.length > 1;
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: o.height ?? 190,
      legend: { show: two, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: (_u) => [0.4, labels().length + 0.6] }, y: { range: [0, o.yMax ?? 1] } },
      axes: [
        axis(t, { values: (_u, v) => v.map((x) => (Number.isInteger(x) ? (labels()[x - 1] ?? '') : '')), grid: { show: false }, splits: () => labels().map((_, i) => i + 1) }),
        axis(t, { size: 48 }),
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.colour(t),
          fill: (s.fill ?? s.colour)(t),
          paths: bars(two ? ((i === 0 ? -1 : 1) as -1 | 1) : 0, two ? 0.36 : 0.6),
          points: { show: false },
        })),
      ],
    }),
    make(),
  );
}
export const dataFor = (x: number[][]): uPlot.AlignedData => [x[0]!.map((_, i) => i + 1), ...x];
