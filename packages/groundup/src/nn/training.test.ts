/**
 * Three real training runs, each from a fixed seed to a stated accuracy: the layers, the losses
 * and the optimizers working together. The data sets are built here, in a few lines each.
 */
import { describe, it, expect } from 'vitest';
import { Generator, manualSeed, noGrad, tensor, Tensor } from '../index.js';
import * as nn from './index.js';
import * as loss from '../loss/index.js';
import * as optim from '../optim/index.js';

function accuracy(logits: Tensor, y: Tensor): number {
  const pred = logits.argmax(-1).data;
  let hits = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === y.data[i]) hits++;
  return hits / pred.length;
}

/** Rows `idx` of x (any shape [N, …]) and y. */
function batchOf(x: Tensor, y: Tensor, idx: ArrayLike<number>): [Tensor, Tensor] {
  const ids = Array.from(idx);
  return [x.indexSelect(0, ids), y.indexSelect(0, ids)];
}

describe('training runs', () => {
  /**
   * Spirals: K arms of n points, arm k at angles 4k … 4(k+1) (radians) plus noise, radius 0 … 1.
   * Not linearly separable; an MLP with two hidden layers must bend its boundary around the arms.
   */
  it('an MLP (2 → 64 → 64 → 3, ReLU, Adam) fits 3-arm spirals to ≥ 95% train accuracy', () => {
    const g = new Generator(7);
    const K = 3;
    const n = 100;
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let k = 0; k < K; k++)
      for (let i = 0; i < n; i++) {
        const r = i / (n - 1);
        const t = 4 * k + (4 * i) / (n - 1) + 0.2 * g.normal();
        xs.push([r * Math.sin(t), r * Math.cos(t)]);
        ys.push(k);
      }
    const x = tensor(xs);
    const y = tensor(ys, { dtype: 'int32' });

    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(2, 64), new nn.ReLU(), new nn.Linear(64, 64), new nn.ReLU(), new nn.Linear(64, K));
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    let first = 0;
    let last = 0;
    for (let step = 0; step < 400; step++) {
      opt.zeroGrad();
      const l = loss.crossEntropy(model.forward(x), y);
      l.backward();
      opt.step();
      if (step === 0) first = l.item();
      last = l.item();
    }
    const acc = noGrad(() => accuracy(model.eval().forward(x), y));
    expect(last).toBeLessThan(first / 5);
    expect(acc).toBeGreaterThanOrEqual(0.95);
  });

  /**
   * Waveforms: classify sine, square and sawtooth waves of random frequency (2–4 cycles per 64
   * samples), random phase, random amplitude and Gaussian noise. A held-out set checks that the
   * net learned the shapes, not the examples.
   */
  it('a small Conv1d net tells sine, square and sawtooth apart at ≥ 90% on a held-out set', () => {
    const g = new Generator(11);
    const L = 64;
    const make = (count: number): [Tensor, Tensor] => {
      const data = new Float32Array(count * L);
      const labels = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const cls = i % 3;
        const cycles = 2 + 2 * g.random();
        const phase = g.random();
        const amp = 0.5 + g.random();
        for (let t = 0; t < L; t++) {
          const u = (((t / L) * cycles + phase) % 1 + 1) % 1; // position within the cycle, 0 … 1
          const clean = cls === 0 ? Math.sin(2 * Math.PI * u) : cls === 1 ? (u < 0.5 ? 1 : -1) : 2 * u - 1;
          data[i * L + t] = amp * clean + 0.25 * g.normal();
        }
        labels[i] = cls;
      }
      return [new Tensor(data, [count, 1, L], 'float32'), new Tensor(labels, [count], 'int32')];
    };
    const [xTrain, yTrain] = make(300);
    const [xTest, yTest] = make(150);

    /** conv → ReLU → pool → conv → ReLU → average over time → linear. */
    class WaveNet extends nn.Module {
      features = this.registerModule(
        'features',
        new nn.Sequential(
          new nn.Conv1d(1, 8, 5, { padding: 2 }),
          new nn.ReLU(),
          new nn.MaxPool1d(2),
          new nn.Conv1d(8, 16, 5, { padding: 2 }),
          new nn.ReLU(),
        ),
      );
      head = this.registerModule('head', new nn.Linear(16, 3));
      override forward(x: Tensor): Tensor {
        const h = this.features.forward(x); // [N, 16, 32]
        return this.head.forward(h.mean(2)); // global average over time: [N, 16] → [N, 3]
      }
    }

    manualSeed(1);
    const model = new WaveNet();
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    const shuffle = new Generator(2);
    for (let epoch = 0; epoch < 30; epoch++) {
      const perm = shuffle.permutation(300);
      for (let b = 0; b < 300; b += 50) {
        const [xb, yb] = batchOf(xTrain, yTrain, perm.subarray(b, b + 50));
        opt.zeroGrad();
        loss.crossEntropy(model.forward(xb), yb).backward();
        opt.step();
      }
    }
    const acc = noGrad(() => accuracy(model.eval().forward(xTest), yTest));
    expect(acc).toBeGreaterThanOrEqual(0.9);
  });

  /**
   * Reversal: read a sequence of T tokens and output it backwards. Output position t must copy
   * the token at position T−1−t, so the model has to attend by position (the positional encoding
   * is what makes that possible) and carry the token through the values.
   */
  it('Embedding + PositionalEncoding + one MultiheadAttention + Linear learns to reverse sequences (≥ 90% token accuracy, held out)', () => {
    const V = 8;
    const T = 6;
    const E = 32;
    const g = new Generator(5);
    const make = (count: number): [Tensor, Tensor] => {
      const src = new Int32Array(count * T);
      const tgt = new Int32Array(count * T);
      for (let i = 0; i < count; i++)
        for (let t = 0; t < T; t++) src[i * T + t] = g.int(0, V);
      for (let i = 0; i < count; i++) for (let t = 0; t < T; t++) tgt[i * T + t] = src[i * T + (T - 1 - t)]!;
      return [new Tensor(src, [count, T], 'int32'), new Tensor(tgt, [count, T], 'int32')];
    };

    class Reverser extends nn.Module {
      embed = this.registerModule('embed', new nn.Embedding(V, E));
      pos = this.registerModule('pos', new nn.PositionalEncoding(T, E));
      attn = this.registerModule('attn', new nn.MultiheadAttention(E, 4));
      out = this.registerModule('out', new nn.Linear(E, V));
      override forward(ids: Tensor): Tensor {
        const h = this.pos.forward(this.embed.forward(ids)); // [N, T, E]
        return this.out.forward(this.attn.forward(h)); //      [N, T, V]
      }
    }

    manualSeed(3);
    const model = new Reverser();
    const opt = new optim.Adam(model.parameters(), { lr: 0.005 });
    for (let step = 0; step < 300; step++) {
      const [xb, yb] = make(64);
      opt.zeroGrad();
      const logits = model.forward(xb); // [64, T, V]
      loss.crossEntropy(logits.reshape(-1, V), yb.reshape(-1)).backward();
      opt.step();
    }
    const [xTest, yTest] = make(200);
    const acc = noGrad(() => accuracy(model.eval().forward(xTest), yTest));
    expect(acc).toBeGreaterThanOrEqual(0.9);
    // readable attention: averaged over the test set, output position 0 looks hardest at input position T−1 in at least half the heads
    const A = model.attn.lastAttention!; // [200, 4, T, T]
    const mean = A.mean(0).toArray() as number[][][];
    const heads = mean.filter((h) => h[0]!.indexOf(Math.max(...h[0]!)) === T - 1).length;
    expect(heads).toBeGreaterThanOrEqual(2);
  });
});
