/** Small control helpers for chapter 4's widgets (labelled sliders with a live readout). */
import { h } from '../../lib/dom.js';
import './ch04.css';

export interface SliderOptions {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** how the current value is written next to the label (units included) */
  format: (v: number) => string;
  /** data-control attribute, for tests */
  key: string;
  onInput: (v: number) => void;
}

export interface Slider {
  el: HTMLElement;
  input: HTMLInputElement;
  set(v: number): void;
}

export function slider(o: SliderOptions): Slider {
  const out = h('output', { class: 'ctl-value' });
  const input = h('input', { type: 'range', min: o.min, max: o.max, step: o.step, 'data-control': o.key });
  input.value = String(o.value);
  const el = h('label', { class: 'ctl' }, h('span', { class: 'ctl-row' }, h('span', null, o.label), out), input);
  const show = () => {
    out.textContent = o.format(Number(input.value));
    input.setAttribute('aria-valuetext', `${o.format(Number(input.value))}`);
  };
  input.addEventListener('input', () => {
    show();
    o.onInput(Number(input.value));
  });
  show();
  return {
    el,
    input,
    set(v: number) {
      input.value = String(v);
      show();
    },
  };
}

export function numberInput(label: string, value: number, key: string, attrs: Record<string, number> = {}): { el: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'number', step: 1, 'data-control': key, ...attrs });
  input.value = String(value);
  return { el: h('label', { class: 'ctl ctl-inline' }, `${label} `, input), input };
}

/** A definition list of named numbers: returns the value cells by key (each carries data-num=key). */
export function numberList(host: HTMLElement, rows: [key: string, label: string][]): Record<string, HTMLElement> {
  const cells: Record<string, HTMLElement> = {};
  const dl = h('dl', { class: 'num-list' });
  for (const [key, label] of rows) {
    const dd = h('dd', { class: 'num', 'data-num': key });
    cells[key] = dd;
    dl.append(h('dt', null, label), dd);
  }
  host.append(dl);
  return cells;
}
