import { describe, expect, it } from 'vitest';
import { randn, zeros } from '../creation.js';
import { crossEntropy } from '../loss/crossEntropy.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { Adam, AdamW } from './adam.js';
import { clipGradNorm } from './clip.js';
import { type Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { LRScheduler, warmupCosine } from './schedule.js';
import { SGD } from './sgd.js';

/** Three Gaussian blobs in 2-D around (0, 3), (3, −2), (−3, −2), 40 points each, from a fixed seed. */
function blobs(): { x: Tensor; y: Tensor } {
  const g = new Generator(7);
  const centres = [[0, 3], [3, -2], [-3, -2]];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 120; i++) {
    const c = i % 3;
    xs.push(centres[c]![0]! + 0.8 * g.normal(), centres[c]![1]! + 0.8 * g.normal());
    ys.push(c);
  }
  return { x: new Tensor(Float32Array.from(xs), [120, 2], 'float32'), y: new Tensor(Int32Array.from(ys), [120], 'int32') };
}

describe('the pieces together: softmax regression on blobs', () => {
  const makers: [string, (ps: Tensor[]) => Optimizer][] = [
    ['SGD + momentum', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 })],
    ['Adam', (ps) => new Adam(ps, { lr: 0.05 })],
    ['AdamW', (ps) => new AdamW(ps, { lr: 0.05, weightDecay: 0.01 })],
    ['RMSprop', (ps) => new RMSprop(ps, { lr: 0.01 })],
  ];
  for (const [name, make] of makers)
    it(`${name} with warmup + cosine and gradient clipping reaches 100% training accuracy (seed 7)`, () => {
      const { x, y } = blobs();
      const W = randn([2, 3], { generator: new Generator(1) }).mul(0.01).requiresGrad_();
      const b = zeros([3], { requiresGrad: true });
      const opt = make([W, b]);
      const sched = new LRScheduler(opt, warmupCosine({ lr: opt.lr, warmupSteps: 10, totalSteps: 150 }));
      let first = NaN;
      let last = NaN;
      for (let t = 0; t < 150; t++) {
        opt.zeroGrad();
        const l = crossEntropy(x.matmul(W).add(b), y);
        if (t === 0) first = l.item();
        last = l.item();
        l.backward();
        clipGradNorm([W, b], 5);
        opt.step();
        sched.step();
      }
      expect(first).toBeCloseTo(Math.log(3), 1); // near-zero weights: uniform prediction
      expect(last).toBeLessThan(0.2);
      const pred = x.matmul(W).add(b).argmax(1).data;
      let correct = 0;
      pred.forEach((p, i) => (correct += p === y.data[i] ? 1 : 0));
      expect(correct / 120).toBe(1);
    });
});
