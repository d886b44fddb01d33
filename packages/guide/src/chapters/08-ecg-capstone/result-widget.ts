/** The capstone result widget: P(class | a held-out ECG), the confusion matrix, the attention strip and PCA of the features. */
import uPlot from 'uplot';
import { data, io, linalg, noGrad, type Tensor } from 'groundup';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, cssRgb, themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { numberInput, select } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { CAPSTONE, capstoneData, capstoneNet } from './model.js';
import { CLASS_BRANCH, ecgPlotOptions, onTrained, type Trained } from './shared.js';


export function mountResult(el: HTMLElement): Widget {
  const id = 'ecgresult';
  const d = capstoneData();
  const nTest = d.xTest.shape[0]!;
  const leads = d.leadNames;
  const state = urlState(id, { i: 0, lead: 'II' }, { i: { min: 0, max: nTest - 1, int: true }, lead: { oneOf: leads } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'What the trained network says about a held-out ECG',
    branch: 'probability',
    caption: 'Pick a test ECG. Probabilities, confusion matrix and attention update after every epoch of training above.',
    sources: [
      { file: 'models/ecg.ts', name: 'EcgNet' },
      { file: 'nn/attention.ts', name: 'scaledDotProductAttention' },
      { file: 'linalg/pca.ts', name: 'pca' },
    ],
  });
  const pick = numberInput(`test ECG (0–${nTest - 1})`, 'i', { value: state.get().i, min: 0, max: nTest - 1, integer: true }, (v) => (state.set({ i: v }), render()));
  const leadSel = select('lead', 'lead', leads.map((l) => [l, l] as [string, string]), state.get().lead, (v) => (state.set({ lead: v }), render()));
  frame.controls.append(pick.row, leadSel.row);
  const status = h('p', { class: 'ch8-status', 'data-result': 'status' });
  const sigHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'the chosen test ECG with a strip below showing how much attention each moment received' });
  const bars = h('div', { class: 'ch8-bars', role: 'list', 'aria-label': 'P(class | this ECG)' });
  const conf = h('div', { class: 'ch8-scroll' });
  const pcaHost = h('div', { class: 'ch8-chart ch8-pca', role: 'img', 'aria-label': 'the test ECGs’ feature vectors projected onto their first two principal components, coloured by true class' });
  frame.picture.append(status, sigHost, h('div', { class: 'ch8-pair' }, h('div', null, h('h3', { class: 'ch8-plot-title' }, 'P(class | this ECG)'), bars, h('h3', { class: 'ch8-plot-title' }, 'confusion matrix (held-out)'), conf), h('div', null, h('h3', { class: 'ch8-plot-title' }, 'features of the test ECGs, PCA'), pcaHost)));
  const truth = h('span', { class: 'num', 'data-result': 'truth' });
  const predicted = h('span', { class: 'num', 'data-result': 'pred' });
  const acc = h('span', { class: 'num', 'data-result': 'acc' });
  frame.numbers.append(h('dl', { class: 'ch8-kv' }, h('dt', null, 'true class'), h('dd', null, truth), h('dt', null, 'predicted'), h('dd', null, predicted), h('dt', null, 'held-out accuracy'), h('dd', null, acc)));

  const net = capstoneNet().eval();
  let trained: Trained | null = null;
  let attn: number[] = [];
  let sigPlot: ThemedPlot | null = null;
  let pcaPlot: ThemedPlot | null = null;
  const T = net.tokens;

  const paintStrip = (u: uPlot, t: Theme) => {
    if (!attn.length) return;
    const { left, top, width, height } = u.bbox;
    const stripH = Math.round(height * 0.12);
    const y = top + height - stripH;
    const max = Math.max(...attn);
    const [r, g, b] = cssRgb(t.probability);
    const ctx = u.ctx;
    for (let k = 0; k < T; k++) {
      const a = max > 0 ? attn[k]! / max : 0;
      ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${0.08 + 0.92 * a})`;
      ctx.fillRect(left + (k / T) * width, y, Math.ceil(width / T), stripH);
    }
  };
  const buildSig = (tv: number[], v: number[]) => {
    sigPlot?.destroy();
    sigHost.textContent = '';
    sigPlot = themedPlot(
      sigHost,
      (t, width) => ({
        ...ecgPlotOptions(t, width, { height: 230, stroke: t.linalg, xLabel: 'seconds (strip: attention received)' }),
        hooks: { draw: [(u: uPlot) => paintStrip(u, t)] },
      }),
      [tv, v],
    );
  };

  const render = () => {
    const s = state.get();
    const i = Math.min(nTest - 1, Math.max(0, Math.round(s.i)));
    if (pick.value() !== i) pick.set(i);
    leadSel.set(s.lead);
    const li = Math.max(0, leads.indexOf(s.lead));
    const raw = d.raw.select(0, CAPSTONE.nTrain + i).select(0, li);
    const v = Array.from(raw.data);
    const tv = v.map((_, k) => k / CAPSTONE.fs);

    const x1 = d.xTest.narrow(0, i, 1);
    const probs = noGrad(() => net.predictProba(x1));
    const A = net.lastAttention!; // [1, h, T, T]
    const received = noGrad(() => A.mean(1).mean(1)); // [1, T]: per key, averaged over heads and queries
    attn = Array.from(received.data);
    const p = Array.from(probs.data);
    const y = d.yTest.data[i]!;
    const best = p.indexOf(Math.max(...p));
    status.textContent = trained
      ? `Weights from epoch ${trained.epoch} of training (held-out accuracy ${fmtNum(100 * trained.testAccuracy, 1)} %).`
      : 'The network is untrained: these are the answers of random weights. Press Train above.';
    status.dataset.trained = String(!!trained);
    status.dataset.epoch = String(trained?.epoch ?? 0);
    bars.textContent = '';
    p.forEach((q, k) => {
      bars.append(
        h(
          'div',
          { class: `ch8-bar b-${CLASS_BRANCH[k]}`, role: 'listitem', 'data-class': d.classNames[k]!, 'data-prob': String(q) },
          h('span', { class: 'ch8-bar-label' }, d.classNames[k]!),
          h('span', { class: 'ch8-bar-track' }, h('span', { class: 'ch8-bar-fill', style: `width: ${(100 * q).toFixed(1)}%` })),
          h('span', { class: 'num' }, fmtNum(q, 3)),
        ),
      );
    });
    truth.dataset.index = String(i);
    setLive(truth, d.classNames[y]!);
    setLive(predicted, `${d.classNames[best]!} (${fmtNum(100 * p[best]!, 1)} %)`);
    if (!sigPlot) buildSig(tv, v);
    else {
      sigPlot.setData([tv, v]);
    }
    frame.setFormula(
      // two lines, so the formula fits the frame instead of running off its right edge
      `\\begin{aligned}&P(k \\mid x) = \\frac{e^{z_k}}{\\sum_j e^{z_j}}:\\quad ` +
        p.map((q, k) => `P(\\text{${d.classNames[k]}}) = ${q.toFixed(3)}`).join(',\\ ') +
        ` \\\\ &a_s = \\tfrac{1}{hT}\\textstyle\\sum_{\\text{head}}\\sum_t \\operatorname{softmax}_s\\!\\big(q_t k_s^\\top/\\sqrt{d}\\big)\\end{aligned}`,
    );
    frame.setCode(
      [
        `// the network with random weights (load the trained ones with net.loadStateDict(io.loadSafetensors(bytes)))`,
        `const d = data.ecg.synthetic({ n: ${CAPSTONE.n}, leads: 12, samples: ${CAPSTONE.samples}, fs: ${CAPSTONE.fs}, classes: ${JSON.stringify(CAPSTONE.classes)}, seed: ${CAPSTONE.seed} });`,
        `const x = d.x.narrow(0, ${CAPSTONE.nTrain + i}, 1);`,
        `const xs = x.sub(x.mean(2, true)).div(x.std(2, { keepdim: true, unbiased: false }).add(1e-6));`,
        `const net = models.ecgNet({ leads: 12, samples: ${CAPSTONE.samples}, classes: 3, width: ${CAPSTONE.width}, heads: ${CAPSTONE.heads} }).eval();`,
        `const p = net.predictProba(xs);`,
        `[p.toArray(), net.lastAttention.shape]`,
      ].join('\n'),
    );
  };

  /** Confusion matrix and PCA of the features over the whole test set (after each new set of weights). */
  const evaluateAll = () => {
    const { logits, feats } = noGrad(() => {
      const f = net.features(d.xTest);
      return { feats: f, logits: net.head.forward(f) };
    });
    const pred = logits.argmax(-1).data;
    const K = d.classNames.length;
    const M = Array.from({ length: K }, () => new Array<number>(K).fill(0));
    let right = 0;
    for (let r = 0; r < nTest; r++) {
      const y = d.yTest.data[r]!;
      M[y]![pred[r]!]!++;
      if (y === pred[r]) right++;
    }
    setLive(acc, `${fmtNum((100 * right) / nTest, 1)} % of ${nTest}`);
    conf.textContent = '';
    conf.append(
      h(
        'table',
        { class: 'ch8-confusion', 'aria-label': 'confusion matrix: rows are true classes, columns predicted classes' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'true \\ predicted'), ...d.classNames.map((c) => h('th', { scope: 'col' }, c)))),
        h(
          'tbody',
          null,
          ...M.map((row, r) =>
            h('tr', null, h('th', { scope: 'row' }, d.classNames[r]!), ...row.map((v, k) => h('td', { class: `num${r === k ? ' diag' : ''}`, 'data-cell': `${r},${k}`, style: `--w: ${(v / Math.max(1, ...row)).toFixed(2)}` }, String(v)))),
          ),
        ),
      ),
    );
    // PCA of the 16-number feature vectors: two axes of largest variance
    const z = linalg.pca(feats.double(), 2).transform(feats.double()) as Tensor; // [nTest, 2]
    const series: [number[], number[]][] = d.classNames.map(() => [[], []]);
    for (let r = 0; r < nTest; r++) {
      const y = d.yTest.data[r]!;
      series[y]![0].push(z.data[2 * r]!);
      series[y]![1].push(z.data[2 * r + 1]!);
    }
    const padded = (_u: uPlot, lo: number, hi: number): [number, number] => {
      const m = (hi - lo || 1) * 0.08;
      return [lo - m, hi + m];
    };
    pcaPlot?.destroy();
    pcaHost.textContent = '';
    pcaPlot = themedPlot(
      pcaHost,
      (t, width) => ({
        mode: 2,
        width,
        height: Math.min(260, width),
        legend: { show: true, live: false },
        cursor: { show: false },
        // a margin of 8 % around the points, so none is cut in half at the frame
        scales: { x: { time: false, range: padded }, y: { range: padded } },
        axes: [axis(t, { label: 'PC 1', labelSize: 16 }), axis(t, { size: 44, label: 'PC 2', labelSize: 16 })],
        series: [
          {},
          ...d.classNames.map((c, k) => ({
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
      [null, ...series] as unknown as uPlot.AlignedData,
    );
  };

  const onWeights = (t: Trained | null) => {
    trained = t;
    if (t) net.loadStateDict(io.loadSafetensors(t.weights));
    net.eval();
    evaluateAll();
    render();
  };
  const stopListening = onTrained(onWeights);
  return {
    update: render,
    destroy() {
      stopListening();
      sigPlot?.destroy();
      pcaPlot?.destroy();
      frame.destroy();
    },
  };
}
