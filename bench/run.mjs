#!/usr/bin/env node
// `npm run bench`: groundup (reference path, WebAssembly SIMD on 1 and 2 threads) against
// TensorFlow.js 4.22 (tfjs-backend-cpu and tfjs-backend-wasm with SIMD, single thread), all in this
// one process. Medians over repeated runs after warm-up. Prints a table and writes
// bench-results.json. `--quick` runs fewer repetitions (a smoke test, not a measurement).
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const quick = process.argv.includes('--quick');
const g = await import(join(root, 'packages/groundup/dist/index.js'));
const K = await import(join(root, 'packages/groundup/dist/kernels/index.js'));
const RT = await import(join(root, 'packages/groundup/dist/kernels/runtime.js'));

const REPS = quick ? 3 : 15;
const WARM = quick ? 1 : 3;
const SLOW_REPS = quick ? 1 : 3; // for the runs that take ~0.3 s each (reference path, tfjs-cpu)

/** Median of the durations (ms) of `reps` calls of fn, after `warm` unmeasured calls. */
function median(fn, reps = REPS, warm = WARM) {
  for (let i = 0; i < warm; i++) fn();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[(ts.length - 1) >> 1];
}

// ── workloads ──
const MM = 512;
const MM_FLOP = 2 * MM ** 3;
const CONV = { N: 32, Cin: 12, L: 1000, Cout: 32, W: 7 };
const LOUT = CONV.L - CONV.W + 1;
const CONV_FLOP = 2 * CONV.N * CONV.Cout * LOUT * CONV.Cin * CONV.W;
const MLP = { B: 128, sizes: [784, 256, 128, 10], lr: 1e-3 };

function randData(n, seed) {
  const gen = new g.Generator(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = gen.normal();
  return a;
}
const labelData = (B, C, seed) => {
  const gen = new g.Generator(seed);
  const y = new Int32Array(B);
  for (let i = 0; i < B; i++) y[i] = gen.int(0, C);
  return y;
};
const onehotData = (B, C, seed) => {
  const gen = new g.Generator(seed);
  const y = new Float32Array(B * C);
  for (let i = 0; i < B; i++) y[i * C + gen.int(0, C)] = 1;
  return y;
};

// ── groundup ──
function groundupSuite(label, slow) {
  const reps = slow ? SLOW_REPS : REPS;
  const warm = slow ? 1 : WARM;
  const r = {};
  // matmul through the public op (allocates its output like any op call)
  const A = new g.Tensor(randData(MM * MM, 1), [MM, MM], 'float32');
  const B = new g.Tensor(randData(MM * MM, 2), [MM, MM], 'float32');
  r.matmul = MM_FLOP / median(() => g.matmul(A, B), reps, warm) / 1e6;

  // conv1d through the library's op (nn.conv1d: im2col + GEMM, in WebAssembly on the fast path), with bias
  const { N, Cin, L, Cout, W } = CONV;
  const cx = new g.Tensor(randData(N * Cin * L, 3), [N, Cin, L], 'float32');
  const cw = new g.Tensor(randData(Cout * Cin * W, 4), [Cout, Cin, W], 'float32');
  const cb = new g.Tensor(randData(Cout, 5), [Cout], 'float32');
  r.conv1d = CONV_FLOP / median(() => g.nn.conv1d(cx, cw, cb), reps, warm) / 1e6;

  // MLP 784-256-128-10 from the library's own layers: nn.Linear, nn.ReLU, loss.crossEntropy
  // (int32 class indices), optim.Adam
  const [d0, d1, d2, d3] = MLP.sizes;
  const X = new g.Tensor(randData(MLP.B * d0, 6), [MLP.B, d0], 'float32');
  const Y = new g.Tensor(labelData(MLP.B, d3, 7), [MLP.B], 'int32');
  g.manualSeed(8);
  const model = new g.nn.Sequential(new g.nn.Linear(d0, d1), new g.nn.ReLU(), new g.nn.Linear(d1, d2), new g.nn.ReLU(), new g.nn.Linear(d2, d3));
  const params = model.parameters();
  const forward = () => g.loss.crossEntropy(model.forward(X), Y);
  const opt = new g.optim.Adam(params, { lr: MLP.lr });
  let lastLoss = 0;
  const step = () => {
    opt.zeroGrad();
    const loss = forward();
    loss.backward();
    opt.step();
    lastLoss = loss.item();
  };
  const heap0 = process.memoryUsage().heapUsed;
  r.mlp = 1000 / median(step, slow ? SLOW_REPS * 3 : REPS * 2, warm);
  r.mlpLoss = lastLoss;
  r.mlpHeapGrowthMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  // backward ÷ forward, measured on the same steps
  const fwd = [], bwd = [];
  for (let i = 0; i < (slow ? SLOW_REPS * 3 : REPS * 2) + warm; i++) {
    opt.zeroGrad();
    const t0 = performance.now();
    const loss = forward();
    const t1 = performance.now();
    loss.backward();
    const t2 = performance.now();
    if (i >= warm) fwd.push(t1 - t0), bwd.push(t2 - t1);
  }
  const med = (a) => a.sort((p, q) => p - q)[(a.length - 1) >> 1];
  r.fwdMs = med(fwd);
  r.bwdMs = med(bwd);
  r.bwdOverFwd = r.bwdMs / r.fwdMs;
  console.log(`  ${label}: done`);
  return r;
}

// ── memory over a long training loop (not timed) ──
/** Runs `steps` MLP training steps on the current backend, sampling JS heap and WebAssembly memory. */
function memorySection(steps) {
  const [d0, d1, d2, d3] = MLP.sizes;
  const X = new g.Tensor(randData(MLP.B * d0, 6), [MLP.B, d0], 'float32');
  const Y = new g.Tensor(labelData(MLP.B, d3, 7), [MLP.B], 'int32');
  g.manualSeed(8);
  const model = new g.nn.Sequential(new g.nn.Linear(d0, d1), new g.nn.ReLU(), new g.nn.Linear(d1, d2), new g.nn.ReLU(), new g.nn.Linear(d2, d3));
  const opt = new g.optim.Adam(model.parameters(), { lr: MLP.lr });
  const wasmBytes = () => (RT.plainRuntime()?.memory.buffer.byteLength ?? 0) + (K.getThreads() > 1 ? RT.sharedRuntime()?.memory.buffer.byteLength ?? 0 : 0);
  const samples = [];
  const every = Math.max(1, Math.floor(steps / 8));
  for (let i = 1; i <= steps; i++) {
    opt.zeroGrad();
    const loss = g.loss.crossEntropy(model.forward(X), Y);
    loss.backward();
    opt.step();
    if (i % every === 0 || i === 1) {
      const m = process.memoryUsage();
      samples.push({ step: i, heapUsedMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20, arrayBuffersMB: m.arrayBuffers / 2 ** 20, wasmMB: wasmBytes() / 2 ** 20, loss: loss.item() });
    }
  }
  console.log(`  memory over ${steps} MLP steps (wasm, 1 thread):`);
  console.log('    step   heapUsed MB   arrayBuffers MB   rss MB   wasm memory MB   loss');
  for (const s of samples)
    console.log(`    ${String(s.step).padStart(4)}   ${s.heapUsedMB.toFixed(1).padStart(11)}   ${s.arrayBuffersMB.toFixed(1).padStart(15)}   ${s.rssMB.toFixed(0).padStart(6)}   ${s.wasmMB.toFixed(1).padStart(14)}   ${s.loss.toExponential(2)}`);
  return samples;
}

// ── TensorFlow.js ──
const require = createRequire(import.meta.url);
const tf = await import('@tensorflow/tfjs-core');
// the gradients live in their own module (the umbrella @tensorflow/tfjs package registers them)
register('./tfjs-gradients.mjs', import.meta.url);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
await import('@tensorflow/tfjs-backend-cpu');
const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
tfwasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + '/');
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // single thread, like the issue's table

function tfjsSuite(label, slow) {
  const reps = slow ? SLOW_REPS : REPS;
  const warm = slow ? 1 : WARM;
  const r = {};
  const A = tf.tensor2d(randData(MM * MM, 1), [MM, MM]), B = tf.tensor2d(randData(MM * MM, 2), [MM, MM]);
  r.matmul = MM_FLOP / median(() => tf.tidy(() => tf.matMul(A, B).dataSync()), reps, warm) / 1e6;

  const { N, Cin, L, Cout, W } = CONV;
  const x = tf.transpose(tf.tensor3d(randData(N * Cin * L, 3), [N, Cin, L]), [0, 2, 1]); // NWC
  const w = tf.transpose(tf.tensor3d(randData(Cout * Cin * W, 4), [Cout, Cin, W]), [2, 1, 0]); // [W, Cin, Cout]
  const bias = tf.tensor1d(randData(Cout, 5));
  r.conv1d = CONV_FLOP / median(() => tf.tidy(() => tf.add(tf.conv1d(x, w, 1, 'valid'), bias).dataSync()), reps, warm) / 1e6;

  const [d0, d1, d2, d3] = MLP.sizes;
  const X = tf.tensor2d(randData(MLP.B * d0, 6), [MLP.B, d0]);
  const Y = tf.tensor2d(onehotData(MLP.B, d3, 7), [MLP.B, d3]);
  const layer = (i, o, seed) => [
    tf.variable(tf.tensor2d(randData(i * o, seed).map((v) => v * Math.sqrt(2 / i)), [i, o])),
    tf.variable(tf.zeros([o])),
  ];
  const [W1, b1, W2, b2, W3, b3] = [...layer(d0, d1, 8), ...layer(d1, d2, 9), ...layer(d2, d3, 10)];
  const lossFn = () => {
    const h1 = tf.relu(tf.add(tf.matMul(X, W1), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, W2), b2));
    return tf.losses.softmaxCrossEntropy(Y, tf.add(tf.matMul(h2, W3), b3));
  };
  const opt = tf.train.adam(MLP.lr);
  let lastLoss = 0;
  r.mlp = 1000 / median(() => tf.tidy(() => (lastLoss = opt.minimize(lossFn, true).dataSync()[0])), slow ? SLOW_REPS * 3 : REPS * 2, warm);
  r.mlpLoss = lastLoss;
  // tfjs runs forward and backward inside one call: backward = (forward+backward) − forward
  const fwdMs = median(() => tf.tidy(() => lossFn().dataSync()), slow ? SLOW_REPS * 3 : REPS * 2, warm);
  const fbMs = median(
    () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(lossFn);
        for (const k in grads) grads[k].dataSync();
      }),
    slow ? SLOW_REPS * 3 : REPS * 2,
    warm,
  );
  r.fwdMs = fwdMs;
  r.bwdMs = fbMs - fwdMs;
  r.bwdOverFwd = r.bwdMs / r.fwdMs;
  tf.disposeVariables();
  tf.dispose([A, B, x, w, bias, X, Y]);
  console.log(`  ${label}: done`);
  return r;
}

// ── run ──
const t0 = performance.now();
console.log(`groundup bench${quick ? ' (--quick: few repetitions, not a measurement)' : ''} — ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, Node ${process.versions.node}`);
const results = {};
K.setBackend('reference');
results['groundup reference'] = groundupSuite('groundup reference (TypeScript)', true);
K.setBackend('wasm');
if (K.getBackend() !== 'wasm') throw new Error('bench: the WebAssembly kernels did not load');
results['groundup wasm 1T'] = groundupSuite('groundup wasm, 1 thread', false);
const threads = await K.setThreads(2);
results[`groundup wasm ${threads}T`] = groundupSuite(`groundup wasm, ${threads} threads`, false);
await K.setThreads(1);
const memory = memorySection(quick ? 200 : 2000);
await tf.setBackend('cpu');
results['tfjs-cpu'] = tfjsSuite('tfjs-backend-cpu', true);
await tf.setBackend('wasm');
results['tfjs-wasm'] = tfjsSuite('tfjs-backend-wasm (SIMD, 1 thread)', false);

// ── table ──
const cols = Object.keys(results);
const rows = [
  ['matmul 512³, GFLOP/s', 'matmul', 1, '≥ 40 (1T), ≥ 75 (2T)'],
  ['conv1d [32,12,1000]·32×7, GFLOP/s', 'conv1d', 1, '≥ 35'],
  ['MLP 784-256-128-10 b128 Adam, steps/s', 'mlp', 1, '≥ 250 (1T), ≥ 500 (2T)'],
  ['MLP backward ÷ forward', 'bwdOverFwd', -1, '≤ 2.0'],
];
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const header = ['workload', ...cols, 'wasm 1T ÷ tfjs-wasm', `wasm ${threads}T ÷ tfjs-wasm`, 'target'];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const [name, key, , target] of rows) {
  const vals = cols.map((c) => results[c][key]);
  const tw = results['tfjs-wasm'][key];
  const r1 = results['groundup wasm 1T'][key] / tw;
  const r2 = results[`groundup wasm ${threads}T`][key] / tw;
  lines.push(`| ${name} | ${vals.map(fmt).join(' | ')} | ${r1.toFixed(2)}× | ${r2.toFixed(2)}× | ${target} |`);
}
const table = lines.join('\n');
console.log('\n' + table);
console.log(`\nMLP forward / backward ms: ${cols.map((c) => `${c} ${results[c].fwdMs.toFixed(2)} / ${results[c].bwdMs.toFixed(2)}`).join('; ')}`);
console.log(`MLP heap growth over the timed steps (MB): ${cols.filter((c) => c.startsWith('groundup')).map((c) => `${c} ${results[c].mlpHeapGrowthMB.toFixed(1)}`).join('; ')}`);
const total = (performance.now() - t0) / 1000;
console.log(`total ${total.toFixed(0)} s`);
writeFileSync(
  join(root, 'bench-results.json'),
  JSON.stringify({ date: new Date().toISOString(), quick, cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.versions.node, threads, results, table, memory }, null, 2) + '\n',
);
console.log('wrote bench-results.json');
