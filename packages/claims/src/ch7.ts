/**
 * Chapter 7 of the spec, the map: one claim (at least) per row of its table, `mapRow`, shown in the
 * guide beside the section that explains the row. Rows already checked in an earlier chapter
 * (softmax, cross-entropy, backpropagation, SGD, Adam, weight decay, schedules, PCA, initialization)
 * carry their `mapRow` there.
 */
import { data, loss, manualSeed, nn, randn, zeros } from 'groundup';
import type { Claim } from './claim.js';
import { pj } from './ref.js';
import { arr, f64 } from './util.js';

function attentionData(): [number[][], number[][], number[][]] {
  return [
    [[1, 0], [0, 1], [1, 1]],
    [[1, 2], [0, 1], [-1, 0]],
    [[1, 0, 2], [0, 1, 0], [3, 1, -1]],
  ];
}

/** Rows of a [1, T, E] sequence reordered by `perm` (row t of the result is row perm[t]). */
const permuteRows = (x: number[][], perm: readonly number[]) => perm.map((i) => x[i]!);

/** A batch-norm input: 64 rows, three channels of very different scale and offset, from our generator. */
function bnInput(): number[][] {
  const z = pj.normals(64 * 3, 6);
  return Array.from({ length: 64 }, (_, i) => [0, 1, 2].map((c) => [10, -3, 0][c]! + [5, 0.1, 2][c]! * z[i * 3 + c]!));
}

export const chapter7: Claim[] = [
  {
    id: 'dense-layer',
    chapter: 7,
    section: 'ch2/matmul',
    mapRow: 'Neuron / Dense Layer',
    statement: 'a dense layer computes x·Wᵀ + b: one dot product plus bias per neuron',
    compute() {
      manualSeed(4);
      const layer = new nn.Linear(3, 2).to('float64');
      return arr(layer.forward(f64([[1, -2, 0.5]])));
    },
    expected() {
      manualSeed(4);
      const layer = new nn.Linear(3, 2).to('float64');
      const W = pj.rows(layer.weight.data, 2, 3);
      const b = arr(layer.bias!);
      return W.map((w, o) => pj.dot(w, [1, -2, 0.5]) + b[o]!);
    },
    tolerance: 1e-12,
    source: 'plain-JS dot product of the input with each row of the same weights, plus bias',
  },
  {
    id: 'activations',
    chapter: 7,
    section: 'ch3/activations',
    mapRow: 'Activation (ReLU, sigmoid)',
    statement: 'ReLU keeps positives and zeroes negatives; sigmoid maps 0 to ½ and 2 to 1/(1 + e⁻²)',
    compute: () => [...arr(f64([-2, 0, 3]).relu()), ...arr(f64([0, 2]).sigmoid())],
    expected: [0, 0, 3, 0.5, pj.sigmoid(2)],
    tolerance: 1e-12,
    source: 'by hand: max(0, x); 1/(1 + e^(−x))',
  },
  {
    id: 'convolution',
    chapter: 7,
    section: 'ch2/convolution',
    mapRow: 'Convolution',
    statement: 'a 1-D convolution is a sliding dot product of the filter with each window of the signal',
    compute: () => arr(nn.conv1d(f64([[[1, 2, 3, 4, 5]]]), f64([[[1, 0, -1]]]), null)),
    expected: () => {
      const s = [1, 2, 3, 4, 5];
      return [0, 1, 2].map((t) => pj.dot(s.slice(t, t + 3), [1, 0, -1]));
    },
    tolerance: 1e-12,
    source: 'plain JS: windows [1,2,3], [2,3,4], [3,4,5] · [1,0,−1] = −2 each',
  },
  {
    id: 'convolution-finds-pattern-anywhere',
    chapter: 7,
    section: 'ch2/convolution',
    statement: 'a convolution finds a pattern wherever it sits: the filter [1,2,1] answers 6 to the bump [1,2,1] at position 3 and at 11, and shifting the signal shifts the response by as much',
    compute() {
      const s = new Array<number>(20).fill(0);
      s.splice(3, 3, 1, 2, 1);
      s.splice(11, 3, 1, 2, 1);
      const conv = (x: number[]) => arr(nn.conv1d(f64([[x]]), f64([[[1, 2, 1]]]), null));
      const y = conv(s);
      const shifted = conv([0, 0, 0, 0, ...s.slice(0, 16)]);
      return [y[3]!, y[11]!, Math.max(...y), pj.maxAbsDiff(shifted.slice(4), y.slice(0, y.length - 4))];
    },
    expected: [6, 6, 6, 0],
    tolerance: 1e-12,
    source: 'by hand: 1·1 + 2·2 + 1·1 = 6, the largest any window of this signal can give; the windows of the shifted signal are the old windows, 4 places later',
  },
  {
    id: 'self-attention',
    chapter: 7,
    section: 'ch2/attention',
    mapRow: 'Self-Attention',
    statement: 'self-attention is softmax(Q·Kᵀ/√d)·V, each row of weights a distribution over positions',
    compute() {
      const [Q, K, V] = attentionData();
      return arr(nn.scaledDotProductAttention(f64(Q), f64(K), f64(V)).output);
    },
    expected() {
      const [Q, K, V] = attentionData();
      const scores = pj.matmul(Q, pj.transpose(K)).map((r) => pj.softmax(r.map((v) => v / Math.sqrt(2))));
      return pj.matmul(scores, V).flat();
    },
    tolerance: 1e-12,
    source: 'plain JS: softmax of the scaled scores times V',
  },
  {
    id: 'attention-ignores-order',
    chapter: 7,
    section: 'ch2/positional-encoding',
    statement:
      'self-attention without positional encoding ignores order: reordering the input tokens reorders the outputs the same way; adding positional encoding first breaks that, because a reordered input is the same as moving the codes',
    compute() {
      manualSeed(7);
      const mha = new nn.MultiheadAttention(8, 2).to('float64');
      const pe = new nn.PositionalEncoding(5, 8).to('float64');
      const x = pj.rows(randn([5, 8], { dtype: 'float64' }).data, 5, 8);
      const perm = [3, 0, 4, 1, 2];
      const run = (rows: number[][]) => pj.rows(mha.forward(f64([rows])).data, 5, 8);
      const withPe = (rows: number[][]) => pj.rows(mha.forward(pe.forward(f64([rows]))).data, 5, 8);
      const codes = pj.rows(pe.forward(zeros([5, 8], { dtype: 'float64' })).data, 5, 8);
      // inverse permutation: the code each original row carries once reordered
      const inv = perm.map((_, i) => perm.indexOf(i));
      const movedCodes = x.map((row, i) => row.map((v, j) => v + codes[inv[i]!]![j]!));
      return [
        pj.maxAbsDiff(run(permuteRows(x, perm)).flat(), permuteRows(run(x), perm).flat()),
        pj.maxAbsDiff(withPe(permuteRows(x, perm)).flat(), permuteRows(run(movedCodes), perm).flat()),
        pj.maxAbsDiff(withPe(permuteRows(x, perm)).flat(), permuteRows(withPe(x), perm).flat()),
      ];
    },
    expected: [0, 0, 0.01],
    compare: ['close', 'close', 'atLeast'],
    tolerance: 1e-12,
    source:
      'by hand: every step of attention (per-row projections, softmax over all keys, weighted sum) treats the rows as a set, so f(Px) = P·f(x); with codes, f(Px + PE) = P·f(x + PᵀPE), the same tokens at other positions, and the codes of different positions differ by O(1), far above 0.01',
  },
  {
    id: 'positional-encoding',
    chapter: 7,
    section: 'ch2/positional-encoding',
    mapRow: 'Positional Encoding',
    statement: 'positional encoding writes sin(pos/10000^(2i/d)) and cos(…) into alternate dimensions',
    compute() {
      const pe = new nn.PositionalEncoding(16, 8).forward(zeros([16, 8]));
      return [pe.data[10 * 8 + 0]!, pe.data[10 * 8 + 1]!, pe.data[7 * 8 + 4]!, pe.data[7 * 8 + 5]!];
    },
    expected: [Math.sin(10), Math.cos(10), Math.sin(7 / 10000 ** (4 / 8)), Math.cos(7 / 100)],
    tolerance: 1e-6,
    source: 'by hand: d = 8: pos 10, i = 0 → sin 10, cos 10; pos 7, i = 2 → angle 7/10000^½ = 0.07',
  },
  {
    id: 'batch-norm',
    chapter: 7,
    section: 'ch4/batch-norm',
    mapRow: 'Batch Normalization',
    statement: 'in training, batch norm gives every channel mean 0 over the batch and variance σ²/(σ² + ε): just under 1, by an amount that depends on the channel\'s own σ²',
    simplification:
      'the spec says batch norm normalises to zero mean and unit variance; the ε added under the square root leaves the variance at σ²/(σ² + ε), visibly below 1 for a channel of small spread, and the learned scale γ and shift β then move it wherever training wants',
    compute() {
      const bn = new nn.BatchNorm1d(3).to('float64');
      const y = pj.rows(bn.forward(f64(bnInput())).data, 64, 3);
      const cols = [0, 1, 2].map((c) => y.map((r) => r[c]!));
      return [...cols.map(pj.mean), ...cols.map(pj.variance)];
    },
    expected() {
      const x = bnInput();
      const v = [0, 1, 2].map((c) => pj.variance(x.map((r) => r[c]!)));
      return [0, 0, 0, ...v.map((s) => s / (s + 1e-5))];
    },
    tolerance: 1e-12,
    source: 'plain JS: (x − μ)/√(σ² + ε) has mean 0 and variance σ²/(σ² + ε), with σ² each input channel\'s biased variance and ε = 10⁻⁵ (channel 2 has σ ≈ 0.1, so 1 − 10⁻³)',
  },
  {
    id: 'mse',
    chapter: 7,
    section: 'ch4/mse',
    mapRow: 'MSE',
    statement: 'MSE averages squared errors, so one error of 2 among three predictions costs 4/3',
    compute: () => loss.mse(f64([1, 2, 3]), f64([1, 2, 5])).item(),
    expected: 4 / 3,
    tolerance: 1e-12,
    source: 'by hand: (0² + 0² + 2²)/3',
  },
  {
    id: 'dice',
    chapter: 7,
    section: 'ch2/dice',
    mapRow: 'Dice Loss',
    statement: 'soft Dice loss is one minus twice the overlap over the total mass of both masks',
    compute: () => loss.dice(f64([0.9, 0.8, 0.1, 0]), f64([1, 1, 0, 0]), { eps: 1 }).item(),
    expected: 1 - 4.4 / 4.8,
    tolerance: 1e-12,
    source: 'by hand: overlap 0.9 + 0.8 = 1.7, masses 1.8 + 2: 1 − (2·1.7 + 1)/(3.8 + 1)',
  },
  {
    id: 'kl-loss',
    chapter: 7,
    section: 'ch6/kl-divergence',
    mapRow: 'KL Divergence',
    statement: 'the KL loss measures how far the predicted distribution softmax(z) is from the target',
    compute: () => loss.klDiv(f64([[1, 2, 0.5]]), f64([[0.2, 0.5, 0.3]])).item(),
    expected: () => pj.kl([0.2, 0.5, 0.3], pj.softmax([1, 2, 0.5])),
    tolerance: 1e-12,
    source: 'plain JS: Σ p log(p / softmax(z))',
  },
  {
    id: 'contrastive',
    chapter: 7,
    section: 'ch6/contrastive',
    mapRow: 'Contrastive Loss',
    statement: 'InfoNCE with three orthogonal, perfectly matched pairs at τ = 1 costs log(1 + 2/e)',
    compute: () => {
      const z = f64([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
      return loss.infoNCE(z, z, { temperature: 1 }).item();
    },
    expected: Math.log(1 + 2 / Math.E),
    tolerance: 1e-12,
    source: 'by hand: cosine similarity 1 with the positive, 0 with two negatives: −log(e/(e + 2))',
  },
  {
    id: 'augmentation',
    chapter: 7,
    section: 'ch2/augmentation',
    mapRow: 'Data Augmentation',
    statement: 'augmentation by noise adds deviations of the chosen σ; a 90° rotation moves the top-right pixel to the top-left',
    compute() {
      const noisy = data.augment.noise(zeros([20000]), 0.5, { seed: 7 });
      const d = Array.from(noisy.data);
      const std = Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length);
      const img = f64([[[0, 0, 1], [0, 0, 0], [0, 0, 0]]]);
      return [std, ...arr(data.augment.affine2d(img, { rotate: 90 }))];
    },
    expected: [0.5, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    tolerance: [0.01, 1e-12, 1e-12, 1e-12, 1e-12, 1e-12, 1e-12, 1e-12, 1e-12, 1e-12],
    source: 'σ = 0.5 (20,000 draws: sampling error ≈ 0.0025); by hand, rotating a 3×3 grid a quarter turn counter-clockwise about its centre',
  },
];
