/** The parsed table at a glance: one row per column with its type, range, missing cells and distinct values, and the first rows. */
import type { data } from 'groundup';
import { h } from '../../lib/dom.js';

const fmt = (v: number) => String(Number(v.toPrecision(6)));
const range = (c: data.ColumnSummary) =>
  c.type === 'number' && c.min !== undefined ? `${fmt(c.min)} … ${fmt(c.max!)}` : c.type === 'text' ? c.values.slice(0, 4).join(', ') + (c.distinct > 4 ? ', …' : '') : '—';

export function summaryView(name: string, s: data.CSVSummary): HTMLElement {
  const delim = s.delimiter === '\t' ? 'tab' : `"${s.delimiter}"`;
  const cols = h(
    'table',
    { class: 'data-table', 'data-summary': '' },
    h('caption', null, `${name}: ${s.rows.toLocaleString('en')} rows, ${s.columns.length} columns, fields separated by ${delim}`),
    h('thead', null, h('tr', null, ...['column', 'type', 'range / values', 'missing', 'distinct'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      null,
      ...s.columns.map((c) =>
        h(
          'tr',
          { 'data-col': c.name },
          h('th', { scope: 'row' }, c.name),
          h('td', { 'data-type': c.type }, c.type === 'number' && c.integer ? 'whole numbers' : c.type),
          h('td', null, range(c)),
          h('td', { class: c.missing ? 'num is-warn' : 'num' }, String(c.missing)),
          h('td', { class: 'num' }, c.distinct > 1000 ? '> 1000' : String(c.distinct)),
        ),
      ),
    ),
  );
  const preview = h(
    'table',
    { class: 'data-table data-preview' },
    h('caption', null, `the first ${s.preview.length} rows`),
    h('thead', null, h('tr', null, ...s.columns.map((c) => h('th', { scope: 'col' }, c.name)))),
    h('tbody', null, ...s.preview.map((r) => h('tr', null, ...r.map((v) => h('td', null, v))))),
  );
  return h('div', { class: 'data-summary' }, h('div', { class: 'data-scroll' }, cols), h('details', null, h('summary', null, 'first rows'), h('div', { class: 'data-scroll' }, preview)));
}
