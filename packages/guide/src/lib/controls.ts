/**
 * The guide's widget kit: every control a widget shows comes from here (styles in styles/widget.css).
 *
 *   slider(label, key, { min, max, step, value, digits | fmt }, onInput)   a range input, value printed beside the label
 *   logSlider(label, key, { min, max, value, perDecade, fmt }, onInput)    a range input that moves on a log scale
 *   select(label, key, [[value, text], …], value, onChange)                a drop-down
 *   toggle(label, key, checked, onChange)                                  a checkbox
 *   numberInput(label, key, { value, min, max, integer }, onInput)         typed numbers, validated (see below)
 *   numLine(name, key)                                                     a 'name value' line for the numbers region
 *
 * Every control returns `{ row, input, set }`: append `row` to `frame.controls`, call `set(v)` when the
 * state changes from elsewhere (a preset, a reset). The one test attribute is `data-ctl=<key>` on the
 * input (values in the numbers region carry `data-n=<key>`). Each input is named by its visible label
 * through `<label for>` (never by wrapping: an <output> inside a wrapping label would take the name),
 * and a slider's printed value is its `aria-valuetext`.
 *
 * numberInput never passes a half-typed or out-of-range value on: "1e-", "", "Infinity", 1e400 or a
 * value outside [min, max] keeps the last good value, marks the input aria-invalid and says why in a
 * notice beside it (`data-notice=<key>`); leaving the field puts the last good value back.
 *
 * Ranges given here should be the ones the widget's URL state declares (lib/state.ts), so that a
 * value from a link and a value from the control obey the same bounds.
 */
import { h, uniqueId } from './dom.js';
import { fmtNum } from './format.js';

export interface Control<T> {
  row: HTMLElement;
  input: HTMLInputElement | HTMLSelectElement;
  set(v: T): void;
}

export interface Slider extends Control<number> {
  input: HTMLInputElement;
}

export interface SliderOptions {
  min: number;
  max: number;
  step: number;
  value: number;
  /** decimals of the printed value (default: 0 for a whole-number step, else 2), unless `fmt` is given */
  digits?: number;
  fmt?: (v: number) => string;
}

/** The label line of a slider: the visible name (a <label for>) and the printed value. */
function labelLine(label: string, id: string, key: string): { line: HTMLElement; out: HTMLOutputElement } {
  const out = h('output', { class: 'ctl-val', 'data-out': key, for: id, 'aria-hidden': 'true' });
  return { line: h('span', { class: 'ctl-lab' }, h('label', { for: id }, label), out), out };
}

/** A range input with its label and its value printed beside the label. */
export function slider(label: string, key: string, o: SliderOptions, onInput: (v: number) => void): Slider {
  const id = uniqueId(`ctl-${key}`);
  const { line, out } = labelLine(label, id, key);
  const input = h('input', { type: 'range', id, min: o.min, max: o.max, step: o.step, 'data-ctl': key });
  const show = (v: number) => {
    const text = o.fmt ? o.fmt(v) : fmtNum(v, o.digits ?? (Number.isInteger(o.step) ? 0 : 2));
    out.textContent = text;
    input.setAttribute('aria-valuetext', text);
  };
  const set = (v: number) => {
    input.value = String(v);
    show(Number(input.value));
  };
  set(o.value);
  input.addEventListener('input', () => {
    const v = Number(input.value);
    show(v);
    onInput(v);
  });
  return { row: h('div', { class: 'ctl-slider' }, line, input), input, set };
}

export interface LogSliderOptions {
  /** both > 0 */
  min: number;
  max: number;
  value: number;
  /** positions per factor of ten (default 20) */
  perDecade?: number;
  fmt?: (v: number) => string;
}

/**
 * A slider whose positions are evenly spaced in log10(value): a learning rate from 0.001 to 1 gets
 * as much travel per factor of ten at the bottom as at the top. Values reported are rounded to three
 * significant figures, so the URL and the printed value stay short.
 */
export function logSlider(label: string, key: string, o: LogSliderOptions, onInput: (v: number) => void): Slider {
  if (!(o.min > 0 && o.max > o.min)) throw new RangeError(`logSlider "${key}": needs 0 < min < max, got min ${o.min}, max ${o.max}`);
  const per = o.perDecade ?? 20;
  const lo = Math.log10(o.min);
  const n = Math.max(1, Math.round((Math.log10(o.max) - lo) * per));
  const span = Math.log10(o.max) - lo;
  const toValue = (i: number) => Number((10 ** (lo + (i / n) * span)).toPrecision(3));
  const toPos = (v: number) => Math.round(((Math.log10(Math.min(o.max, Math.max(o.min, v))) - lo) / span) * n);
  const fmt = o.fmt ?? ((v: number) => String(v));
  const id = uniqueId(`ctl-${key}`);
  const { line, out } = labelLine(label, id, key);
  const input = h('input', { type: 'range', id, min: 0, max: n, step: 1, 'data-ctl': key, 'data-log': '' });
  const show = (v: number) => {
    out.textContent = fmt(v);
    input.setAttribute('aria-valuetext', fmt(v));
  };
  const set = (v: number) => {
    input.value = String(toPos(v));
    show(v);
  };
  set(o.value);
  input.addEventListener('input', () => {
    const v = toValue(Number(input.value));
    show(v);
    onInput(v);
  });
  return { row: h('div', { class: 'ctl-slider' }, line, input), input, set };
}

export interface Select<T extends string> extends Control<T> {
  input: HTMLSelectElement;
}

/** A labelled drop-down; `options` are [value, text] pairs. */
export function select<T extends string>(label: string, key: string, options: readonly (readonly [T, string])[], value: T, onChange: (v: T) => void): Select<T> {
  const id = uniqueId(`ctl-${key}`);
  const input = h('select', { id, 'data-ctl': key }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  input.addEventListener('change', () => onChange(input.value as T));
  return {
    row: h('div', { class: 'ctl-select' }, h('label', { class: 'ctl-lab', for: id }, label), input),
    input,
    set: (v) => (input.value = v),
  };
}

export interface Toggle extends Control<boolean> {
  input: HTMLInputElement;
}

/** A labelled checkbox. */
export function toggle(label: string, key: string, checked: boolean, onChange: (v: boolean) => void): Toggle {
  const id = uniqueId(`ctl-${key}`);
  const input = h('input', { type: 'checkbox', id, checked, 'data-ctl': key });
  input.addEventListener('change', () => onChange(input.checked));
  return {
    row: h('div', { class: 'ctl-toggle' }, input, h('label', { for: id }, label)),
    input,
    set: (v) => (input.checked = v),
  };
}

export interface NumberOptions {
  value: number;
  min?: number;
  max?: number;
  /** whole numbers only */
  integer?: boolean;
  /** what ArrowUp/ArrowDown add (default 1) */
  step?: number;
  /** the label is for screen readers only (the input sits in a table or grid that names it) */
  hiddenLabel?: boolean;
  /** extra attributes for the input (data-* for the tests, a width class) */
  attrs?: Record<string, string | number>;
}

export interface NumberInput extends Control<number> {
  input: HTMLInputElement;
  /** the last good value */
  value(): number;
}

/** A decimal written out in full: digits, one optional point, an optional exponent with digits. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Why `text` is not an acceptable value, or the value it stands for. */
export function parseNumber(text: string, o: Pick<NumberOptions, 'min' | 'max' | 'integer'> = {}): { ok: true; value: number } | { ok: false; why: string } {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') return { ok: false, why: 'empty' };
  if (!NUMBER.test(t)) return { ok: false, why: `"${text.trim()}" is not a number yet` };
  const v = Number(t);
  if (!Number.isFinite(v)) return { ok: false, why: `"${text.trim()}" is too large to compute with` };
  if (o.integer && !Number.isInteger(v)) return { ok: false, why: `${t} is not a whole number` };
  if (o.min !== undefined && v < o.min) return { ok: false, why: `${t} is below the smallest allowed, ${o.min}` };
  if (o.max !== undefined && v > o.max) return { ok: false, why: `${t} is above the largest allowed, ${o.max}` };
  return { ok: true, value: v };
}

/**
 * A text field for a number (inputmode decimal: a phone shows the number pad). Only complete,
 * finite, in-range values reach `onInput`; anything else keeps the last good value and shows why.
 */
export function numberInput(label: string, key: string, o: NumberOptions, onInput: (v: number) => void): NumberInput {
  const id = uniqueId(`ctl-${key}`);
  const noticeId = `${id}-notice`;
  const input = h('input', { type: 'text', id, inputmode: o.integer && (o.min ?? 0) >= 0 ? 'numeric' : 'decimal', autocomplete: 'off', spellcheck: 'false', class: 'ctl-num', 'data-ctl': key, 'aria-describedby': noticeId, ...o.attrs });
  const notice = h('span', { class: 'ctl-notice', id: noticeId, 'data-notice': key, role: 'status' });
  let good = o.value;
  const say = (why: string) => {
    notice.textContent = why ? `${why}; still using ${fmtNum(good, 6)}` : '';
    if (why) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  const set = (v: number) => {
    good = v;
    input.value = String(v);
    say('');
  };
  set(o.value);
  const accept = (v: number) => {
    good = v;
    say('');
    onInput(v);
  };
  input.addEventListener('input', () => {
    const r = parseNumber(input.value, o);
    if (r.ok) accept(r.value);
    else say(r.why);
  });
  input.addEventListener('change', () => {
    if (!parseNumber(input.value, o).ok) set(good);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const d = (o.step ?? 1) * (e.key === 'ArrowUp' ? 1 : -1);
    const next = Math.min(o.max ?? Infinity, Math.max(o.min ?? -Infinity, Number((good + d).toPrecision(12))));
    input.value = String(next);
    accept(next);
  });
  const lab = h('label', { for: id, class: o.hiddenLabel ? 'visually-hidden' : null }, label);
  return { row: h('div', { class: 'ctl-number' }, lab, ' ', input, notice), input, set, value: () => good };
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
