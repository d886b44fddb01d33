/** Small control builders shared by chapter 3's widgets (labelled sliders and selects). */
import { h } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';

export interface Slider {
  row: HTMLElement;
  input: HTMLInputElement;
  set(v: number): void;
}

/** A labelled range input with its value printed beside the label. */
export function slider(label: string, key: string, o: { min: number; max: number; step: number; value: number; digits?: number }, onInput: (v: number) => void): Slider {
  const out = h('output', { class: 'c3-val', 'data-out': key });
  const input = h('input', { type: 'range', min: o.min, max: o.max, step: o.step, value: o.value, 'aria-label': label, 'data-ctl': key });
  const show = (v: number) => (out.textContent = fmtNum(v, o.digits ?? 2));
  show(o.value);
  input.addEventListener('input', () => {
    const v = Number(input.value);
    show(v);
    onInput(v);
  });
  const row = h('label', { class: 'c3-slider' }, h('span', { class: 'c3-lab' }, label, ' ', out), input);
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
  return { row: h('label', { class: 'c3-select' }, h('span', { class: 'c3-lab' }, label), input), input };
}

/** A 'name = value' line for the numbers region; the value carries data-n for the tests. */
export function numLine(name: string, key: string): { row: HTMLElement; value: HTMLElement } {
  const value = h('span', { class: 'num', 'data-n': key });
  return { row: h('div', { class: 'c3-num' }, h('span', { class: 'c3-name' }, name), ' ', value), value };
}
