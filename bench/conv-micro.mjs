#!/usr/bin/env node
// Focused conv1d micro-benchmark (the bench's shape): forward through nn.conv1d and forward+backward.
// `node bench/conv-micro.mjs [reps]` after `npm run build --workspace packages/groundup`. Prints medians.
import { join } from 'node:path';
const root = new URL('..', import.meta.url).pathname;
const g = await import(join(root, 'packages/groundup/dist/index.js'));
const reps = Number(process.argv[2] ?? 30);
const N = 32, C = 12, L = 1000, O = 32, K = 7, Lout = L - K + 1;
const FLOP = 2 * N * O * Lout * C * K;
const rnd = (n, s) => { const gen = new g.Generator(s); const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = gen.normal(); return a; };
const x = new g.Tensor(rnd(N * C * L, 1), [N, C, L], 'float32');
const w = new g.Tensor(rnd(O * C * K, 2), [O, C, K], 'float32');
const b = new g.Tensor(rnd(O, 3), [O], 'float32');
function med(fn) {
  for (let i = 0; i < 3; i++) fn();
  const ts = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  return ts[(ts.length - 1) >> 1];
}
const fwd = med(() => g.nn.conv1d(x, w, b));
console.log(`forward  ${fwd.toFixed(2)} ms  ${(FLOP / fwd / 1e6).toFixed(1)} GFLOP/s`);
const xr = x.detach(); xr.requiresGrad = true;
const wr = w.detach(); wr.requiresGrad = true;
const br = b.detach(); br.requiresGrad = true;
const fb = med(() => { xr.grad = null; wr.grad = null; br.grad = null; g.nn.conv1d(xr, wr, br).sum().backward(); });
console.log(`fwd+bwd  ${fb.toFixed(2)} ms  ${(3 * FLOP / fb / 1e6).toFixed(1)} GFLOP/s (3× forward flops)`);
// kernel only, in WebAssembly memory (no copies in or out): the fused kernel and im2col + gemm per sample
const RT = await import(join(root, 'packages/groundup/dist/kernels/runtime.js'));
const rt = RT.plainRuntime();
const P = Lout, CK = C * K;
const [X, Wp, B, Y, COLS] = rt.regions(N * C * L, O * CK, O, N * O * P, CK * P);
rt.put(X, x.data); rt.put(Wp, w.data); rt.put(B, b.data);
const e = rt.exports;
if (e.convForward) {
  const t = med(() => e.convForward(X, N, C, 1, L, O, 1, K, 1, 1, 0, 0, 1, Lout, Wp, B, Y, rt.work(0)));
  console.log(`kernel convForward  ${t.toFixed(2)} ms  ${(FLOP / t / 1e6).toFixed(1)} GFLOP/s`);
}
const t2 = med(() => {
  for (let n = 0; n < N; n++) {
    e.im2col(X + n * C * L * 4, C, 1, L, 1, K, 1, 1, 0, 0, 1, Lout, COLS);
    e.gemm(O, P, CK, Wp, CK, 1, COLS, P, 1, Y + n * O * P * 4, P, 0, rt.work(0));
  }
});
console.log(`kernel im2col+gemm  ${t2.toFixed(2)} ms  ${(FLOP / t2 / 1e6).toFixed(1)} GFLOP/s`);
const t3 = med(() => { for (let n = 0; n < N; n++) e.gemm(O, P, CK, Wp, CK, 1, COLS, P, 1, Y + n * O * P * 4, P, 0, rt.work(0)); });
console.log(`kernel gemm only    ${t3.toFixed(2)} ms  ${(FLOP / t3 / 1e6).toFixed(1)} GFLOP/s`);
const t4 = med(() => { for (let n = 0; n < N; n++) e.gemm(P, O, CK, COLS, 1, P, Wp, 1, CK, Y + n * O * P * 4, O, 0, rt.work(0)); });
console.log(`kernel gemm transposed (M=P) ${t4.toFixed(2)} ms  ${(FLOP / t4 / 1e6).toFixed(1)} GFLOP/s`);
const t5 = med(() => e.gemm(512, 512, 512, X, 512, 1, X + 4 * 262144, 512, 1, Y, 512, 0, rt.work(0)));
console.log(`kernel gemm 512³    ${t5.toFixed(2)} ms  ${(2 * 512 ** 3 / t5 / 1e6).toFixed(1)} GFLOP/s`);
