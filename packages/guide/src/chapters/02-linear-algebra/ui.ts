/** Small diagrams shared by this chapter's widgets (matrix grids, shape chips); controls come from lib/controls.ts. */
import { h } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import './ch02.css';

export interface GridOptions {
  label: string;
  digits?: number;
  row?: number | null;
  col?: number | null;
  cell?: [number, number] | null;
  /** cells already swept (row, col) for the running-sum animation */
  done?: (i: number, j: number) => boolean;
  name?: string;
  heat?: boolean;
  /** smaller cells, for wide rows */
  compact?: boolean;
  /** cells can be picked: focusable, Enter or Space acts as a click */
  pickable?: boolean;
  /** headers for the rows and the columns (e.g. q₀ … q₃, k₀ … k₃) */
  rowLabels?: string[];
  colLabels?: string[];
}

/** A matrix as a grid of cells, with an optional highlighted row, column or cell. */
export function matrixGrid(rows: number[][], o: GridOptions): HTMLElement {
  const d = o.digits ?? 0;
  const max = o.heat ? Math.max(1e-9, ...rows.flat().map(Math.abs)) : 1;
  const head = o.colLabels ? h('thead', null, h('tr', null, o.rowLabels ? h('td', { class: 'la-corner' }) : null, ...o.colLabels.map((c) => h('th', { scope: 'col', class: 'la-head' }, c)))) : null;
  return h(
    'table',
    { class: `la-grid${o.compact ? ' compact' : ''}`, 'aria-label': `${o.label}, ${rows.length} × ${rows[0]?.length ?? 0}`, 'data-grid': o.name ?? '' },
    head,
    h(
      'tbody',
      null,
      ...rows.map((r, i) =>
        h(
          'tr',
          null,
          o.rowLabels ? h('th', { scope: 'row', class: 'la-head' }, o.rowLabels[i] ?? '') : null,
          ...r.map((v, j) => {
            const cls = [o.row === i ? 'hl-row' : '', o.col === j ? 'hl-col' : '', o.cell && o.cell[0] === i && o.cell[1] === j ? 'hl-cell' : '', o.done?.(i, j) ? 'done' : ''].filter(Boolean).join(' ');
            const pct = o.heat ? Math.round((Math.min(Math.abs(v), max) / max) * 100) : 0;
            const style = o.heat ? `--heat: ${pct}%` : undefined;
            return h('td', { class: `${cls}${o.heat ? ' heat' : ''}${pct > 55 ? ' strong' : ''}${o.pickable ? ' pick' : ''}`, 'data-i': i, 'data-j': j, style, tabindex: o.pickable ? 0 : null, 'aria-label': o.pickable ? `${o.label}: row ${i}, column ${j}, value ${v}` : null }, d === 0 && Number.isInteger(v) ? fmtNum(v, 0) : fmtNum(v, d || 2));
          }),
        ),
      ),
    ),
  );
}

/** Enter or Space on a pickable cell clicks it; after the grid is rebuilt, `refocus` puts focus back on the same cell. */
export function pickKeys(root: HTMLElement): { refocus: () => void } {
  let last: { grid: string; i: string; j: string } | null = null;
  root.addEventListener('keydown', (e) => {
    const td = (e.target as HTMLElement).closest<HTMLElement>('td.pick');
    if (!td || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    last = { grid: td.closest('table')?.dataset.grid ?? '', i: td.dataset.i!, j: td.dataset.j! };
    td.click();
  });
  return {
    refocus() {
      if (!last) return;
      root.querySelector<HTMLElement>(`table[data-grid="${last.grid}"] td[data-i="${last.i}"][data-j="${last.j}"]`)?.focus();
      last = null;
    },
  };
}

/** A row of "shape chips": [32 ECGs] [12 leads] [1000 samples]. */
export function shapeChips(shape: number[], names: string[]): HTMLElement {
  if (shape.length === 0) return h('div', { class: 'la-chips' }, h('span', { class: 'chip scalar' }, 'one number (0-d)'));
  return h('div', { class: 'la-chips' }, ...shape.map((n, k) => h('span', { class: 'chip' }, h('strong', { class: 'num' }, String(n)), ' ', names[k] ?? `axis ${k}`)));
}
