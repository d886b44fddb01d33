import { describe, it, expect } from 'vitest';
import { tensor, randn, zeros, ones, manualSeed, ShapeError, ValueError, DTypeError, Tensor } from '../index.js';
import * as nn from './index.js';

const ok = (r: { ok: boolean; message: string }) => expect(r.ok, r.message).toBe(true);

describe('Linear', () => {
  it('computes x·Wᵀ + b with W stored [out, in]', () => {
    const l = new nn.Linear(3, 2);
    l.weight.data.set([1, 2, 3, 4, 5, 6]); // rows: unit 0 = [1,2,3], unit 1 = [4,5,6]
    l.bias!.data.set([10, 20]);
    expect(l.forward(tensor([[1, 0, -1]])).toArray()).toEqual([[1 - 3 + 10, 4 - 6 + 20]]);
    // any number of leading dimensions
    expect(l.forward(zeros([4, 5, 3])).shape).toEqual([4, 5, 2]);
    expect(new nn.Linear(3, 2, { bias: false }).bias).toBeNull();
  });
  it('default init is U(−1/√in, 1/√in) for weight and bias', () => {
    manualSeed(0);
    const l = new nn.Linear(100, 50);
    const bound = 1 / Math.sqrt(100);
    for (const t of [l.weight, l.bias!]) expect(Math.max(...t.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...l.weight.data.map(Math.abs))).toBeGreaterThan(0.99 * bound);
  });
  it('gradcheck w.r.t. input, weight and bias', () => {
    manualSeed(1);
    ok(nn.gradcheckModule(new nn.Linear(4, 3), [randn([5, 4])]));
    ok(nn.gradcheckModule(new nn.Linear(4, 3, { bias: false }), [randn([2, 3, 4])]));
  });
  it('rejects a wrong feature count and bad sizes', () => {
    const l = new nn.Linear(64, 10);
    expect(() => l.forward(randn([32, 10]))).toThrow(ShapeError);
    expect(() => l.forward(randn([32, 10]))).toThrow('Linear: expected input with 64 features [...,64] (the last dimension), got [32,10]');
    expect(() => new nn.Linear(2.5, 3)).toThrow('Linear: inFeatures must be an integer ≥ 1, got 2.5');
    expect(() => new nn.Linear(3, -1)).toThrow(ValueError);
    expect(() => new nn.Linear('3' as never, 1)).toThrow(TypeError);
  });
});

describe('Conv1d and Conv2d layers', () => {
  it('Conv1d: fast forward equals the sliding-dot-product reference; weight [out, in, k]', () => {
    manualSeed(2);
    const c = new nn.Conv1d(3, 4, 5, { stride: 2, padding: 2 });
    expect(c.weight.shape).toEqual([4, 3, 5]);
    const x = randn([2, 3, 11]);
    const a = c.forward(x);
    const b = c.forwardReference(x);
    expect(a.shape).toEqual([2, 4, 6]);
    a.data.forEach((v, i) => expect(v).toBeCloseTo(b.data[i]!, 5));
  });
  it('Conv1d gradcheck (stride and padding) w.r.t. input and parameters', () => {
    manualSeed(3);
    ok(nn.gradcheckModule(new nn.Conv1d(2, 3, 3, { stride: 2, padding: 1 }), [randn([2, 2, 7])]));
    ok(nn.gradcheckModule(new nn.Conv1d(2, 2, 2, { bias: false }), [randn([1, 2, 5])]));
  });
  it('Conv2d gradcheck and agreement with the reference', () => {
    manualSeed(4);
    const c = new nn.Conv2d(2, 3, [3, 2], { stride: [1, 2], padding: 1 });
    const x = randn([2, 2, 5, 5]);
    const a = c.forward(x);
    const b = c.forwardReference(x);
    a.data.forEach((v, i) => expect(v).toBeCloseTo(b.data[i]!, 5));
    ok(nn.gradcheckModule(c, [randn([2, 2, 4, 5])]));
  });
  it('default init bound is 1/√(in·k)', () => {
    manualSeed(5);
    const c = new nn.Conv1d(4, 8, 9);
    expect(Math.max(...c.weight.data.map(Math.abs))).toBeLessThanOrEqual(1 / 6);
  });
  it('rejects a wrong channel count, a too-short input and bad constructor arguments', () => {
    const c = new nn.Conv1d(12, 16, 7);
    expect(() => c.forward(randn([32, 3, 1000]))).toThrow(ShapeError);
    expect(() => c.forward(randn([32, 3, 1000]))).toThrow('Conv1d: expected input with 12 channels [N,12,L], got [32,3,1000]');
    expect(() => c.forward(randn([12, 100]))).toThrow('(add the batch dimension: x.unsqueeze(0))');
    expect(() => c.forward(randn([1, 12, 5]))).toThrow(
      'Conv1d: input [1,12,5] is too short: length 5 with padding 0 on each side is less than the kernel size 7',
    );
    expect(() => new nn.Conv1d(3, 4, 0)).toThrow('Conv1d: kernelSize must be an integer ≥ 1, got 0');
    expect(() => new nn.Conv1d(3, 4, 3, { padding: 0.5 })).toThrow(ValueError);
    expect(() => new nn.Conv2d(3, 4, 3).forward(randn([1, 1, 8, 8]))).toThrow('Conv2d: expected input with 3 channels [N,3,H,W], got [1,1,8,8]');
    expect(() => new nn.Conv2d(3, 4, [3, 3, 3] as never)).toThrow(ValueError);
  });
});

describe('pooling layers', () => {
  it('MaxPool1d / AvgPool1d: values, default stride = kernel, gradcheck', () => {
    const x = tensor([[[1, 3, 2, 8, 5, 4]]]);
    expect(new nn.MaxPool1d(2).forward(x).toArray()).toEqual([[[3, 8, 5]]]);
    expect(new nn.AvgPool1d(3).forward(x).toArray()).toEqual([[[2, 17 / 3]]].map((r) => r.map((c) => c.map(Math.fround))));
    expect(new nn.MaxPool1d(3, 1).forward(x).shape).toEqual([1, 1, 4]);
    manualSeed(6);
    ok(nn.gradcheckModule(new nn.MaxPool1d(2), [randn([2, 3, 8])]));
    ok(nn.gradcheckModule(new nn.AvgPool1d(3, 2), [randn([2, 3, 8])]));
  });
  it('errors name the layer and the shape', () => {
    expect(() => new nn.MaxPool1d(4).forward(randn([2, 3]))).toThrow('MaxPool1d: expected input [N,C,L] with L ≥ 4 (the window), got [2,3]');
    expect(() => new nn.AvgPool1d(0)).toThrow(ValueError);
  });
});

describe('BatchNorm1d', () => {
  it('training: normalises each channel with batch statistics (mean 0, variance 1 before γ, β)', () => {
    manualSeed(7);
    const bn = new nn.BatchNorm1d(3);
    const x = randn([64, 3]).mul(tensor([1, 5, 0.1])).add(tensor([2, -3, 7]));
    const y = bn.forward(x);
    const mean = y.mean(0).toArray() as number[];
    const v = y.var(0, { unbiased: false }).toArray() as number[];
    const vx = x.var(0, { unbiased: false }).toArray() as number[];
    mean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-5));
    // exactly 1 but for ε: Var(y) = σ²/(σ² + ε)
    v.forEach((s, c) => expect(s).toBeCloseTo(vx[c]! / (vx[c]! + 1e-5), 4));
  });

  it('updates running statistics by the momentum rule (checked by hand) and uses them in eval', () => {
    const bn = new nn.BatchNorm1d(2, { momentum: 0.3 });
    // [N=2, C=2, L=2]: channel 0 sees 1,3,5,7; channel 1 sees 2,2,2,6
    const x = tensor([
      [
        [1, 3],
        [2, 2],
      ],
      [
        [5, 7],
        [2, 6],
      ],
    ]);
    bn.forward(x);
    // channel 0: mean 4, unbiased var = ((9+1+1+9)/3) = 20/3;  channel 1: mean 3, unbiased var = (1+1+1+9)/3 = 4
    const rm = [0.7 * 0 + 0.3 * 4, 0.7 * 0 + 0.3 * 3];
    const rv = [0.7 * 1 + 0.3 * (20 / 3), 0.7 * 1 + 0.3 * 4];
    bn.runningMean!.data.forEach((v, i) => expect(v).toBeCloseTo(rm[i]!, 6));
    bn.runningVar!.data.forEach((v, i) => expect(v).toBeCloseTo(rv[i]!, 6));
    expect(bn.numBatchesTracked!.item()).toBe(1);
    // a second step moves them again from there
    bn.forward(x);
    expect(bn.runningMean!.data[0]).toBeCloseTo(0.7 * rm[0]! + 0.3 * 4, 6);
    // eval: (x − running_mean)/√(running_var + ε)·γ + β, with γ = 2, β = 1, and no update
    bn.weight!.data.fill(2);
    bn.bias!.data.fill(1);
    bn.eval();
    const before = Array.from(bn.runningMean!.data);
    const y = bn.forward(tensor([[10, -1]]));
    const m0 = bn.runningMean!.data;
    const v0 = bn.runningVar!.data;
    expect(y.data[0]).toBeCloseTo(((10 - m0[0]!) / Math.sqrt(v0[0]! + 1e-5)) * 2 + 1, 5);
    expect(y.data[1]).toBeCloseTo(((-1 - m0[1]!) / Math.sqrt(v0[1]! + 1e-5)) * 2 + 1, 5);
    expect(Array.from(bn.runningMean!.data)).toEqual(before);
    expect(bn.numBatchesTracked!.item()).toBe(2);
  });

  it('gradcheck in training mode ([N,C] and [N,C,L]) and in eval mode', () => {
    manualSeed(8);
    const bn = new nn.BatchNorm1d(3);
    bn.weight!.data.set([0.5, 1.5, -1]);
    bn.bias!.data.set([0.1, 0, 0.3]);
    ok(nn.gradcheckModule(bn, [randn([5, 3])]));
    ok(nn.gradcheckModule(bn, [randn([4, 3, 3])]));
    bn.eval();
    ok(nn.gradcheckModule(bn, [randn([2, 3])]));
  });

  it('rejects a wrong channel count, a batch of one in training and a bad momentum', () => {
    const bn = new nn.BatchNorm1d(4);
    expect(() => bn.forward(randn([8, 3]))).toThrow('BatchNorm1d: expected input with 4 channels [N,4] or [N,4,L], got [8,3]');
    expect(() => bn.forward(randn([1, 4]))).toThrow(ValueError);
    expect(() => bn.forward(randn([1, 4]))).toThrow(/training needs more than one value per channel/);
    expect(bn.eval().forward(randn([1, 4])).shape).toEqual([1, 4]);
    expect(() => new nn.BatchNorm1d(4, { momentum: 1.5 })).toThrow('BatchNorm1d: momentum must be a number in [0, 1], got 1.5');
    expect(() => new nn.BatchNorm1d(4, { eps: 0 })).toThrow(ValueError);
  });
});

describe('LayerNorm', () => {
  it('normalises each sample over its last dimension', () => {
    manualSeed(9);
    const ln = new nn.LayerNorm(6);
    const y = ln.forward(randn([2, 3, 6]).mul(4).add(1));
    (y.mean(-1).toArray() as number[][]).flat().forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-5));
    (y.var(-1, { unbiased: false }).toArray() as number[][]).flat().forEach((v) => expect(v).toBeCloseTo(1, 3));
    // a hand example: [1, 3] → mean 2, var 1 → [−1, 1]/√(1+ε)
    const t = new nn.LayerNorm(2).forward(tensor([[1, 3]]));
    expect(t.data[0]).toBeCloseTo(-1 / Math.sqrt(1 + 1e-5), 6);
  });
  it('gradcheck w.r.t. input, weight and bias; same in train and eval', () => {
    manualSeed(10);
    const ln = new nn.LayerNorm(4);
    ln.weight!.data.set([1, -0.5, 2, 0.3]);
    ln.bias!.data.set([0, 0.2, -0.1, 1]);
    ok(nn.gradcheckModule(ln, [randn([3, 4])]));
    const x = randn([2, 4]).double();
    expect(ln.eval().forward(x).toArray()).toEqual(ln.train().forward(x).toArray());
    ok(nn.gradcheckModule(new nn.LayerNorm([2, 3]), [randn([2, 2, 3])]));
  });
  it('rejects a wrong last dimension', () => {
    expect(() => new nn.LayerNorm(8).forward(randn([2, 4]))).toThrow('LayerNorm: expected input ending in [8] [...,8], got [2,4]');
    expect(() => new nn.LayerNorm(0)).toThrow(ValueError);
  });
});

describe('Dropout', () => {
  it('is the identity in eval mode', () => {
    const d = new nn.Dropout(0.7).eval();
    const x = randn([10, 10]);
    expect(d.forward(x)).toBe(x);
  });
  it('in training drops a fraction p and scales survivors by 1/(1−p), keeping the mean', () => {
    manualSeed(12);
    const p = 0.3;
    const d = new nn.Dropout(p);
    const n = 200_000;
    const y = d.forward(ones([n]));
    let zerosCount = 0;
    let scaled = 0;
    let sum = 0;
    for (const v of y.data) {
      if (v === 0) zerosCount++;
      else if (Math.abs(v - 1 / (1 - p)) < 1e-6) scaled++;
      sum += v;
    }
    expect(zerosCount + scaled).toBe(n); // every entry is either dropped or scaled by 1/(1−p)
    // Binomial(n, p): standard error of the fraction √(p(1−p)/n) ≈ 0.001; allow 5 of them.
    expect(Math.abs(zerosCount / n - p)).toBeLessThan(0.005);
    // the mean of y has standard error √(p/(1−p)/n) ≈ 0.0015; allow 5 of them
    expect(Math.abs(sum / n - 1)).toBeLessThan(0.008);
  });
  it('is reproducible with the global seed, and its gradient is the mask', () => {
    manualSeed(3);
    const a = new nn.Dropout(0.5).forward(ones([20]));
    manualSeed(3);
    const x = ones([20], { requiresGrad: true });
    const b = new nn.Dropout(0.5).forward(x);
    expect(b.toArray()).toEqual(a.toArray());
    b.sum().backward();
    expect(x.grad!.toArray()).toEqual(a.toArray());
  });
  it('validates p in [0, 1)', () => {
    expect(() => new nn.Dropout(1)).toThrow('Dropout: p is the probability of dropping a unit and must be in [0, 1), got 1');
    expect(() => new nn.Dropout(-0.1)).toThrow(ValueError);
    expect(() => new nn.Dropout(NaN)).toThrow(ValueError);
    expect(new nn.Dropout(0).forward(ones([3])).toArray()).toEqual([1, 1, 1]);
  });
});

describe('Embedding', () => {
  it('looks up rows of the table; ids of any shape', () => {
    const e = new nn.Embedding(4, 2);
    e.weight.data.set([0, 1, 10, 11, 20, 21, 30, 31]);
    expect(e.forward(tensor([[3, 0], [1, 1]], { dtype: 'int32' })).toArray()).toEqual([
      [
        [30, 31],
        [0, 1],
      ],
      [
        [10, 11],
        [10, 11],
      ],
    ]);
  });
  it('gradcheck w.r.t. the table; repeated ids add their gradients', () => {
    manualSeed(13);
    const e = new nn.Embedding(5, 3);
    ok(nn.gradcheckModule(e, [tensor([[0, 2, 2], [4, 0, 1]], { dtype: 'int32' })]));
    e.to('float32');
    e.forward(tensor([1, 1, 3], { dtype: 'int32' })).sum().backward();
    expect(Array.from(e.weight.grad!.data)).toEqual([0, 0, 0, 2, 2, 2, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
  });
  it('rejects out-of-range and non-integer ids', () => {
    const e = new nn.Embedding(10, 4);
    expect(() => e.forward(tensor([[1, 12]], { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => e.forward(tensor([[1, 12]], { dtype: 'int32' }))).toThrow(
      'Embedding: id 12 in input [1,2] is out of range for a table of 10 embeddings (valid ids 0 … 9)',
    );
    expect(() => e.forward(tensor([-1], { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => e.forward(tensor([1.0, 2.0]))).toThrow(DTypeError);
    expect(() => new nn.Embedding(0, 3)).toThrow('Embedding: numEmbeddings must be an integer ≥ 1, got 0');
  });
});

describe('every layer keeps float64 when converted', () => {
  it('outputs are float64 after to(float64)', () => {
    const layers: [nn.Module, Tensor][] = [
      [new nn.Linear(2, 2), randn([1, 2])],
      [new nn.Conv1d(1, 1, 1), randn([1, 1, 2])],
      [new nn.LayerNorm(2), randn([1, 2])],
    ];
    for (const [m, x] of layers) expect(m.to('float64').forward(x.double()).dtype).toBe('float64');
  });
});
