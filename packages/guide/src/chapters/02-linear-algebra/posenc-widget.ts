/** Sinusoidal positional encoding (nn.PositionalEncoding): each pair of dimensions is a clock of its own speed. */
import uPlot from 'uplot';
import { focusableWhenScrolling, h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { peSimilarity, positionalTable } from './model.js';
import { slider } from '../../lib/controls.js';
import { matrixGrid } from './ui.js';

const MAXLEN = 100;
const DIM = 16;

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'posenc';
  const state = urlState(id, { pos: 10, pair: 1, k: 5 }, { pos: { min: 0, max: MAXLEN - 21, int: true }, pair: { min: 0, max: DIM / 2 - 1, int: true }, k: { min: 0, max: 20, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Positional encoding: a barcode for every position',
    branch: 'linalg',
    caption: 'Move the position; pick which pair of dimensions to plot. The dot product of two codes depends only on how far apart they are.',
    sources: [{ file: 'nn/attention.ts', name: 'PositionalEncoding' }],
  });
  const pe = positionalTable(MAXLEN, DIM);
  const posS = slider('position p', 'pos', { min: 0, max: MAXLEN - 21, step: 1, value: state.get().pos }, (v) => (state.set({ pos: v }), render()));
  const pairS = slider('dimension pair i (0 = fastest)', 'pair', { min: 0, max: DIM / 2 - 1, step: 1, value: state.get().pair }, (v) => (state.set({ pair: v }), render()));
  const kS = slider('offset k', 'k', { min: 0, max: 20, step: 1, value: state.get().k }, (v) => (state.set({ k: v }), render()));
  frame.controls.append(posS.row, pairS.row, kS.row);
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'sine and cosine of the chosen dimension pair against position, with the chosen position marked' });
  const strip = h('div', { class: 'la-terms' });
  frame.picture.append(host, strip);
  focusableWhenScrolling(strip, 'two positional codes, all dimensions');
  const simOut = h('strong', { class: 'num', 'data-sim': '' });
  const sim0 = h('span', { class: 'num', 'data-sim0': '' });
  const vecOut = h('span', { class: 'num', 'data-pe': '' });
  frame.numbers.append(h('p', null, 'PE[p] · PE[p + k] = ', simOut, ' · PE[0] · PE[k] = ', sim0), h('p', { class: 'la-values' }, 'PE[p], first 6 of 16: ', vecOut));

  const xs = pe.map((_, p) => p);
  let marker = 10;
  let chartData: uPlot.AlignedData = [xs, xs, xs];
  const plot = themedPlot(
    host,
    (t, width) => ({
      width,
      height: 200,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: { range: [-1.1, 1.1] } },
      axes: [axis(t, { label: 'position', labelSize: 20, size: 34 }), axis(t, { size: 40 })],
      series: [{}, { label: 'sin (dim 2i)', stroke: t.linalg, width: 2 }, { label: 'cos (dim 2i+1)', stroke: t.probability, width: 2 }],
      hooks: {
        draw: [
          (u: uPlot) => {
            const x = u.valToPos(marker, 'x', true);
            u.ctx.save();
            u.ctx.strokeStyle = t.calculus;
            u.ctx.lineWidth = 2 * devicePixelRatio;
            u.ctx.beginPath();
            u.ctx.moveTo(x, u.bbox.top);
            u.ctx.lineTo(x, u.bbox.top + u.bbox.height);
            u.ctx.stroke();
            u.ctx.restore();
          },
        ],
      },
    }),
    chartData,
  );

  function render(): void {
    const { pos, pair, k } = state.get();
    const s = peSimilarity(pe, pos, k);
    const s0 = peSimilarity(pe, 0, k);
    setLive(simOut, fmtNum(s, 4));
    setLive(sim0, fmtNum(s0, 4));
    setLive(vecOut, pe[pos]!.slice(0, 6).map((v) => fmtNum(v, 3)).join(', ') + ', …');
    strip.textContent = '';
    strip.append(h('p', { class: 'la-strip-label' }, `PE[${pos}] and PE[${pos + k}], all 16 dimensions (shade = size)`), h('div', { class: 'la-scroll' }, matrixGrid([pe[pos]!, pe[pos + k]!], { label: 'two positional codes', name: 'PE', digits: 2, heat: true, compact: true })));
    const w = 1 / Math.pow(10000, (2 * pair) / DIM);
    frame.setFormula(
      `\\live{pe}{PE_{p,\\,2i}} = \\sin\\!\\Big(\\frac{p}{10000^{2i/d}}\\Big),\\quad PE_{p,\\,2i+1} = \\cos\\!\\Big(\\frac{p}{10000^{2i/d}}\\Big); \\quad i = ${pair}: \\ \\sin(${texNum(pos * w, 3)}) = ${texNum(pe[pos]![2 * pair]!, 3)}`,
      { pe: { value: pe[pos]!, name: `PE[${pos}]`, what: `the code of position ${pos}, all ${DIM} dimensions`, digits: 3 } },
    );
    frame.setCode(`const pe = new nn.PositionalEncoding(${MAXLEN}, ${DIM}).pe;   // [${MAXLEN}, ${DIM}]\nconsole.log('PE[${pos}]', pe.slice(${pos}));\nlinalg.dot(pe.slice(${pos}), pe.slice(${pos + k})).item()`);
    marker = pos;
    chartData = [xs, pe.map((r) => r[2 * pair]!), pe.map((r) => r[2 * pair + 1]!)];
    frame.schedule(() => plot.setData(chartData));
  }
  render();
  return { update: render, destroy: () => (plot.destroy(), frame.destroy()) };
}
