/**
 * The result section's evaluation, off the main thread: each message carries a set of weights
 * (or null for the untrained network) and is answered with evaluate.ts's numbers for all held-out
 * ECGs. The data is built once, when the worker starts.
 */
import { capstoneData } from './model.js';
import { evaluateCapstone, randomWeights, type FromEval, type ToEval } from './evaluate.js';

const post = (m: FromEval, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
const d = capstoneData();
const untrained = randomWeights();

self.onmessage = (e: MessageEvent<ToEval>) => {
  const { id, weights, epoch } = e.data;
  try {
    const result = evaluateCapstone(weights ?? untrained, d, weights ? epoch : 0);
    post({ type: 'result', id, result }, [result.logits.buffer, result.probs.buffer, result.attention.buffer, result.pca.buffer]);
  } catch (err) {
    post({ type: 'error', id, message: (err as Error).message });
  }
};
post({ type: 'ready' });
