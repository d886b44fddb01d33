/**
 * Batch-norm statistics: how many training batches the layer has seen, its momentum, and train or
 * eval mode; per-channel mean and variance of a batch before and after nn.BatchNorm1d, and the
 * running statistics that eval mode uses. Numbers from bn-model.ts.
 */
import { select, slider } from '../../lib/controls.js';
import { focusableWhenScrolling, h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { BATCH, bnView, C } from './bn-model.js';

const NAMES = ['amplitude (mV)', 'heart rate (bpm)', 'QRS ratio'];
const cell = (key: string, v: number) => {
  const td = h('td', { class: 'num', 'data-bn': key, 'data-value': String(v) });
  setLive(td, fmtNum(v, 4));
  return td;
};

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'bn';
  const state = urlState(id, { steps: 5, momentum: 0.1, mode: 'train' as string }, { steps: { min: 0, max: 200, int: true }, momentum: { min: 0.01, max: 1 }, mode: { oneOf: ['train', 'eval'] } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Batch norm: batch statistics in training, running statistics in evaluation',
    branch: 'probability',
    caption: 'In training mode every channel comes out with mean 0 and variance 1. Switch to eval with few training steps: the running statistics are not there yet, and neither is the output.',
    sources: [{ file: 'nn/norm.ts', name: 'BatchNorm1d' }],
  });
  const stS = slider('training batches seen', 'steps', { min: 0, max: 200, step: 1, value: state.get().steps }, (v) => {
    state.set({ steps: v });
    render();
  });
  const mS = slider('momentum m', 'momentum', { min: 0.01, max: 1, step: 0.01, value: state.get().momentum, digits: 2 }, (v) => {
    state.set({ momentum: v });
    render();
  });
  const modeS = select('mode', 'mode', [['train', 'train (batch statistics)'], ['eval', 'eval (running statistics)']] as const, state.get().mode as 'train' | 'eval', (v) => {
    state.set({ mode: v });
    render();
  });
  frame.controls.append(stS.row, mS.row, modeS.row);
  const table = h('table', { class: 'w-table' });
  table.setAttribute('aria-label', 'per-channel statistics before and after batch norm');
  const box = h('div', { style: 'overflow-x:auto;max-width:100%' }, table);
  frame.picture.append(box);
  const unfocus = focusableWhenScrolling(box, 'batch-norm statistics table');

  function render(): void {
    const s = state.get();
    const v = bnView(s.steps, s.momentum, s.mode as 'train' | 'eval');
    table.replaceChildren(
      h('tr', null, h('th', null, 'channel'), h('th', null, 'mean before'), h('th', null, 'var before'), h('th', null, 'running mean'), h('th', null, 'running var'), h('th', null, 'mean after'), h('th', null, 'var after')),
      ...Array.from({ length: C }, (_, c) =>
        h('tr', null, h('td', null, NAMES[c]!), cell(`mb${c}`, v.before.mean[c]!), cell(`vb${c}`, v.before.var[c]!), cell(`rm${c}`, v.runningMean[c]!), cell(`rv${c}`, v.runningVar[c]!), cell(`ma${c}`, v.after.mean[c]!), cell(`va${c}`, v.after.var[c]!)),
      ),
    );
    const ev = s.mode === 'eval';
    frame.setFormula(
      `\\begin{aligned}&\\live{xhat}{\\hat x} = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}},\\quad (\\mu, \\sigma^2) = ${ev ? '(\\text{running\\_mean}, \\text{running\\_var})' : '(\\mu_B, \\sigma_B^2)\\ \\text{of this batch of } ' + BATCH} \\\\ &\\live{rm}{\\text{running\\_mean}} \\leftarrow (1 - m)\\,\\text{running\\_mean} + m\\,\\mu_B,\\quad m = ${texNum(s.momentum, 2)},\\ \\text{after } ${s.steps} \\text{ batches: } ${texNum(v.runningMean[1]!, 3)}\\ \\text{(heart rate)}\\end{aligned}`,
      {
        xhat: { value: v.after.mean, name: 'mean of x̂ per channel', what: ev ? 'normalised with the running statistics' : 'normalised with this batch’s statistics', digits: 3 },
        rm: { value: v.runningMean, name: 'running_mean', what: `per channel, after ${s.steps} batches`, digits: 3 },
      },
    );
    frame.setCode(
      [
        `const bn = new nn.BatchNorm1d(3, { momentum: ${s.momentum} });`,
        `const batch = (k) => randn([16, 3], { generator: new Generator(1000 + k) }).mul(tensor([[0.4, 12, 0.05]])).add(tensor([[1.2, 70, -0.3]]));`,
        `for (let k = 0; k < ${s.steps}; k++) bn.forward(batch(k));`,
        ev ? `bn.eval();` : `// still in training mode`,
        `const y = bn.forward(batch(${s.steps}));`,
        `[bn.runningMean.toArray(), y.mean(0).toArray(), y.var(0, { unbiased: false }).toArray()]`,
      ].join('\n'),
    );
  }
  render();
  return {
    update: render,
    destroy() {
      unfocus();
      frame.destroy();
    },
  };
}
