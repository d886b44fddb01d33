/**
 * The capstone result widget: P(class | a held-out ECG), the confusion matrix, the attention strip
 * and PCA of the features. The numbers for all 60 held-out ECGs come from eval.worker.ts after
 * each new set of weights, so an epoch ending never blocks the page: the main thread only draws.
 */
import uPlot from 'uplot';
import { data } from 'groundup';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import type { LiveSymbols } from '../../lib/live-formula.js';
import { axis, cssRgb, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { numberInput, select } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import type { Evaluation, FromEval, ToEval } from './evaluate.js';
import { CAPSTONE } from './model.js';
import { CLASS_BRANCH, ecgPlotOptions, onTrained, type Trained } from './shared.js';

/** The held-out records in mV (for the plot) and their labels: the same split as model.ts's capstoneData. */
function testRecords() {
  const c = CAPSTONE;
  const d = data.ecg.synthetic({ n: c.n, leads: 12, samples: c.samples, fs: c.fs, classes: c.classes, seed: c.seed });
  const nTest = c.n - c.nTrain;
  return { raw: d.x.narrow(0, c.nTrain, nTest), y: d.y.narrow(0, c.nTrain, nTest).data, nTest, classNames: d.classNames, leadNames: d.leadNames };
}

/**
 * The evaluation worker, asked for the latest weights only: while it works, newer weights wait
 * in one slot (an older wait is dropped), so it never falls behind training.
 */
function evaluator(onResult: (r: Evaluation, of: Trained | null) => void, onError: (message: string) => void) {
  const worker = new Worker(new URL('./eval.worker.ts', import.meta.url), { type: 'module', name: 'ecg-capstone-eval' });
  let busy = false;
  let waiting: ToEval | null = null;
  let next = 1;
  const asked = new Map<number, Trained | null>(); // what each request evaluates
  const send = (m: ToEval) => {
    busy = true;
    worker.postMessage(m);
  };
  worker.onmessage = (e: MessageEvent<FromEval>) => {
    const m = e.data;
    if (m.type === 'ready') return;
    busy = false;
    const of = asked.get(m.id) ?? null;
    asked.delete(m.id);
    if (m.type === 'result') onResult(m.result, of);
    else onError(m.message);
    if (waiting) {
      const w = waiting;
      waiting = null;
      send(w);
    }
  };
  worker.onerror = (e) => onError(`the evaluation worker failed: ${e.message}`);
  return {
    request(t: Trained | null) {
      const m: ToEval = { id: next++, weights: t ? t.weights.slice() : null, epoch: t?.epoch ?? 0 };
      asked.set(m.id, t);
      if (busy) {
        if (waiting) asked.delete(waiting.id);
        waiting = m;
      }
      else send(m);
    },
    destroy: () => worker.terminate(),
  };
}

/** The ECG with the attention strip painted under it; `set` swaps both. */
function signalPlot(host: HTMLElement) {
  let attn: ArrayLike<number> = [];
  const paintStrip = (u: uPlot, t: Theme) => {
    const T = attn.length;
    if (!T) return;
    const { left, top, width, height } = u.bbox;
    const stripH = Math.round(height * 0.12);
    const y = top + height - stripH;
    let max = 0;
    for (let k = 0; k < T; k++) max = Math.max(max, attn[k]!);
    const [r, g, b] = cssRgb(t.probability);
    for (let k = 0; k < T; k++) {
      const a = max > 0 ? attn[k]! / max : 0;
      u.ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${0.08 + 0.92 * a})`;
      u.ctx.fillRect(left + (k / T) * width, y, Math.ceil(width / T), stripH);
    }
  };
  let plot: ThemedPlot | null = null;
  return {
    set(tv: number[], v: number[], attention: ArrayLike<number>) {
      attn = attention;
      if (plot) return plot.setData([tv, v]);
      plot = themedPlot(
        host,
        (t, width) => ({ ...ecgPlotOptions(t, width, { height: 230, stroke: t.linalg, xLabel: 'seconds (strip: attention received)' }), hooks: { draw: [(u: uPlot) => paintStrip(u, t)] } }),
        [tv, v],
      );
    },
    destroy: () => plot?.destroy(),
  };
}

/** One bar per class; built once, then only widths and numbers change. */
function probabilityBars(host: HTMLElement, names: string[]) {
  const rows = names.map((c, k) => {
    const fill = h('span', { class: 'ch8-bar-fill' });
    const num = h('span', { class: 'num' });
    const row = h('div', { class: `ch8-bar b-${CLASS_BRANCH[k]}`, role: 'listitem', 'data-class': c }, h('span', { class: 'ch8-bar-label' }, c), h('span', { class: 'ch8-bar-track' }, fill), num);
    host.append(row);
    return { row, fill, num };
  });
  return (p: number[]) =>
    p.forEach((q, k) => {
      const r = rows[k]!;
      r.row.dataset.prob = String(q);
      r.fill.style.width = `${(100 * q).toFixed(1)}%`;
      r.num.textContent = fmtNum(q, 3);
    });
}

/** The confusion matrix as a table: rows true classes, columns predicted; built once. */
function confusionTable(host: HTMLElement, names: string[]) {
  const cells = names.map((_, r) => names.map((_, k) => h('td', { class: `num${r === k ? ' diag' : ''}`, 'data-cell': `${r},${k}` })));
  host.append(
    h(
      'table',
      { class: 'ch8-confusion', 'aria-label': 'confusion matrix: rows are true classes, columns predicted classes' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'true \\ predicted'), ...names.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, ...cells.map((row, r) => h('tr', null, h('th', { scope: 'row' }, names[r]!), ...row))),
    ),
  );
  return (M: number[][]) =>
    M.forEach((row, r) => {
      const top = Math.max(1, ...row);
      row.forEach((v, k) => {
        const td = cells[r]![k]!;
        td.textContent = String(v);
        td.style.setProperty('--w', (v / top).toFixed(2));
      });
    });
}

/** The test ECGs' features on PC 1 and PC 2, one colour per true class; the plot is built once. */
function pcaPlot(host: HTMLElement, names: string[]) {
  // a margin of 8 % around the points (and at least the point radius), so none is cut at the frame
  const padded = (_u: uPlot, lo: number, hi: number): [number, number] => {
    const m = Math.max((hi - lo || 1) * 0.1, 1e-9);
    return [lo - m, hi + m];
  };
  let plot: ThemedPlot | null = null;
  return {
    set(z: Float64Array, y: ArrayLike<number>) {
      const series: [number[], number[]][] = names.map(() => [[], []]);
      for (let r = 0; r < y.length; r++) {
        series[y[r]!]![0].push(z[2 * r]!);
        series[y[r]!]![1].push(z[2 * r + 1]!);
      }
      const d = [null, ...series] as unknown as uPlot.AlignedData;
      if (plot) return plot.setData(d);
      plot = themedPlot(
        host,
        (t, width) => ({
          mode: 2,
          width,
          height: Math.max(200, Math.min(280, width * 0.8)),
          legend: { show: true, live: false },
          cursor: { show: false },
          scales: { x: { time: false, range: padded }, y: { range: padded } },
          axes: [axis(t, { label: 'PC 1', labelSize: 16 }), axis(t, { size: 44, label: 'PC 2', labelSize: 16 })],
          series: [
            {},
            ...names.map((c, k) => ({
              label: c,
              stroke: t[CLASS_BRANCH[k]!],
              fill: t[CLASS_BRANCH[k]!],
              facets: [
                { scale: 'x', auto: true },
                { scale: 'y', auto: true },
              ],
              paths: uPlot.paths.points!(),
              points: { show: false, size: 7 },
            })),
          ] as uPlot.Series[],
        }),
        d,
      );
    },
    destroy: () => plot?.destroy(),
  };
}

/** The formula tab: softmax, one line per class and the attention average, short lines that fit a phone, with live symbols. */
function resultFormula(names: string[], p: number[], z: number[], attn: number[]): [string, LiveSymbols] {
  const tex =
    `\\begin{aligned}&\\live{P}{P(k \\mid x)} = \\frac{e^{\\live{z}{z_k}}}{\\sum_j e^{z_j}} \\\\` +
    p.map((q, k) => `&P(\\text{${names[k]}} \\mid x) = ${q.toFixed(3)} \\\\`).join('') +
    `&\\live{a}{a_s} = \\tfrac{1}{hT}\\textstyle\\sum_{\\text{head}}\\sum_t \\operatorname{softmax}_s\\!\\big(q_t k_s^\\top/\\sqrt{d}\\big)\\end{aligned}`;
  return [
    tex,
    {
      P: { value: p, name: 'P(k | x)', what: `the probabilities of ${names.join(', ')}` },
      z: { value: z, name: 'z', what: 'the three scores (logits) the head gives this ECG' },
      a: { value: attn, name: 'a', what: `attention received by each of the ${attn.length} time steps (sums to 1)`, digits: 4 },
    },
  ];
}

function resultCode(i: number): string {
  const c = CAPSTONE;
  return [
    `// the network with random weights (load the trained ones with net.loadStateDict(io.loadSafetensors(bytes)))`,
    `const d = data.ecg.synthetic({ n: ${c.n}, leads: 12, samples: ${c.samples}, fs: ${c.fs}, classes: ${JSON.stringify(c.classes)}, seed: ${c.seed} });`,
    `const x = d.x.narrow(0, ${c.nTrain + i}, 1);`,
    `const xs = x.sub(x.mean(2, true)).div(x.std(2, { keepdim: true, unbiased: false }).add(1e-6));`,
    `const net = models.ecgNet({ leads: 12, samples: ${c.samples}, classes: ${c.classes.length}, width: ${c.width}, heads: ${c.heads} }).eval();`,
    `const p = net.predictProba(xs);`,
    `[p.toArray(), net.lastAttention.shape]`,
  ].join('\n');
}

/** The frame's regions: status line, signal, bars + confusion beside PCA, and the numbers list. */
function resultLayout(frame: Frame, names: string[]) {
  const status = h('p', { class: 'ch8-status', 'data-result': 'status', 'data-trained': 'false' }, 'Evaluating the untrained network…');
  const sigHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'the chosen test ECG with a strip below showing how much attention each moment received' });
  const bars = h('div', { class: 'ch8-bars', role: 'list', 'aria-label': 'P(class | this ECG)' });
  const conf = h('div', { class: 'ch8-scroll' });
  const pcaHost = h('div', { class: 'ch8-chart ch8-pca', role: 'img', 'aria-label': 'the test ECGs’ feature vectors projected onto their first two principal components, coloured by true class' });
  const title = (t: string) => h('h3', { class: 'ch8-plot-title' }, t);
  frame.picture.append(status, sigHost, h('div', { class: 'ch8-pair' }, h('div', null, title('P(class | this ECG)'), bars, title('confusion matrix (held-out)'), conf), h('div', null, title('features of the test ECGs, PCA'), pcaHost)));
  const nums = { truth: h('span', { class: 'num', 'data-result': 'truth' }), predicted: h('span', { class: 'num', 'data-result': 'pred' }), acc: h('span', { class: 'num', 'data-result': 'acc' }) };
  frame.numbers.append(h('dl', { class: 'ch8-kv' }, h('dt', null, 'true class'), h('dd', null, nums.truth), h('dt', null, 'predicted'), h('dd', null, nums.predicted), h('dt', null, 'held-out accuracy'), h('dd', null, nums.acc)));
  return { status, nums, signal: signalPlot(sigHost), setBars: probabilityBars(bars, names), setConfusion: confusionTable(conf, names), pca: pcaPlot(pcaHost, names) };
}

export function mountResult(el: HTMLElement): Widget {
  const id = 'ecgresult';
  const d = testRecords();
  const { nTest, leadNames: leads, classNames: names } = d;
  const state = urlState(id, { i: 0, lead: 'II' }, { i: { min: 0, max: nTest - 1, int: true }, lead: { oneOf: leads } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'What the trained network says about a held-out ECG',
    branch: 'probability',
    caption: 'Pick a test ECG. Probabilities, confusion matrix and attention update after every epoch of training above; hover P, z or a in the formula for their values.',
    sources: [
      { file: 'models/ecg.ts', name: 'EcgNet' },
      { file: 'nn/attention.ts', name: 'scaledDotProductAttention' },
      { file: 'linalg/pca.ts', name: 'pca' },
    ],
  });
  const pick = numberInput(`test ECG (0–${nTest - 1})`, 'i', { value: state.get().i, min: 0, max: nTest - 1, integer: true }, (v) => (state.set({ i: v }), render()));
  const leadSel = select('lead', 'lead', leads.map((l) => [l, l] as [string, string]), state.get().lead, (v) => (state.set({ lead: v }), render()));
  frame.controls.append(pick.row, leadSel.row);
  const ui = resultLayout(frame, names);
  let ev: Evaluation | null = null;

  /** The chosen ECG: its plot, bars, class and formula, read from the latest evaluation. */
  function render(): void {
    const s = state.get();
    const i = Math.min(nTest - 1, Math.max(0, Math.round(s.i)));
    if (pick.value() !== i) pick.set(i);
    leadSel.set(s.lead);
    const v = Array.from(d.raw.select(0, i).select(0, Math.max(0, leads.indexOf(s.lead))).data);
    const K = names.length;
    const p = ev ? Array.from(ev.probs.subarray(i * K, (i + 1) * K)) : [];
    const attn = ev ? Array.from(ev.attention.subarray(i * ev.tokens, (i + 1) * ev.tokens)) : [];
    ui.signal.set(v.map((_, k) => k / CAPSTONE.fs), v, attn);
    frame.setCode(resultCode(i));
    ui.nums.truth.dataset.index = String(i);
    setLive(ui.nums.truth, names[d.y[i]!]!);
    if (!ev) return;
    ui.setBars(p);
    const best = p.indexOf(Math.max(...p));
    setLive(ui.nums.predicted, `${names[best]!} (${fmtNum(100 * p[best]!, 1)} %)`);
    const logits = Array.from(ev.logits.subarray(i * K, (i + 1) * K));
    frame.setFormula(...resultFormula(names, p, logits, attn));
  }

  /** A new evaluation (after an epoch or a loaded file): everything over the whole test set, then the chosen ECG. */
  const onEvaluation = (r: Evaluation, trained: Trained | null) => {
    ev = r;
    ui.status.textContent = trained
      ? `Weights from epoch ${trained.epoch} of training (held-out accuracy ${fmtNum((100 * r.right) / nTest, 1)} %).`
      : 'The network is untrained: these are the answers of random weights. Press Train above.';
    ui.status.dataset.trained = String(!!trained);
    ui.status.dataset.epoch = String(trained?.epoch ?? 0);
    setLive(ui.nums.acc, `${fmtNum((100 * r.right) / nTest, 1)} % of ${nTest}`);
    ui.setConfusion(r.confusion);
    ui.pca.set(r.pca, d.y);
    render();
  };
  const worker = evaluator(onEvaluation, (m) => (ui.status.textContent = `evaluation failed: ${m}`));
  render();
  const stopListening = onTrained((t) => worker.request(t));
  return {
    update: render,
    destroy() {
      stopListening();
      worker.destroy();
      ui.signal.destroy();
      ui.pca.destroy();
      frame.destroy();
    },
  };
}
