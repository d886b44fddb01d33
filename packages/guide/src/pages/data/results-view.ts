/**
 * What training shows: the loss and the train/test metric per epoch as it runs, then the held-out
 * rows: a confusion matrix (classification) or residuals against the prediction (regression), and
 * a table of the first predictions.
 */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import type { Evaluation } from './protocol.js';

export interface Curves {
  el: HTMLElement;
  push(epoch: number, loss: number, train: number, test: number): void;
  reset(kind: 'classification' | 'regression'): void;
  destroy(): void;
}

export function curvesView(): Curves {
  const lossHost = h('div', { class: 'data-chart', role: 'img', 'aria-label': 'training loss against epoch' });
  const metricHost = h('div', { class: 'data-chart', role: 'img', 'aria-label': 'accuracy or RMSE on the training and test rows against epoch' });
  const last = h('p', { class: 'data-last', 'data-last': '' });
  const el = h('div', { class: 'data-curves' }, h('div', { class: 'data-pair' }, lossHost, metricHost), last);
  const ep: number[] = [];
  const ls: number[] = [];
  const tr: number[] = [];
  const te: number[] = [];
  let kind: 'classification' | 'regression' = 'classification';
  let plots: ThemedPlot[] = [];
  const build = () => {
    plots.forEach((p) => p.destroy());
    lossHost.textContent = metricHost.textContent = '';
    const base = (label: string) => ({ legend: { show: label !== 'loss' }, cursor: { show: false }, scales: { x: { time: false } } });
    plots = [
      themedPlot(lossHost, (t, width) => ({ ...base('loss'), width, height: 200, axes: [axis(t, { label: 'epoch', labelSize: 16 }), axis(t, { size: 56, label: 'loss', labelSize: 16 })], series: [{}, { label: 'loss', stroke: t.optimization, width: 2, points: { show: false } }] }), [[], []]),
      themedPlot(
        metricHost,
        (t, width) => ({
          ...base('metric'),
          width,
          height: 200,
          axes: [axis(t, { label: 'epoch', labelSize: 16 }), axis(t, { size: 56, label: kind === 'classification' ? 'accuracy' : 'RMSE', labelSize: 16 })],
          series: [{}, { label: 'train', stroke: t.linalg, width: 2, points: { show: false } }, { label: 'test', stroke: t.probability, width: 2, dash: [6, 3], points: { show: false } }],
        }),
        [[], [], []],
      ),
    ];
  };
  build();
  return {
    el,
    push(epoch, loss, train, test) {
      ep.push(epoch);
      ls.push(loss);
      tr.push(train);
      te.push(test);
      plots[0]!.setData([ep.slice(), ls.slice()]);
      plots[1]!.setData([ep.slice(), tr.slice(), te.slice()]);
      const m = (v: number) => (kind === 'classification' ? `${fmtNum(100 * v, 1)} %` : fmtNum(v, 4));
      setLive(last, `epoch ${epoch}: loss ${fmtNum(loss, 4)}, ${kind === 'classification' ? 'accuracy' : 'RMSE'} ${m(train)} on the training rows, ${m(test)} on the test rows`);
    },
    reset(k) {
      kind = k;
      ep.length = ls.length = tr.length = te.length = 0;
      last.textContent = '';
      build();
    },
    destroy: () => plots.forEach((p) => p.destroy()),
  };
}

function confusionTable(e: Evaluation): HTMLElement {
  const names = e.classNames;
  return h(
    'table',
    { class: 'data-table data-confusion', 'data-confusion': '' },
    h('caption', null, 'confusion matrix of the test rows (rows: true class, columns: predicted)'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'true \\ predicted'), ...names.map((n) => h('th', { scope: 'col' }, n)))),
    h('tbody', null, ...e.confusion!.map((row, i) => h('tr', null, h('th', { scope: 'row' }, names[i]!), ...row.map((v, j) => h('td', { class: `num${i === j ? ' is-diag' : ''}` }, String(v)))))),
  );
}

function residualPlot(host: HTMLElement, e: Evaluation): ThemedPlot {
  const pairs = e.pred.map((p, i) => [p, e.truth[i]! - p] as const).sort((a, b) => a[0] - b[0]);
  return themedPlot(
    host,
    (t, width) => ({
      width,
      height: 240,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [axis(t, { label: 'prediction', labelSize: 16 }), axis(t, { size: 56, label: 'true − predicted', labelSize: 16 })],
      series: [{}, { stroke: t.probability, width: 0, paths: () => null, points: { show: true, size: 5, fill: t.probability } }],
    }),
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

export function resultsView(e: Evaluation, headline: string): { el: HTMLElement; destroy(): void } {
  const show = (v: number) => (e.kind === 'classification' ? e.classNames[v]! : fmtNum(v, 4));
  const n = Math.min(15, e.pred.length);
  const preds = h(
    'table',
    { class: 'data-table', 'data-predictions': '' },
    h('caption', null, `the first ${n} of ${e.pred.length} test rows`),
    h('thead', null, h('tr', null, ...['data row', 'true', 'predicted'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, ...e.pred.slice(0, n).map((p, i) => h('tr', { class: e.kind === 'classification' && p !== e.truth[i] ? 'is-wrong' : '' }, h('td', { class: 'num' }, String(e.rows[i])), h('td', null, show(e.truth[i]!)), h('td', null, show(p))))),
  );
  const score =
    e.kind === 'classification'
      ? `Test accuracy ${fmtNum(100 * e.testAccuracy!, 2)} % on ${e.pred.length} held-out rows.`
      : `Test RMSE ${fmtNum(e.testRmse!, 4)}, R² ${fmtNum(e.testR2!, 4)} on ${e.pred.length} held-out rows.`;
  const plotHost = h('div', { class: 'data-chart', role: 'img', 'aria-label': 'residuals of the test rows against the prediction' });
  const el = h(
    'div',
    { class: 'data-results', 'data-results': '' },
    h('p', { class: 'data-score', 'data-score': String(e.kind === 'classification' ? e.testAccuracy : e.testRmse) }, `${headline} ${score}`),
    h('div', { class: 'data-pair' }, e.kind === 'classification' ? h('div', { class: 'data-scroll' }, confusionTable(e)) : plotHost, h('div', { class: 'data-scroll' }, preds)),
  );
  const plot = e.kind === 'regression' && e.pred.length ? residualPlot(plotHost, e) : null;
  return { el, destroy: () => plot?.destroy() };
}
