/** A tensor as a small table (0-, 1- and 2-d), with its shape written beside it. */
import type { Tensor } from 'groundup';
import { h } from './dom.js';
import { fmtNum, fmtShape } from './format.js';

export function tensorTable(t: Tensor, digits = 3, label = 'tensor'): HTMLElement {
  const a = t.toArray() as number | number[] | number[][];
  const rows: number[][] = typeof a === 'number' ? [[a]] : Array.isArray(a[0]) ? (a as number[][]) : [a as number[]];
  return h(
    'table',
    { class: 'tensor', 'aria-label': `${label}, shape ${fmtShape(t.shape)}` },
    h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((v) => h('td', null, t.dtype === 'int32' ? String(v) : fmtNum(v, digits)))))),
  );
}
