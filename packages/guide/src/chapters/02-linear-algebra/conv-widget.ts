/** 1-D convolution on an ECG: a kernel slides along the signal and each output is one dot product. */
import uPlot from 'uplot';
import { focusableWhenScrolling, h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { convolve, ecgSnippet, KERNELS, windowDot } from './model.js';
import { select, slider } from '../../lib/controls.js';
import './ui.js';

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'conv';
  const state = urlState(id, { kernel: 'spike', t: 60 }, { kernel: { oneOf: Object.keys(KERNELS) }, t: { min: 0, max: 245, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Convolution: the same dot product at every position',
    branch: 'linalg',
    caption: 'Slide the window along one second of lead II; pick a kernel to see what pattern it answers to.',
    sources: [
      { file: 'ops/conv.ts', name: 'conv1d' },
      { file: 'linalg/dot.ts', name: 'dot' },
    ],
  });
  const signal = ecgSnippet();
  const kSel = select('kernel', 'kernel', Object.entries(KERNELS).map(([k, v]) => [k, v.label] as [string, string]), state.get().kernel, (v) => (state.set({ kernel: v }), render()));
  const tS = slider('window start t', 't', { min: 0, max: 245, step: 1, value: state.get().t }, (v) => (state.set({ t: v }), render()));
  frame.controls.append(kSel.row, tS.row);
  const host = h('div', { class: 'chart', role: 'img', 'aria-label': 'the ECG signal, the current window, and the convolution output' });
  const win = h('div', { class: 'la-terms' });
  frame.picture.append(host, win);
  focusableWhenScrolling(win, 'the current window times the kernel');
  const dotOut = h('strong', { class: 'num', 'data-window-dot': '' });
  const convOut = h('strong', { class: 'num', 'data-conv': '' });
  const lenOut = h('span', { class: 'num', 'data-len': '' });
  frame.numbers.append(h('p', null, 'window · kernel = ', dotOut, ' · conv1d output[t] = ', convOut), h('p', null, lenOut));

  const xs = signal.map((_, k) => k);
  let chartData: uPlot.AlignedData = [xs, signal, signal.map(() => null), signal.map(() => null)];
  const plot = themedPlot(
    host,
    (t, width) => ({
      width,
      height: 220,
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: { x: { time: false }, out: { auto: true } },
      axes: [axis(t, { label: 'sample (250 per second)', labelSize: 20, size: 34 }), axis(t, { size: 44, label: 'mV', labelSize: 16 }), axis(t, { scale: 'out', side: 1, size: 44, grid: { show: false } })],
      series: [{}, { label: 'ECG lead II', stroke: t.muted, width: 1.5 }, { label: 'window', stroke: t.linalg, width: 4 }, { label: 'output (right axis)', stroke: t.calculus, width: 1.5, scale: 'out', spanGaps: false }],
    }),
    chartData,
  );

  function render(): void {
    const s = state.get();
    const w = KERNELS[s.kernel]?.w ?? KERNELS.spike!.w;
    const K = w.length;
    const t = Math.min(s.t, signal.length - K);
    const out = convolve(signal, w);
    const wd = windowDot(signal, w, t);
    setLive(dotOut, fmtNum(wd.dot, 4));
    setLive(convOut, fmtNum(out[t]!, 4));
    setLive(lenOut, `output length L − K + 1 = ${signal.length} − ${K} + 1 = ${out.length}`);
    win.textContent = '';
    win.append(
      h(
        'table',
        { 'aria-label': 'window, kernel and products' },
        h('tbody', null,
          h('tr', null, h('th', { scope: 'row' }, `x[${t}…${t + K - 1}]`), ...wd.window.map((v) => h('td', { class: 'num' }, fmtNum(v, 3)))),
          h('tr', null, h('th', { scope: 'row' }, 'kernel w'), ...w.map((v) => h('td', { class: 'num' }, fmtNum(v, 2)))),
          h('tr', null, h('th', { scope: 'row' }, 'product'), ...wd.window.map((v, k) => h('td', { class: 'num' }, fmtNum(v * w[k]!, 3))))),
      ),
    );
    frame.setFormula(`\\begin{aligned} y[\\live{t}{t}] &= \\textstyle\\sum_{k=0}^{${K - 1}} \\live{w}{w_k}\\, \\live{x}{x[t+k]} \\\\ \\live{y}{y[${t}]} &= ${wd.window.map((v, k) => `(${texNum(w[k]!, 2)})(${texNum(v, 3)})`).join(' + ')} \\\\ &= ${texNum(out[t]!, 4)} \\end{aligned}`, {
      t: { value: t, what: 'the window’s start' },
      w: { value: w, name: 'w (kernel)', what: `${K} weights slid along the signal` },
      x: { value: wd.window, name: `x[${t}…${t + K - 1}]`, what: 'the window under the kernel', digits: 3 },
      y: { value: out, name: 'y (the whole output)', what: `length ${out.length}; y[${t}] = ${fmtNum(out[t]!, 4)}`, digits: 3 },
    });
    frame.setCode(`const x = data.ecg.synthetic({ n: 1, leads: 1, samples: 250, fs: 250, seed: 3, noise: false, classes: ['normal'] }).x; // [1, 1, 250]\nconst w = tensor([[${JSON.stringify(w)}]]);   // [out 1, in 1, K ${K}]\nconst y = nn.conv1d(x, w);                  // [1, 1, ${out.length}]\nconsole.log('y[${t}]', y.slice(0, 0, ${t}).item());\nlinalg.dot(x.slice(0, 0, '${t}:${t + K}'), tensor(${JSON.stringify(w)})).item()`);
    const half = Math.floor(K / 2);
    chartData = [xs, signal, signal.map((v, k) => (k >= t && k < t + K ? v : null)), signal.map((_, k) => (k - half >= 0 && k - half < out.length ? out[k - half]! : null))];
    frame.schedule(() => plot.setData(chartData));
  }
  render();
  return { update: render, destroy: () => (plot.destroy(), frame.destroy()) };
}
