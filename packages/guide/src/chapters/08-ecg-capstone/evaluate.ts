/**
 * The result section's numbers for one set of weights, without any DOM: for every held-out ECG
 * its class probabilities and the attention each time step received, the confusion matrix, and
 * the test ECGs' feature vectors projected on their first two principal components. The result
 * widget gets them from eval.worker.ts (so a new epoch never blocks the page); tests call it in Node.
 */
import { io, linalg, manualSeed, noGrad, type Tensor } from 'groundup';
import { capstoneNet, type CapstoneData } from './model.js';

export interface Evaluation {
  /** Weights' epoch (0: random weights). */
  epoch: number;
  /** The head's scores (logits) for test ECG r, row-major [nTest, K]. */
  logits: Float64Array;
  /** P(class | test ECG r), row-major [nTest, K]. */
  probs: Float64Array;
  /** Attention received by each of the T tokens, averaged over heads and asking positions, [nTest, T]. */
  attention: Float64Array;
  /** counts[true][predicted], [K, K]. */
  confusion: number[][];
  /** Correct predictions out of nTest. */
  right: number;
  /** The feature vectors on PC 1 and PC 2, [nTest, 2]. */
  pca: Float64Array;
  tokens: number;
  classes: number;
}

/** The untrained network's weights: always the same (seed 0), so "random weights" is reproducible. */
export function randomWeights(): Uint8Array {
  manualSeed(0);
  return io.saveSafetensors(capstoneNet().stateDict());
}

export function evaluateCapstone(weights: Uint8Array, d: CapstoneData, epoch = 0): Evaluation {
  const net = capstoneNet();
  net.loadStateDict(io.loadSafetensors(weights));
  net.eval();
  const n = d.xTest.shape[0]!;
  const { feats, logits, probs, att } = noGrad(() => {
    const f = net.features(d.xTest); // [n, E]; attention weights of this pass: [n, h, T, T]
    const A = net.lastAttention!;
    const z = net.head.forward(f); // dropout is off in eval mode: these are forward()'s logits
    return { feats: f, logits: z, probs: z.softmax(-1), att: A.mean(1).mean(1) };
  });
  const K = probs.shape[1]!;
  const p = Float64Array.from(probs.data);
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let right = 0;
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (p[r * K + k]! > p[r * K + best]!) best = k;
    const y = d.yTest.data[r]!;
    confusion[y]![best]!++;
    if (y === best) right++;
  }
  const z = linalg.pca(feats.double(), 2).transform(feats.double()) as Tensor;
  return { epoch, logits: Float64Array.from(logits.data), probs: p, attention: Float64Array.from(att.data), confusion, right, pca: Float64Array.from(z.data), tokens: net.tokens, classes: K };
}

/** Messages to and from eval.worker.ts; `weights: null` evaluates the untrained network. */
export type ToEval = { id: number; weights: Uint8Array | null; epoch: number };
export type FromEval = { type: 'ready' } | { type: 'result'; id: number; result: Evaluation } | { type: 'error'; id: number; message: string };
