/**
 * A formula whose symbols show their live value: hover, focus or click a symbol and the line under
 * the formula says what it is and what it equals now (the same idea as chapter 1's softmax widget).
 * Used by chapters 4 and 6 until a shared helper lands in lib/ (the call shape is kept small so the
 * swap is one import).
 *
 *   const f = symFormula([{ sym: 'T', tex: 'T', name: 'temperature' }, '=', …], (sym) => '0.5');
 *   frame.picture.prepend(f.root);   f.refresh();   // after every state change
 *
 * No module-level state: everything lives in the returned object.
 */
import { h, uniqueId } from '../../lib/dom.js';
import { tex } from '../../lib/tex.js';

export interface SymPiece {
  /** key passed to `value` (and the test attribute data-sym) */
  sym: string;
  tex: string;
  /** spoken and printed name, e.g. "temperature T" */
  name: string;
}

export type Piece = SymPiece | string;

export interface SymFormula {
  root: HTMLElement;
  /** re-reads the value of the shown symbol (call after the state changed) */
  refresh(): void;
  /** shows one symbol's value (what hover does) */
  show(sym: string): void;
}

/** Builds the formula row and its value line; `value(sym)` returns the live value as text. */
export function symFormula(pieces: Piece[], value: (sym: string) => string, o: { label: string; first?: string }): SymFormula {
  const lineId = uniqueId('symval');
  const row = h('div', { class: 'sym-formula', role: 'group', 'aria-label': o.label });
  const buttons = new Map<string, { b: HTMLButtonElement; p: SymPiece }>();
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      row.append(tex(h('span', { class: 'sym-plain', 'aria-hidden': 'true' }), piece));
      continue;
    }
    const b = h('button', { type: 'button', class: 'sym', 'data-sym': piece.sym, 'aria-controls': lineId, 'aria-pressed': 'false', 'aria-label': piece.name });
    tex(b, piece.tex);
    b.querySelector('.katex-mathml')?.remove(); // the aria-label speaks for the button
    buttons.set(piece.sym, { b, p: piece });
    row.append(b);
  }
  const line = h('p', { id: lineId, class: 'sym-value', 'aria-live': 'polite', 'data-symval': '' });
  let active = o.first ?? buttons.keys().next().value ?? '';
  const show = (sym: string) => {
    const hit = buttons.get(sym);
    if (!hit) return;
    active = sym;
    for (const [k, { b }] of buttons) b.setAttribute('aria-pressed', String(k === sym));
    line.textContent = '';
    line.append(h('strong', null, hit.p.name), ' = ', h('span', { class: 'num', 'data-symnum': sym }, value(sym)));
  };
  const pick = (e: Event) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.sym');
    if (b?.dataset.sym) show(b.dataset.sym);
  };
  row.addEventListener('mouseover', pick);
  row.addEventListener('focusin', pick);
  row.addEventListener('click', pick);
  const root = h('div', { class: 'sym-block' }, row, line);
  show(active);
  return { root, refresh: () => show(active), show };
}
