import { describe, it, expect } from 'vitest';
import { data, io, loss, manualSeed, models, nn, noGrad, optim, randn, ShapeError, ValueError, type Tensor } from '../index.js';

/** Each lead of each record to mean 0, std 1 over time (as the CLI and the guide do). */
function standardize(x: Tensor): Tensor {
  const mu = x.mean(2, true);
  const sd = x.std(2, { keepdim: true, unbiased: false }).add(1e-6);
  return x.sub(mu).div(sd);
}

describe('models.ecgNet', () => {
  it('maps [N, 12, 1000] to [N, C] logits through 125 tokens, and exposes the attention map [N, h, T, T]', () => {
    manualSeed(0);
    const net = models.ecgNet({ leads: 12, samples: 1000, classes: 5, width: 16, heads: 2 });
    expect(net.tokens).toBe(125);
    net.eval();
    const out = noGrad(() => net.forward(randn([3, 12, 1000])));
    expect(out.shape).toEqual([3, 5]);
    expect(net.lastAttention!.shape).toEqual([3, 2, 125, 125]);
    // every row of every attention map is a distribution over the 125 positions
    const a = net.lastAttention!.sum(-1).data;
    for (const v of a) expect(v).toBeCloseTo(1, 5);
    // describe() agrees with what the forward pass produced
    const steps = net.describe(3);
    expect(steps[0]!.shape).toEqual([3, 12, 1000]);
    expect(steps.at(-1)!.shape).toEqual([3, 5]);
    expect(steps.find((s) => s.name === 'attn')!.shape).toEqual([3, 125, 16]);
    // every forward-pass row of the Chapter 7 map appears
    const rows = new Set(steps.map((s) => s.mapRow));
    for (const r of ['Convolution', 'Batch Normalization', 'Activation', 'Positional Encoding', 'Self-Attention', 'Neuron / Dense Layer', 'Softmax output'])
      expect(rows).toContain(r);
  });

  it('predictProba gives rows that sum to 1 and equal softmax of the logits', () => {
    manualSeed(1);
    const net = models.ecgNet({ leads: 1, samples: 64, classes: 3, width: 8, heads: 2 }).eval();
    const x = randn([4, 1, 64]);
    const p = noGrad(() => net.predictProba(x));
    const z = noGrad(() => net.forward(x));
    for (let i = 0; i < 4; i++) {
      const row = [0, 1, 2].map((k) => z.data[i * 3 + k]!);
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      for (let k = 0; k < 3; k++) expect(p.data[i * 3 + k]).toBeCloseTo(e[k]! / s, 6);
    }
  });

  it('He-initialises the convolutions: weight variance ≈ 2 / fan_in', () => {
    manualSeed(2);
    const net = models.ecgNet({ leads: 12, samples: 256, classes: 3, width: 64, heads: 4 });
    const w = net.stateDict()['stem.4.weight']!; // [64, 32, 5]: fan_in = 160
    const v = w.var().item();
    expect(w.shape).toEqual([64, 32, 5]);
    expect(v).toBeGreaterThan((2 / 160) * 0.9);
    expect(v).toBeLessThan((2 / 160) * 1.1);
  });

  it('passes a finite-difference gradient check on a tiny config (inputs and every parameter)', () => {
    manualSeed(3);
    const net = models.ecgNet({ leads: 2, samples: 16, classes: 3, width: 4, heads: 2, dropout: 0, pools: [2, 2] });
    const r = nn.gradcheckModule(net, [randn([3, 2, 16])]);
    expect(r.ok, r.message).toBe(true);
  });

  it('round-trips its state dict through safetensors: same keys, same outputs', () => {
    manualSeed(4);
    const a = models.ecgNet({ leads: 12, samples: 128, classes: 4, width: 8, heads: 2 });
    // move the BatchNorm running statistics away from their initial values
    a.train();
    a.forward(randn([4, 12, 128]).mul(3).add(1));
    a.eval();
    const bytes = io.saveSafetensors(a.stateDict());
    manualSeed(99);
    const b = models.ecgNet({ leads: 12, samples: 128, classes: 4, width: 8, heads: 2 }).eval();
    const x = randn([2, 12, 128]);
    const before = noGrad(() => b.forward(x)).toArray();
    b.loadStateDict(io.loadSafetensors(bytes));
    const ya = noGrad(() => a.forward(x));
    const yb = noGrad(() => b.forward(x));
    expect(yb.toArray()).not.toEqual(before);
    expect(Array.from(yb.data)).toEqual(Array.from(ya.data));
    expect(Object.keys(b.stateDict())).toContain('stem.1.running_mean');
    expect(Object.keys(b.stateDict())).toContain('attn.in_proj_weight');
  });

  it('rejects bad options and inputs with typed, named errors', () => {
    expect(() => models.ecgNet({ samples: 100, classes: 3, width: 10, heads: 3 })).toThrow(ValueError);
    expect(() => models.ecgNet({ samples: 100, classes: 3, width: 10, heads: 3 })).toThrow(/models\.ecgNet: heads \(3\) must divide width \(10\)/);
    expect(() => models.ecgNet({ samples: 4, classes: 3 })).toThrow(/leave no time steps/);
    expect(() => models.ecgNet({ classes: 3 } as never)).toThrow(/samples is required/);
    expect(() => models.ecgNet({ samples: 100, classes: 3, dropout: 1 })).toThrow(/dropout must be a probability/);
    const net = models.ecgNet({ leads: 12, samples: 100, classes: 3, width: 8 });
    expect(() => net.forward(randn([2, 12, 99]))).toThrow(ShapeError);
    expect(() => net.forward(randn([12, 100]))).toThrow(/add the batch axis/);
  });

  it('learns normal / afib / brady from 150 synthetic 12-lead records: ≥ 85% on 50 held-out ones', () => {
    // 200 records × 12 leads × 500 samples at 125 Hz (4 s each); the last 50 are never trained on
    const d = data.ecg.synthetic({ n: 200, leads: 12, samples: 500, fs: 125, classes: ['normal', 'afib', 'brady'], seed: 1 });
    const x = standardize(d.x);
    const [xTrain, yTrain] = [x.narrow(0, 0, 150), d.y.narrow(0, 0, 150)];
    const [xTest, yTest] = [x.narrow(0, 150, 50), d.y.narrow(0, 150, 50)];

    manualSeed(0);
    const net = models.ecgNet({ leads: 12, samples: 500, classes: 3, width: 16, heads: 2, dropout: 0.1 });
    const loader = new data.DataLoader(xTrain, yTrain, { batchSize: 16, shuffle: true, seed: 0, dropLast: true });
    const epochs = 15;
    const lr = 5e-3;
    const totalSteps = epochs * loader.length;
    const opt = new optim.AdamW(net.parameters(), { lr, weightDecay: 0.01 });
    const sched = new optim.LRScheduler(opt, optim.schedule.warmupCosine({ lr, warmupSteps: Math.round(totalSteps / 10), totalSteps, minLr: lr / 50 }));
    const losses: number[] = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      net.train();
      let sum = 0;
      for (const [xb, yb] of loader) {
        const xa = data.augment.timeShift(data.augment.scale(data.augment.noise(xb, 0.05), [0.8, 1.2]), 20);
        opt.zeroGrad();
        const l = loss.crossEntropy(net.forward(xa), yb, { labelSmoothing: 0.1 });
        l.backward();
        optim.clipGradNorm(net.parameters(), 1);
        opt.step();
        sched.step();
        sum += l.item();
      }
      losses.push(sum / loader.length);
    }
    net.eval();
    const pred = noGrad(() => net.forward(xTest).argmax(-1)).data;
    let correct = 0;
    for (let i = 0; i < 50; i++) if (pred[i] === yTest.data[i]) correct++;
    expect(losses.at(-1)!).toBeLessThan(losses[0]! - 0.4); // ln 3 ≈ 1.10 at the start
    expect(correct / 50).toBeGreaterThanOrEqual(0.85); // chance is 1/3
  }, 180_000); // a guard against a hang, not a timing check: ~20 s alone on 2 cores, more while other suites run
});
