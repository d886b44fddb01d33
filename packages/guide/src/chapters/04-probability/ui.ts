/** Chapter 4's list of named numbers (controls come from lib/controls.ts). */
import { h } from '../../lib/dom.js';
import './ch04.css';

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
