import { afterEach, describe, expect, it } from 'vitest';
import { Generator, Tensor, randn } from '../index.js';
import { conv1d, conv1dReference, conv2d, conv2dReference, convOutputSize } from '../ops/conv.js';
import { CONV_MIN_WORK } from './thresholds.js';
import { setBackend } from './gemm.js';
import { getThreads, setThreads } from './pool.js';
import { plainRuntime } from './runtime.js';

afterEach(() => {
  setBackend('wasm');
});

function close(a: Tensor, b: Tensor, tol: number, what: string): void {
  expect(a.shape).toEqual(b.shape);
  let worst = 0;
  for (let i = 0; i < a.size; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!) / (1 + Math.abs(b.data[i]!)));
  expect(worst, what).toBeLessThan(tol);
}

/** Runs f on float32 leaves and on float64 copies of them; compares values and every gradient. */
function againstFloat64(
  shapes: number[][], seed: number,
  fast: (...t: Tensor[]) => Tensor, ref: (...t: Tensor[]) => Tensor,
): void {
  const gen = new Generator(seed);
  const xs = shapes.map((s) => randn(s, { generator: gen, requiresGrad: true }));
  const ds = xs.map((t) => t.double().detach().requiresGrad_());
  const yf = fast(...xs), yr = ref(...ds);
  const proj = randn([...yf.shape], { generator: gen });
  yf.mul(proj).sum().backward();
  yr.mul(proj.double()).sum().backward();
  close(yf, yr, 1e-4, 'values');
  xs.forEach((t, i) => close(t.grad!, ds[i]!.grad!, 1e-3, `gradient of input ${i}`));
}

describe('convolutions on the WebAssembly path (columns packed into the GEMM in wasm memory)', () => {
  const c1: [number[], number[], number, number][] = [
    [[2, 3, 80], [5, 3, 7], 1, 0],
    [[3, 2, 301], [8, 2, 3], 2, 1],
    [[1, 12, 100], [17, 12, 7], 1, 3],
    [[2, 1, 500], [32, 1, 1], 3, 2],
  ];
  /** Every case below is large enough for the WebAssembly path (O·C·K·L_out ≥ CONV_MIN_WORK). */
  const onFastPath = (xs: number[], ws: number[], lout: number) => expect(ws.reduce((a, b) => a * b, 1) * lout).toBeGreaterThanOrEqual(CONV_MIN_WORK);
  for (const [xs, ws, stride, padding] of c1)
    it(`conv1d x ${JSON.stringify(xs)} w ${JSON.stringify(ws)} stride ${stride} padding ${padding}: equals the float64 reference, values and gradients`, () => {
      onFastPath(xs, ws, convOutputSize(xs[2]!, ws[2]!, stride, padding));
      againstFloat64([xs, ws, [ws[0]!]], xs[2]!, (x, w, b) => conv1d(x!, w!, b!, { stride, padding }), (x, w, b) => conv1dReference(x!, w!, b!, { stride, padding }));
    });

  const c2: [number[], number[], [number, number], [number, number]][] = [
    [[2, 3, 9, 11], [4, 3, 3, 3], [1, 1], [1, 1]],
    [[1, 2, 12, 10], [6, 2, 3, 2], [2, 1], [0, 2]],
  ];
  for (const [xs, ws, stride, padding] of c2)
    it(`conv2d x ${JSON.stringify(xs)} w ${JSON.stringify(ws)} stride ${stride} padding ${padding}: equals the float64 reference`, () => {
      onFastPath(xs, ws, convOutputSize(xs[2]!, ws[2]!, stride[0], padding[0]) * convOutputSize(xs[3]!, ws[3]!, stride[1], padding[1]));
      againstFloat64([xs, ws, [ws[0]!]], xs[3]!, (x, w, b) => conv2d(x!, w!, b!, { stride, padding }), (x, w, b) => conv2dReference(x!, w!, b!, { stride, padding }));
    });

  it('without a bias, and with only the weight requiring a gradient', () => {
    const gen = new Generator(3);
    const x = randn([2, 4, 60], { generator: gen });
    onFastPath([], [6, 4, 5], 60);
    const w = randn([6, 4, 5], { generator: gen, requiresGrad: true });
    conv1d(x, w, null, { padding: 2 }).sum().backward();
    const wd = w.double().detach().requiresGrad_();
    conv1dReference(x.double(), wd, null, { padding: 2 }).sum().backward();
    close(w.grad!, wd.grad!, 1e-3, '∂W');
  });

  it('a forward on the fast path keeps its backward there after a switch to the reference backend', () => {
    const gen = new Generator(4);
    const x = randn([2, 3, 60], { generator: gen, requiresGrad: true });
    const w = randn([8, 3, 5], { generator: gen, requiresGrad: true });
    onFastPath([], [8, 3, 5], 56);
    const y = conv1d(x, w);
    setBackend('reference');
    y.sum().backward();
    const xd = x.double().detach().requiresGrad_(), wd = w.double().detach().requiresGrad_();
    conv1dReference(xd, wd).sum().backward();
    close(x.grad!, xd.grad!, 1e-3, '∂x');
    close(w.grad!, wd.grad!, 1e-3, '∂W');
  });

  /** y[n, o, t] = b[o] + Σ_c Σ_j w[o, c, j] · x[n, c, t·s + j − p], straight from the formula in float64. */
  function directConv1d(x: Tensor, w: Tensor, b: Tensor, s: number, p: number): Float64Array {
    const [N, C, L] = x.shape as [number, number, number];
    const [O, , K] = w.shape as [number, number, number];
    const Lout = convOutputSize(L, K, s, p);
    const y = new Float64Array(N * O * Lout);
    for (let n = 0; n < N; n++)
      for (let o = 0; o < O; o++)
        for (let t = 0; t < Lout; t++) {
          let acc = b.data[o]!;
          for (let c = 0; c < C; c++)
            for (let j = 0; j < K; j++) {
              const i = t * s + j - p;
              if (i >= 0 && i < L) acc += w.data[(o * C + c) * K + j]! * x.data[(n * C + c) * L + i]!;
            }
          y[(n * O + o) * Lout + t] = acc;
        }
    return y;
  }

  it('past every block size of the kernel (C·K > 256, O > 96, L_out > 2048): equals the formula', () => {
    const gen = new Generator(11);
    const x = randn([1, 40, 2060], { generator: gen }), w = randn([100, 40, 7], { generator: gen }), b = randn([100], { generator: gen });
    const y = conv1d(x, w, b, { padding: 3 });
    expect(y.shape).toEqual([1, 100, 2060]);
    const want = directConv1d(x, w, b, 1, 3);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(y.data[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
    expect(worst).toBeLessThan(1e-4);
  });

  it('conv2d whose windows lie inside the input (the vector-load path of the packing, KH > 1): equals the float64 reference', () => {
    againstFloat64([[2, 3, 12, 30], [5, 3, 3, 4], [5]], 12, (x, w, b) => conv2d(x!, w!, b!), (x, w, b) => conv2dReference(x!, w!, b!));
  });

  it('weight gradient past the 2040-column block (C·K = 2100) and input gradient: equal the float64 reference', () => {
    againstFloat64([[2, 300, 30], [8, 300, 7], [8]], 14, (x, w, b) => conv1d(x!, w!, b!, { padding: 1 }), (x, w, b) => conv1dReference(x!, w!, b!, { padding: 1 }));
  });

  it('split over two threads (whole samples per thread) gives exactly the one-thread numbers, forward and backward', async () => {
    expect(getThreads()).toBe(1);
    const gen = new Generator(13);
    const x = randn([5, 12, 1000], { generator: gen, requiresGrad: true }), w = randn([32, 12, 7], { generator: gen }), b = randn([32], { generator: gen });
    const proj = randn([5, 32, 998], { generator: gen }); // L_out = 1000 + 2·2 − 7 + 1
    const one = conv1d(x, w, b, { padding: 2 });
    one.mul(proj).sum().backward();
    const dxOne = x.grad!;
    x.grad = null;
    const got = await setThreads(2);
    try {
      expect(got).toBe(typeof SharedArrayBuffer === 'undefined' ? 1 : 2);
      const two = conv1d(x, w, b, { padding: 2 });
      expect(Array.from(two.data)).toEqual(Array.from(one.data));
      two.mul(proj).sum().backward();
      expect(Array.from(x.grad!.data)).toEqual(Array.from(dxOne.data));
    } finally {
      await setThreads(1);
    }
    const want = directConv1d(x, w, b, 1, 2);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(one.data[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
    expect(worst).toBeLessThan(1e-4);
  });

  it('repeated convolutions do not grow the WebAssembly memory', () => {
    const gen = new Generator(5);
    const x = randn([4, 6, 200], { generator: gen, requiresGrad: true });
    const w = randn([8, 6, 7], { generator: gen, requiresGrad: true });
    conv1d(x, w).sum().backward();
    const before = plainRuntime()!.memory.buffer.byteLength;
    for (let i = 0; i < 30; i++) conv1d(x, w).sum().backward();
    expect(plainRuntime()!.memory.buffer.byteLength).toBe(before);
  });
});

describe('an nn.Sequential MLP trains the same on both backends', () => {
  it('Linear/ReLU/crossEntropy/Adam: fused fast path and readable path give the same loss curve (same seed)', async () => {
    const { nn, loss, optim, manualSeed, randint } = await import('../index.js');
    const curve = (backend: 'wasm' | 'reference') => {
      setBackend(backend);
      manualSeed(42);
      const x = randn([64, 40]);
      const y = randint(0, 5, [64], { dtype: 'int32' });
      const model = new nn.Sequential(new nn.Linear(40, 32), new nn.ReLU(), new nn.Linear(32, 16), new nn.ReLU(), new nn.Linear(16, 5));
      const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
      const out: number[] = [];
      for (let s = 0; s < 15; s++) {
        opt.zeroGrad();
        const l = loss.crossEntropy(model.forward(x), y);
        l.backward();
        opt.step();
        out.push(l.item());
      }
      return out;
    };
    const fast = curve('wasm'), ref = curve('reference');
    for (let s = 0; s < fast.length; s++) expect(Math.abs(fast[s]! - ref[s]!), `step ${s}`).toBeLessThan(1e-4 * (1 + ref[s]!));
    expect(fast[14]!).toBeLessThan(fast[0]! * 0.8);
  });
});
