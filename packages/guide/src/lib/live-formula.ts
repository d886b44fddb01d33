/**
 * Formulas whose symbols show their live value: hover, focus (Tab) or tap a marked symbol and the
 * line under the formula says what it is and what it holds now — a number, a vector or a small
 * matrix. Mark a symbol in the TeX with `\live{key}{body}`; give each key a value.
 *
 *   const f = liveTex(host, 'y = \\live{W}{W}\\,\\live{x}{x} + \\live{b}{b}', {
 *     W: { value: [[1, 2], [3, 4]], what: 'the weights [out, in]' },
 *     x: { value: [0.5, -1], name: 'x (the input)' },
 *     b: 0.1,                                   // a bare value: the key is its name
 *   });
 *   f.update({ W: { value: W2 } });             // new values: no KaTeX re-render
 *   f.setTex(newTex, newValues);                // re-renders only when the TeX changed
 *   f.destroy();
 *
 * In a widget frame: `frame.setFormula(tex, values)` does the same inside the formula tab.
 *
 * Accessibility: each marked symbol is a focusable `role="button"` whose name is its name and
 * value ("W, shape [2, 2]: 1, 2; 3, 4"), led by the glyphs it shows when the name lacks them
 * ("(XW)10 — X @ W, …", so that the visible label is in the name); the rest of KaTeX's visual layer is hidden from screen
 * readers, which read KaTeX's MathML for the formula itself, as everywhere in the guide.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import './live-formula.css';
import { h, uniqueId } from './dom.js';
import { fmtNum, fmtShape } from './format.js';

/** A symbol's value: a number, nested arrays, anything tensor-like ({ shape, data }), or text. */
export type LiveValue = number | string | readonly number[] | readonly (readonly number[])[] | { readonly shape: readonly number[]; readonly data: ArrayLike<number> };

export interface LiveSymbol {
  /** The value, or a function read each time the symbol is shown (always current). */
  value: LiveValue | (() => LiveValue);
  /** How the symbol is named (default: its key). */
  name?: string;
  /** One short phrase saying what it is. */
  what?: string;
  /** Decimals (default 3). */
  digits?: number;
}

export type LiveSymbols = Record<string, LiveSymbol | LiveValue>;

export interface LiveFormula {
  readonly root: HTMLElement;
  /** New values for some or all keys (merged); the shown symbol's line follows. Cheap: no KaTeX. */
  update(symbols: LiveSymbols): void;
  /** New TeX (rendered only when it differs) and optionally new values. */
  setTex(source: string, symbols?: LiveSymbols): void;
  /** Shows one symbol's value, as hovering it does (null hides the line). */
  show(key: string | null): void;
  destroy(): void;
}

/** At most this many entries are written out; the rest is summarised ("… 988 more"). */
const MAX_ENTRIES = 24;

function isSymbol(s: LiveSymbol | LiveValue): s is LiveSymbol {
  return typeof s === 'object' && s !== null && !Array.isArray(s) && 'value' in s;
}

/** Shape and row-major numbers of a value (a string has shape null). */
export function flatten(v: LiveValue): { shape: number[]; data: number[] } | null {
  if (typeof v === 'string') return null;
  if (typeof v === 'number') return { shape: [], data: [v] };
  if (Array.isArray(v)) {
    if (v.length > 0 && Array.isArray(v[0])) {
      const rows = v as readonly (readonly number[])[];
      const cols = rows[0]!.length;
      if (rows.some((r) => r.length !== cols)) throw new Error(`liveTex: a matrix value needs rows of equal length, got lengths ${rows.map((r) => r.length).join(', ')}`);
      return { shape: [rows.length, cols], data: rows.flat() };
    }
    return { shape: [v.length], data: [...(v as readonly number[])] };
  }
  const t = v as { shape: readonly number[]; data: ArrayLike<number> };
  return { shape: [...t.shape], data: Array.from(t.data) };
}

/** The value as text: "0.500", "[1, 2, 3]", "[[1, 2], [3, 4]]", long ones cut with "… n more". */
export function formatValue(v: LiveValue, digits = 3): string {
  const f = flatten(v);
  if (!f) return v as string;
  const num = (x: number) => (Number.isInteger(x) && Math.abs(x) < 1e6 ? fmtNum(x, 0) : fmtNum(x, digits));
  if (f.shape.length === 0) return num(f.data[0]!);
  const shown = f.data.slice(0, MAX_ENTRIES).map(num);
  const more = f.data.length > MAX_ENTRIES ? ` … ${f.data.length - MAX_ENTRIES} more` : '';
  if (f.shape.length === 1) return `[${shown.join(', ')}${more}]`;
  const cols = f.shape[f.shape.length - 1]!;
  const rows: string[] = [];
  for (let i = 0; i < shown.length; i += cols) rows.push(`[${shown.slice(i, i + cols).join(', ')}]`);
  return `[${rows.join(', ')}${more}]`;
}

/** The value as a small table (matrix or vector) or a line of text. */
function valueView(v: LiveValue, digits: number): HTMLElement {
  const f = flatten(v);
  if (!f || f.shape.length === 0 || f.data.length > MAX_ENTRIES || f.shape.length > 2) return h('span', { class: 'lf-text', 'data-lf-value': '' }, formatValue(v, digits));
  const cols = f.shape.length === 2 ? f.shape[1]! : f.shape[0]!;
  const rows: number[][] = [];
  for (let i = 0; i < f.data.length; i += cols) rows.push(f.data.slice(i, i + cols));
  const cell = (x: number) => (Number.isInteger(x) && Math.abs(x) < 1e6 ? fmtNum(x, 0) : fmtNum(x, digits));
  return h('table', { class: 'tensor lf-table', 'data-lf-value': '' }, h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((x) => h('td', null, cell(x)))))));
}

/** What a screen reader hears for a symbol: "W, shape [2, 2]: 1, 2; 3, 4". */
function spoken(name: string, v: LiveValue, digits: number): string {
  const f = flatten(v);
  if (!f) return `${name}: ${v as string}`;
  if (f.shape.length === 0) return `${name} = ${formatValue(v, digits)}`;
  return `${name}, shape ${fmtShape(f.shape)}: ${formatValue(v, digits).replace(/\]\s*,\s*\[/g, '; ').replace(/[[\]]/g, '')}`;
}

/**
 * A control's name must contain the text it shows (WCAG 2.5.3, "label in name"), so that a voice
 * user can say what they see: unless the name begins with the symbol's glyphs ("W, shape …" for
 * W), the glyphs go in front ("(XW)10 — X @ W, shape …", "nL — n_L, …").
 */
function withVisibleText(e: HTMLElement, name: string): string {
  const visible = (e.textContent ?? '').replace(/[\u200b-\u200d\ufeff]/g, '').replace(/\s+/g, ' ').trim();
  // the name already begins with the glyphs as one word ("W, shape …" for W): nothing to add
  const starts = name.startsWith(visible) && !/[\p{L}\p{N}]/u.test(name.charAt(visible.length));
  return !visible || starts ? name : `${visible} — ${name}`;
}

const renderOptions = {
  displayMode: true,
  throwOnError: false,
  output: 'htmlAndMathml' as const,
  trust: (c: { command: string }) => c.command === '\\htmlData',
  strict: (code: string) => (code === 'htmlExtension' ? 'ignore' : 'warn'),
};

/** `\live{key}{…}` → KaTeX's `\htmlData{live=key}{…}`. Keys: letters, digits, '_' and '-'. */
export function expandLive(source: string): string {
  return source.replace(/\\live\{([^}]*)\}/g, (_m, key: string) => {
    if (!/^[\w-]+$/.test(key)) throw new Error(`liveTex: the key "${key}" in \\live{${key}} may hold only letters, digits, '_' and '-'`);
    return `\\htmlData{live=${key}}`;
  });
}

/** Hides KaTeX's visual layer from screen readers except the marked symbols (MathML speaks for the rest). */
function exposeSymbols(html: Element): void {
  html.removeAttribute('aria-hidden');
  const walk = (el: Element) => {
    for (const c of Array.from(el.children)) {
      if (c.hasAttribute('data-live')) continue;
      if (c.querySelector('[data-live]')) walk(c);
      else c.setAttribute('aria-hidden', 'true');
    }
  };
  walk(html);
}

/**
 * Renders `source` into `el` (display mode) with the `\live{key}{…}` symbols focusable and showing
 * their value on hover, focus or tap. A key marked in the TeX with no value is an error that
 * names it; values for keys the TeX does not mark are kept (one set of values may serve several
 * formulas).
 */
export function liveTex(el: HTMLElement, source: string, symbols: LiveSymbols): LiveFormula {
  const tipId = uniqueId('lf-tip');
  const math = h('div', { class: 'lf-math' });
  const tip = h('div', { class: 'lf-tip', id: tipId, role: 'tooltip', 'data-lf-tip': '' });
  const root = h('div', { class: 'live-formula' }, math, tip);
  el.append(root);
  let values: Record<string, LiveSymbol> = {};
  let shownTex: string | null = null;
  let current: string | null = null;
  let pinned: string | null = null;

  const symbolOf = (k: string): LiveSymbol => {
    const s = values[k];
    if (!s) throw new Error(`liveTex: the formula marks \\live{${k}} but no value was given for "${k}"`);
    return s;
  };
  const read = (s: LiveSymbol): LiveValue => (typeof s.value === 'function' ? s.value() : s.value);
  const label = (e: HTMLElement) => {
    const s = symbolOf(e.dataset.live!);
    return withVisibleText(e, spoken(s.name ?? e.dataset.live!, read(s), s.digits ?? 3));
  };
  const elements = () => Array.from(math.querySelectorAll<HTMLElement>('[data-live]'));
  const relabel = () => {
    for (const e of elements()) e.setAttribute('aria-label', label(e));
    if (current) show(current);
  };
  function show(k: string | null): void {
    current = k;
    for (const e of elements()) e.classList.toggle('lf-on', e.dataset.live === k);
    tip.textContent = '';
    if (k === null) return;
    const s = symbolOf(k);
    const v = read(s);
    const f = flatten(v);
    tip.append(h('strong', { class: 'lf-name' }, s.name ?? k));
    if (f && f.shape.length > 0) tip.append(h('span', { class: 'shape' }, ` ${fmtShape(f.shape)}`));
    if (s.what) tip.append(h('span', { class: 'lf-what' }, ` — ${s.what}`));
    tip.append(' ', valueView(v, s.digits ?? 3));
  }
  const merge = (syms: LiveSymbols) => {
    for (const [k, s] of Object.entries(syms)) values[k] = isSymbol(s) ? { ...values[k], ...s } : { ...values[k], value: s };
  };
  const render = (src: string) => {
    katex.render(expandLive(src), math, renderOptions);
    shownTex = src;
    const html = math.querySelector('.katex-html');
    if (html) exposeSymbols(html);
    for (const e of elements()) {
      symbolOf(e.dataset.live!); // every marked key has a value
      e.tabIndex = 0;
      e.setAttribute('role', 'button');
      e.setAttribute('aria-describedby', tipId);
      e.classList.add('lf-sym');
    }
    if (current && !elements().some((e) => e.dataset.live === current)) current = null;
  };
  const target = (e: Event) => (e.target as HTMLElement).closest<HTMLElement>('[data-live]');
  const onOver = (e: Event) => {
    const t = target(e);
    if (t) show(t.dataset.live!);
  };
  /** What the line shows when no pointer is over a symbol: the pinned one, else the focused one. */
  const resting = () => {
    const f = document.activeElement as HTMLElement | null;
    return pinned ?? (f && math.contains(f) ? (f.closest<HTMLElement>('[data-live]')?.dataset.live ?? null) : null);
  };
  const onOut = (e: MouseEvent) => {
    if (target(e) && !(e.relatedTarget as HTMLElement | null)?.closest?.('[data-live]')) show(resting());
  };
  const onClick = (e: Event) => {
    const t = target(e);
    if (!t) return;
    pinned = pinned === t.dataset.live ? null : t.dataset.live!;
    show(pinned ?? t.dataset.live!);
  };
  const onKey = (e: KeyboardEvent) => {
    const t = target(e);
    if (!t) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onClick(e);
    } else if (e.key === 'Escape') {
      pinned = null;
      show(null);
    }
  };
  const onBlur = (e: FocusEvent) => {
    if (!(e.relatedTarget as HTMLElement | null)?.closest?.('[data-live]')) show(pinned);
  };
  math.addEventListener('mouseover', onOver);
  math.addEventListener('mouseout', onOut);
  math.addEventListener('focusin', onOver);
  math.addEventListener('focusout', onBlur);
  math.addEventListener('click', onClick);
  math.addEventListener('keydown', onKey);

  const api: LiveFormula = {
    root,
    update(syms) {
      merge(syms);
      relabel();
    },
    setTex(src, syms) {
      if (syms) merge(syms);
      if (src !== shownTex) render(src);
      relabel();
    },
    show,
    destroy() {
      root.remove();
      values = {};
    },
  };
  api.setTex(source, symbols);
  return api;
}
