/**
 * Labelled controls shared by the chapters' widgets (styles in styles/widget.css):
 * a range slider with its value printed beside the label, a select, and a 'name value' line for
 * the numbers region. Inputs carry `data-ctl=<key>` and values `data-n=<key>` for the tests.
 */
import { h } from './dom.js';
import { fmtNum } from './format.js';

export interface Slider {
  row: HTMLElement;
  input: HTMLInputElement;
  set(v: number): void;
}

export interface SliderOptions {
  min: number;
  max: number;
  step: number;
  value: number;
  /** decimals of the printed value (default 2), unless `fmt` is given */
  digits?: number;
  fmt?: (v: number) => string;
}

/** A labelled range input with its value printed beside the label. */
export function slider(label: string, key: string, o: SliderOptions, onInput: (v: number) => void): Slider {
  const out = h('output', { class: 'ctl-val', 'data-out': key });
  const input = h('input', { type: 'range', min: o.min, max: o.max, step: o.step, value: o.value, 'aria-label': label, 'data-ctl': key });
  const show = (v: number) => (out.textContent = o.fmt ? o.fmt(v) : fmtNum(v, o.digits ?? 2));
  show(o.value);
  input.addEventListener('input', () => {
    const v = Number(input.value);
    show(v);
    onInput(v);
  });
  const row = h('label', { class: 'ctl-slider' }, h('span', { class: 'ctl-lab' }, h('span', null, label), out), input);
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
  return { row: h('label', { class: 'ctl-select' }, h('span', { class: 'ctl-lab' }, label), input), input };
}

/**
 * A 'name = value' line for the numbers region; the value carries data-n for the tests.
 * `spread`: name left, value right-aligned (a column of figures); `strong`: the value in bold.
 */
export function numLine(name: string, key: string, o: { spread?: boolean; strong?: boolean } = {}): { row: HTMLElement; value: HTMLElement } {
  const value = h('span', { class: 'num', 'data-n': key });
  const cls = `num-line${o.spread ? ' spread' : ''}${o.strong ? ' strong' : ''}`;
  return { row: h('div', { class: cls }, h('span', { class: 'num-name' }, name), ' ', value), value };
}
