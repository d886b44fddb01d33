import { afterEach, describe, expect, it } from 'vitest';
import { Generator, ShapeError, Tensor, ValueError, logSoftmax, matmul, randn, relu, tensor } from '../index.js';
import { adamUpdate, biasRelu, gemm, gemmBatched, getBackend, getThreads, setBackend, setThreads } from './index.js';
import { plainRuntime } from './runtime.js';

afterEach(() => {
  setBackend('wasm');
});

function randArray(n: number, gen: Generator): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = gen.normal();
  return a;
}

/**
 * Independent float64 check of C = op(A)·op(B): every entry against a triple loop over the stored
 * layout, with a tolerance scaled by Σ|a||b| (float32 rounding grows with the terms summed).
 */
function expectGemm(
  c: Float32Array, cOff: number, c0: Float32Array | null,
  a: Float32Array, aOff: number, ta: boolean, b: Float32Array, bOff: number, tb: boolean,
  m: number, n: number, k: number,
): void {
  let worst = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = c0 ? c0[cOff + i * n + j]! : 0, mag = Math.abs(s);
      for (let p = 0; p < k; p++) {
        const av = a[aOff + (ta ? p * m + i : i * k + p)]!;
        const bv = b[bOff + (tb ? j * k + p : p * n + j)]!;
        s += av * bv;
        mag += Math.abs(av * bv);
      }
      const err = Math.abs(c[cOff + i * n + j]! - s) / (mag * 1e-5 + 1e-6);
      worst = Math.max(worst, err);
    }
  expect(worst, `op(A)${ta ? 'ᵀ' : ''}·op(B)${tb ? 'ᵀ' : ''} m=${m} n=${n} k=${k}`).toBeLessThan(1);
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 17, 3], [3, 1, 17], [17, 3, 1], [3, 3, 3], [17, 17, 17], [6, 8, 256],
  [7, 9, 257], [1000, 3, 17], [3, 1000, 17], [17, 3, 1000], [1, 1000, 1], [130, 70, 300],
];

describe('gemm (WebAssembly SIMD)', () => {
  it('loads here, so these tests exercise the fast path', () => {
    expect(plainRuntime()).not.toBeNull();
    expect(getBackend()).toBe('wasm');
  });

  for (const ta of [false, true])
    for (const tb of [false, true])
      it(`equals a float64 triple loop for op(A)${ta ? 'ᵀ' : ''}·op(B)${tb ? 'ᵀ' : ''} on odd shapes, at offsets`, () => {
        const gen = new Generator(11 + (ta ? 2 : 0) + (tb ? 1 : 0));
        for (const [m, n, k] of SHAPES) {
          const aOff = 5, bOff = 3, cOff = 7;
          const a = randArray(aOff + m * k, gen), b = randArray(bOff + k * n, gen);
          const c = randArray(cOff + m * n + 4, gen);
          const before = c.slice();
          gemm(a, aOff, ta, b, bOff, tb, c, cOff, m, n, k);
          expectGemm(c, cOff, null, a, aOff, ta, b, bOff, tb, m, n, k);
          // nothing outside C is touched
          for (let i = 0; i < cOff; i++) expect(c[i]).toBe(before[i]);
          for (let i = cOff + m * n; i < c.length; i++) expect(c[i]).toBe(before[i]);
          // accumulate adds onto what C holds
          const c0 = c.slice();
          gemm(a, aOff, ta, b, bOff, tb, c, cOff, m, n, k, true);
          expectGemm(c, cOff, c0, a, aOff, ta, b, bOff, tb, m, n, k);
        }
      });

  it('k = 0 gives zeros (or leaves C with accumulate), m = 0 or n = 0 does nothing', () => {
    const c = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    gemm(new Float32Array(0), 0, false, new Float32Array(0), 0, false, c, 0, 3, 4, 0, true);
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // big enough in m·n to reach the kernel's own k = 0 branch via gemmBatched
    const big = new Float32Array(70 * 70).fill(3);
    const empty = new Float32Array(0);
    gemmBatched(empty, [0], false, empty, [0], false, big, [0], 70, 70, 0);
    expect(big.every((v) => v === 0)).toBe(true);
  });

  it('batched products with repeated (broadcast) offsets', () => {
    const gen = new Generator(5);
    const [m, n, k] = [19, 23, 29];
    const a = randArray(3 * m * k, gen), b = randArray(k * n, gen);
    const c = new Float32Array(3 * m * n);
    gemmBatched(a, [0, m * k, 2 * m * k], false, b, [0, 0, 0], false, c, [0, m * n, 2 * m * n], m, n, k);
    for (let t = 0; t < 3; t++) expectGemm(c, t * m * n, null, a, t * m * k, false, b, 0, false, m, n, k);
  });

  it('reuses its memory: repeated calls of one size do not grow it', () => {
    const gen = new Generator(3);
    const a = randArray(200 * 300, gen), b = randArray(300 * 100, gen), c = new Float32Array(300 * 100);
    gemm(a, 0, false, b, 0, false, c, 0, 200, 100, 300);
    const size = plainRuntime()!.memory.buffer.byteLength;
    for (let r = 0; r < 20; r++) gemm(a, 0, r % 2 === 1, b, 0, false, c, 0, r % 2 === 1 ? 300 : 200, 100, r % 2 === 1 ? 200 : 300);
    expect(plainRuntime()!.memory.buffer.byteLength).toBe(size);
  });
});

/** max |x − y| / (1 + |y|) over all entries. */
function relErr(x: Tensor, y: Tensor): number {
  expect(x.shape).toEqual(y.shape);
  let e = 0;
  for (let i = 0; i < x.size; i++) e = Math.max(e, Math.abs(x.data[i]! - y.data[i]!) / (1 + Math.abs(y.data[i]!)));
  return e;
}

/** Runs fn under the reference backend. */
function reference<T>(fn: () => T): T {
  const prev = setBackend('reference');
  try {
    return fn();
  } finally {
    setBackend(prev);
  }
}

describe('matmul: fast path against the reference path', () => {
  const cases: [number[], number[]][] = [
    [[1, 1], [1, 1]], [[3, 17], [17, 1]], [[17, 3], [3, 17]], [[40, 1000], [1000, 3]], [[1000, 17], [17, 20]],
    [[2, 5, 30, 40], [40, 50]], [[4, 1, 33, 20], [3, 20, 21]], [[60, 40], [6, 40, 30]], [[64], [64, 70]], [[70, 64], [64]],
  ];
  for (const [sa, sb] of cases)
    it(`${JSON.stringify(sa)} @ ${JSON.stringify(sb)}: values and both gradients`, () => {
      const gen = new Generator(sa.length * 100 + sb.length);
      const a = randn(sa, { generator: gen, requiresGrad: true }), b = randn(sb, { generator: gen, requiresGrad: true });
      const out = matmul(a, b);
      const g = randn([...out.shape], { generator: gen });
      out.backward(g);
      const [ga, gb] = [a.grad!, b.grad!];
      const a2 = a.detach().requiresGrad_(), b2 = b.detach().requiresGrad_();
      const ref = reference(() => {
        const o = matmul(a2, b2);
        o.backward(g);
        return o;
      });
      expect(relErr(out, ref)).toBeLessThan(1e-4);
      expect(relErr(ga, a2.grad!)).toBeLessThan(1e-4);
      expect(relErr(gb, b2.grad!)).toBeLessThan(1e-4);
    });

  it('non-contiguous inputs (.T, .permute, .mT) give the reference values', () => {
    const gen = new Generator(9);
    const x = randn([50, 70], { generator: gen }), w = randn([3, 40, 50], { generator: gen });
    const run = () => [matmul(x.T, w.permute(0, 2, 1)), matmul(w.T.permute(2, 1, 0), x.T.T), matmul(w.mT.mT, x)];
    const fast = run();
    const ref = reference(run);
    expect(fast[0]!.shape).toEqual([3, 70, 40]);
    for (let i = 0; i < 3; i++) expect(relErr(fast[i]!, ref[i]!)).toBeLessThan(1e-4);
  });

  for (const ta of [false, true])
    for (const tb of [false, true])
      it(`matmul(op(A)${ta ? 'ᵀ' : ''}, op(B)${tb ? 'ᵀ' : ''}) and its gradients (the kernel's strided transposes) equal float64`, () => {
        const gen = new Generator(21 + (ta ? 2 : 0) + (tb ? 1 : 0));
        const [m, n, k] = [37, 29, 45];
        const a = randn(ta ? [2, k, m] : [2, m, k], { generator: gen, requiresGrad: true });
        const b = randn(tb ? [n, k] : [k, n], { generator: gen, requiresGrad: true });
        const out = matmul(ta ? a.mT : a, tb ? b.mT : b);
        expect(out.shape).toEqual([2, m, n]);
        const g = randn([...out.shape], { generator: gen });
        out.backward(g);
        // float64, materialised transposes, reference kernel: an independent route to the same numbers
        const a64 = a.double().detach().requiresGrad_(), b64 = b.double().detach().requiresGrad_();
        const ref = matmul(ta ? a64.mT : a64, tb ? b64.mT : b64);
        ref.backward(g.double());
        expect(relErr(out, ref)).toBeLessThan(1e-5);
        expect(relErr(a.grad!, a64.grad!)).toBeLessThan(1e-5);
        expect(relErr(b.grad!, b64.grad!)).toBeLessThan(1e-5);
        // second order: the backward itself records fast matmuls that differentiate correctly
        a.grad = null;
        const a3 = a.detach().requiresGrad_();
        const gsum = matmul(ta ? a3.mT : a3, tb ? b.detach().mT : b.detach()).mul(g).sum();
        gsum.backward();
        expect(relErr(a3.grad!, a64.grad!)).toBeLessThan(1e-5);
      });

  it('float64 stays on the reference path and is exact to float64 precision', () => {
    const a = tensor([[1, 2], [3, 4]], { dtype: 'float64' }), b = tensor([[5, 6], [7, 8]], { dtype: 'float64' });
    expect(matmul(a.mT, b).toArray()).toEqual([[26, 30], [38, 44]]);
    expect(matmul(a, b).dtype).toBe('float64');
  });

  it('bad input is a typed error', () => {
    expect(() => setBackend('gpu' as 'wasm')).toThrow(ValueError);
    expect(() => setBackend('gpu' as 'wasm')).toThrow(/setBackend: the backend must be 'wasm' or 'reference'/);
    expect(() => matmul(randn([80, 90]), randn([80, 90]))).toThrow(ShapeError);
    expect(() => matmul(randn([80, 90]), randn([80, 90]))).toThrow(/matmul: .*inner dimensions 90 ≠ 80 \(did you mean W.T\?\)/);
    expect(matmul(randn([80, 90]), randn([80, 90]).mT).shape).toEqual([80, 80]);
  });
});

describe('an MLP trains the same on both paths', () => {
  /** 30 steps of full-batch SGD on a 20-32-5 MLP, softmax cross-entropy; returns the loss curve. */
  function train(): number[] {
    const gen = new Generator(42);
    const X = randn([64, 20], { generator: gen });
    const labels = Array.from({ length: 64 }, () => gen.int(0, 5));
    const onehot = tensor(labels.map((c) => Array.from({ length: 5 }, (_, j) => (j === c ? 1 : 0))));
    const W1 = randn([20, 32], { generator: gen }).mul(0.3).detach().requiresGrad_();
    const b1 = randn([32], { generator: gen }).mul(0.1).detach().requiresGrad_();
    const W2 = randn([32, 5], { generator: gen }).mul(0.3).detach().requiresGrad_();
    const b2 = randn([5], { generator: gen }).mul(0.1).detach().requiresGrad_();
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const h = relu(matmul(X, W1).add(b1));
      const logp = logSoftmax(matmul(h, W2).add(b2), -1);
      const loss = logp.mul(onehot).sum().div(-64);
      losses.push(loss.item());
      for (const p of [W1, b1, W2, b2]) p.grad = null;
      loss.backward();
      for (const p of [W1, b1, W2, b2]) {
        const d = p.data, g = p.grad!.data;
        for (let i = 0; i < d.length; i++) d[i] = d[i]! - 0.5 * g[i]!;
      }
    }
    return losses;
  }

  it('loss curves agree step for step (same seed) and the loss falls', () => {
    expect(getBackend()).toBe('wasm');
    const fast = train();
    const ref = reference(train);
    expect(fast.length).toBe(30);
    for (let i = 0; i < fast.length; i++) expect(Math.abs(fast[i]! - ref[i]!), `step ${i}`).toBeLessThan(1e-4 * (1 + Math.abs(ref[i]!)));
    expect(fast[29]!).toBeLessThan(fast[0]! * 0.5);
  });
});

describe('fused elementwise kernels', () => {
  it('adamUpdate: WebAssembly equals the TypeScript loop, and one step matches a hand-worked value', () => {
    const gen = new Generator(8);
    const n = 1003;
    const p = randArray(n, gen), g = randArray(n, gen), m = randArray(n, gen).map(Math.abs), v = randArray(n, gen).map(Math.abs);
    const h = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 3, weightDecay: 0.01 };
    const [p2, m2, v2] = [p.slice(), m.slice(), v.slice()];
    adamUpdate(p, g, m, v, h);
    reference(() => adamUpdate(p2, g, m2, v2, h));
    for (let i = 0; i < n; i++) {
      expect(Math.abs(p[i]! - p2[i]!)).toBeLessThan(1e-6);
      expect(Math.abs(m[i]! - m2[i]!)).toBeLessThan(1e-6);
      expect(Math.abs(v[i]! - v2[i]!)).toBeLessThan(1e-6);
    }
    // first step from zero moments moves every parameter by lr·sign(g) (|m̂| / √v̂ = 1)
    const q = new Float32Array(300).fill(1), gq = randArray(300, gen);
    adamUpdate(q, gq, new Float32Array(300), new Float32Array(300), { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-12, step: 1 });
    for (let i = 0; i < 300; i++) expect(q[i]!).toBeCloseTo(1 - 0.1 * Math.sign(gq[i]!), 5);
  });

  it('biasRelu: adds the bias per column, clips at 0, both paths agree', () => {
    const gen = new Generator(4);
    const [rows, cols] = [37, 43];
    const x = randArray(rows * cols, gen), bias = randArray(cols, gen);
    const x2 = x.slice(), x3 = x.slice();
    biasRelu(x2, bias, rows, cols, true);
    reference(() => biasRelu(x3, bias, rows, cols, true));
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < cols; j++) {
        const want = Math.max(0, Math.fround(x[r * cols + j]! + bias[j]!));
        expect(x2[r * cols + j]).toBe(want);
        expect(x3[r * cols + j]).toBe(want);
      }
  });
});

describe('worker pool', () => {
  it('two threads give exactly the one-thread numbers, then go back to one', async () => {
    expect(getThreads()).toBe(1);
    const gen = new Generator(6);
    const [m, n, k] = [301, 257, 190];
    const a = randArray(m * k, gen), b = randArray(k * n, gen);
    const b2 = randArray(m * n, gen);
    const one = new Float32Array(m * n), two = new Float32Array(m * n), twoT = new Float32Array(k * n);
    gemm(a, 0, false, b, 0, false, one, 0, m, n, k);
    const got = await setThreads(2);
    // where SharedArrayBuffer is missing the pool falls back to one thread; in Node it is there
    expect(got).toBe(typeof SharedArrayBuffer === 'undefined' ? 1 : 2);
    expect(getThreads()).toBe(got);
    gemm(a, 0, false, b, 0, false, two, 0, m, n, k);
    gemm(a, 0, true, b2, 0, false, twoT, 0, k, n, m); // Aᵀ·B2: the row split on a strided A
    await setThreads(1);
    expect(getThreads()).toBe(1);
    expect(Array.from(two)).toEqual(Array.from(one));
    const oneT = new Float32Array(k * n);
    gemm(a, 0, true, b2, 0, false, oneT, 0, k, n, m);
    expect(Array.from(twoT)).toEqual(Array.from(oneT));
  });

  it('rejects a bad thread count', () => {
    expect(() => setThreads(0)).toThrow(ValueError);
    expect(() => setThreads(1.5)).toThrow(/setThreads: the thread count must be a whole number from 1 to 4, got 1.5/);
  });
});
