#!/usr/bin/env node
// `npm run bench`: groundup (the readable reference path; WebAssembly SIMD on 1 and 2 threads; the
// relaxed-SIMD build where the library has one) against TensorFlow.js 4.22 (tfjs-backend-cpu, and
// tfjs-backend-wasm with SIMD on one thread) and, with `--torch`, PyTorch on 1 and 2 threads.
//
// Every framework is timed the same way: the same input numbers, the result read back into a
// JavaScript typed array (tfjs: `dataSync()` OUTSIDE any `tf.tidy`; tf.tidy walks whatever its
// callback returns, and walking a 262,144-element typed array cost more than the matmul itself),
// and, before anything is timed, each framework's output is checked against groundup's reference
// path (float32 tolerance, bench/lib.mjs): a figure whose result differs is refused, not printed.
// Medians over repeated runs after warm-up. Prints the machine (CPU, load, WebAssembly features)
// and the load average around each column, a table of figures and one of ratios, and writes
// bench-results.json.
//
//   npm run bench                  the full run (a few minutes on 2 cores)
//   npm run bench -- --quick       few repetitions: a smoke test, not a measurement
//   npm run bench -- --torch       add PyTorch (/usr/bin/python3 with torch; see bench/torch_bench.py)
//   npm run bench -- --rounds=5    time the fast columns in 5 interleaved rounds (default 3; --quick: 1)
//
// Extra benchmarks: every bench/*.bench.mjs is imported after the main table and its default
// export is called as `await run(ctx)` with ctx = { quick, torch, root, python, load, median,
// checkAgreement, results (the main table's figures), log }; it returns { name, table?, results } (table: markdown, printed;
// results: stored under bench-results.json's `extras[name]`). A module that throws is reported
// and makes the run exit 1; the main table is still printed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MismatchError, checkAgreement, cpuModel, load, median, medianOf, wasmFeatures } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const withTorch = argv.includes('--torch');
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const g = await import(join(root, 'packages/groundup/dist/index.js'));
const K = await import(join(root, 'packages/groundup/dist/kernels/index.js'));
const RT = await import(join(root, 'packages/groundup/dist/kernels/runtime.js'));
const hasBuilds = typeof g.setKernelBuild === 'function' && typeof g.kernelInfo === 'function';

// Node 20 hides relaxed SIMD behind a flag: run the whole bench again in a node that has it, so
// the relaxed build is measured (Chromium has it on by default).
if (hasBuilds && !wasmFeatures().relaxedSimd && !process.execArgv.includes(RELAXED_FLAG)) {
  const child = spawnSync(process.execPath, [RELAXED_FLAG, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const REPS = quick ? 3 : 15;
const WARM = quick ? 1 : 3;
const SLOW_REPS = quick ? 1 : 3; // for the runs that take ~0.3 s each (reference path, tfjs-cpu)
const CHECK_STEPS = 5; // Adam steps from the shared initial weights before the loss is compared

// ── workloads and their inputs: generated once, handed to every framework ──
const MM = 512;
const CONV = { N: 32, Cin: 12, L: 1000, Cout: 32, W: 7 };
const LOUT = CONV.L - CONV.W + 1;
const FLOP = { matmul: 2 * MM ** 3, conv1d: 2 * CONV.N * CONV.Cout * LOUT * CONV.Cin * CONV.W };
const MLP = { B: 128, sizes: [784, 256, 128, 10], lr: 1e-3 };

function randData(n, seed, scale = 1) {
  const gen = new g.Generator(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = gen.normal() * scale;
  return a;
}
const [d0, d1, d2, d3] = MLP.sizes;
const IN = {
  mmA: { shape: [MM, MM], data: randData(MM * MM, 1) },
  mmB: { shape: [MM, MM], data: randData(MM * MM, 2) },
  convX: { shape: [CONV.N, CONV.Cin, CONV.L], data: randData(CONV.N * CONV.Cin * CONV.L, 3) },
  convW: { shape: [CONV.Cout, CONV.Cin, CONV.W], data: randData(CONV.Cout * CONV.Cin * CONV.W, 4) },
  convB: { shape: [CONV.Cout], data: randData(CONV.Cout, 5) },
  mlpX: { shape: [MLP.B, d0], data: randData(MLP.B * d0, 6) },
  mlpY: { shape: [MLP.B], data: (() => { const gen = new g.Generator(7); return Int32Array.from({ length: MLP.B }, () => gen.int(0, d3)); })() },
  // initial weights, [out, in] as in nn.Linear and torch (He-normal), small nonzero biases
  mlpW1: { shape: [d1, d0], data: randData(d1 * d0, 8, Math.sqrt(2 / d0)) },
  mlpB1: { shape: [d1], data: randData(d1, 9, 0.1) },
  mlpW2: { shape: [d2, d1], data: randData(d2 * d1, 10, Math.sqrt(2 / d1)) },
  mlpB2: { shape: [d2], data: randData(d2, 11, 0.1) },
  mlpW3: { shape: [d3, d2], data: randData(d3 * d2, 12, Math.sqrt(2 / d2)) },
  mlpB3: { shape: [d3], data: randData(d3, 13, 0.1) },
};
const PARAM_NAMES = ['mlpW1', 'mlpB1', 'mlpW2', 'mlpB2', 'mlpW3', 'mlpB3'];
const gt = (name) => new g.Tensor(IN[name].data.slice(), IN[name].shape, IN[name].data instanceof Int32Array ? 'int32' : 'float32');

// ── groundup ──
/** The MLP from the library's own layers, its weights set to the shared initial ones. */
function groundupMlp() {
  const lin = [new g.nn.Linear(d0, d1), new g.nn.Linear(d1, d2), new g.nn.Linear(d2, d3)];
  lin.forEach((l, i) => (l.weight.data.set(IN[PARAM_NAMES[2 * i]].data), l.bias.data.set(IN[PARAM_NAMES[2 * i + 1]].data)));
  const model = new g.nn.Sequential(lin[0], new g.nn.ReLU(), lin[1], new g.nn.ReLU(), lin[2]);
  return { model, params: lin.flatMap((l) => [l.weight, l.bias]) };
}

/** Outputs of the three workloads, as plain arrays, for the agreement check. */
function groundupOutputs() {
  const out = { matmul: { c: g.matmul(gt('mmA'), gt('mmB')).data }, conv1d: { y: g.nn.conv1d(gt('convX'), gt('convW'), gt('convB')).data } };
  const X = gt('mlpX'), Y = gt('mlpY');
  let { model, params } = groundupMlp();
  const loss0 = g.loss.crossEntropy(model.forward(X), Y);
  loss0.backward();
  out.mlp = { loss0: loss0.item(), ...Object.fromEntries(params.map((p, i) => [`grad${i}`, p.grad.data.slice()])) };
  ({ model, params } = groundupMlp());
  const opt = new g.optim.Adam(params, { lr: MLP.lr, eps: 1e-8 });
  for (let i = 0; i < CHECK_STEPS; i++) {
    opt.zeroGrad();
    g.loss.crossEntropy(model.forward(X), Y).backward();
    opt.step();
  }
  out.mlp.lossAfter = g.loss.crossEntropy(model.forward(X), Y).item();
  return out;
}

function groundupTimings(r, slow, ok) {
  const reps = slow ? SLOW_REPS : REPS, warm = slow ? 1 : WARM, mlpReps = slow ? SLOW_REPS * 3 : REPS * 2;
  if (ok.matmul) {
    const A = gt('mmA'), B = gt('mmB');
    r.matmul = FLOP.matmul / median(() => g.matmul(A, B), reps, warm) / 1e6;
  }
  if (ok.conv1d) {
    const x = gt('convX'), w = gt('convW'), b = gt('convB');
    r.conv1d = FLOP.conv1d / median(() => g.nn.conv1d(x, w, b), reps, warm) / 1e6;
  }
  if (!ok.mlp) return;
  const X = gt('mlpX'), Y = gt('mlpY');
  const { model, params } = groundupMlp();
  const forward = () => g.loss.crossEntropy(model.forward(X), Y);
  const opt = new g.optim.Adam(params, { lr: MLP.lr, eps: 1e-8 });
  const heap0 = process.memoryUsage().heapUsed;
  r.mlp = 1000 / median(() => {
    opt.zeroGrad();
    const loss = forward();
    loss.backward();
    opt.step();
    r.mlpLoss = loss.item();
  }, mlpReps, warm);
  r.mlpHeapGrowthMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  const fwd = [], bwd = [];
  for (let i = 0; i < mlpReps + warm; i++) {
    opt.zeroGrad();
    const t0 = performance.now();
    const loss = forward();
    loss.item();
    const t1 = performance.now();
    loss.backward();
    const t2 = performance.now();
    if (i >= warm) fwd.push(t1 - t0), bwd.push(t2 - t1);
  }
  setMlpSplit(r, fwd, bwd);
}

function setMlpSplit(r, fwd, bwd) {
  const med = (a) => a.sort((p, q) => p - q)[(a.length - 1) >> 1];
  r.fwdMs = med(fwd);
  r.bwdMs = med(bwd);
  r.bwdOverFwd = r.bwdMs / r.fwdMs;
}

// ── memory over a long training loop (not timed) ──
function memorySection(steps) {
  const X = gt('mlpX'), Y = gt('mlpY');
  const { model, params } = groundupMlp();
  const opt = new g.optim.Adam(params, { lr: MLP.lr });
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
register('./tfjs-gradients.mjs', import.meta.url); // see that file: gradients live outside tfjs-core's Node build
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
await import('@tensorflow/tfjs-backend-cpu');
const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
tfwasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + '/');
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // one thread

const tt = (name) => (IN[name].data instanceof Int32Array ? tf.tensor(IN[name].data, IN[name].shape, 'int32') : tf.tensor(IN[name].data, IN[name].shape));

/** The tfjs MLP: variables W [in, out] (the shared [out, in] weights transposed) and b. */
function tfjsMlp() {
  const vars = PARAM_NAMES.map((n) => tf.variable(IN[n].shape.length === 2 ? tf.tidy(() => tf.transpose(tt(n))) : tt(n)));
  const X = tt('mlpX');
  const Y = tf.tidy(() => tf.cast(tf.oneHot(tt('mlpY'), d3), 'float32'));
  const [W1, b1, W2, b2, W3, b3] = vars;
  const lossFn = () => {
    const h1 = tf.relu(tf.add(tf.matMul(X, W1), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1, W2), b2));
    return tf.losses.softmaxCrossEntropy(Y, tf.add(tf.matMul(h2, W3), b3));
  };
  return { vars, lossFn, dispose: () => (tf.dispose(vars), tf.dispose([X, Y])) };
}

function tfjsOutputs() {
  const A = tt('mmA'), B = tt('mmB');
  const c = tf.matMul(A, B);
  const out = { matmul: { c: c.dataSync() } };
  tf.dispose([A, B, c]);
  const { x, w, bias } = tfjsConvInputs();
  const y = tf.tidy(() => tf.transpose(tf.add(tf.conv1d(x, w, 1, 'valid'), bias), [0, 2, 1])); // NWC → NCW
  out.conv1d = { y: y.dataSync() };
  tf.dispose([x, w, bias, y]);
  let m = tfjsMlp();
  const { value, grads } = tf.variableGrads(m.lossFn);
  out.mlp = { loss0: value.dataSync()[0] };
  m.vars.forEach((v, i) => {
    const gr = v.rank === 2 ? tf.transpose(grads[v.name]) : grads[v.name];
    out.mlp[`grad${i}`] = gr.dataSync();
    gr.dispose();
  });
  tf.dispose([value, ...Object.values(grads)]);
  m.dispose();
  m = tfjsMlp();
  const opt = tf.train.adam(MLP.lr, 0.9, 0.999, 1e-8);
  for (let i = 0; i < CHECK_STEPS; i++) tf.dispose(opt.minimize(m.lossFn, true));
  const l = tf.tidy(m.lossFn);
  out.mlp.lossAfter = l.dataSync()[0];
  tf.dispose([l]);
  opt.dispose();
  m.dispose();
  return out;
}

function tfjsConvInputs() {
  return tf.tidy(() => ({
    x: tf.transpose(tt('convX'), [0, 2, 1]), // NCW → NWC
    w: tf.transpose(tt('convW'), [2, 1, 0]), // [Cout, Cin, W] → [W, Cin, Cout]
    bias: tt('convB'),
  }));
}

function tfjsTimings(r, slow, ok) {
  const reps = slow ? SLOW_REPS : REPS, warm = slow ? 1 : WARM, mlpReps = slow ? SLOW_REPS * 3 : REPS * 2;
  /** Runs f (which returns tensors) and reads every result back, outside any tidy. */
  const readBack = (f) => () => {
    const t = f();
    for (const x of Array.isArray(t) ? t : [t]) x.dataSync();
    tf.dispose(t);
  };
  if (ok.matmul) {
    const A = tt('mmA'), B = tt('mmB');
    r.matmul = FLOP.matmul / median(readBack(() => tf.matMul(A, B)), reps, warm) / 1e6;
    tf.dispose([A, B]);
  }
  if (ok.conv1d) {
    const { x, w, bias } = tfjsConvInputs();
    r.conv1d = FLOP.conv1d / median(readBack(() => tf.tidy(() => tf.add(tf.conv1d(x, w, 1, 'valid'), bias))), reps, warm) / 1e6;
    tf.dispose([x, w, bias]);
  }
  if (!ok.mlp) return;
  const m = tfjsMlp();
  const opt = tf.train.adam(MLP.lr, 0.9, 0.999, 1e-8);
  r.mlp = 1000 / median(() => {
    const l = tf.tidy(() => opt.minimize(m.lossFn, true));
    r.mlpLoss = l.dataSync()[0];
    l.dispose();
  }, mlpReps, warm);
  // tfjs runs forward and backward in one call: backward = (forward + backward) − forward
  const fwdMs = median(readBack(() => tf.tidy(m.lossFn)), mlpReps, warm);
  const fbMs = median(readBack(() => tf.tidy(() => { const { value, grads } = tf.variableGrads(m.lossFn); return [value, ...Object.values(grads)]; })), mlpReps, warm);
  r.fwdMs = fwdMs;
  r.bwdMs = fbMs - fwdMs;
  r.bwdOverFwd = r.bwdMs / r.fwdMs;
  opt.dispose();
  m.dispose();
}

// ── PyTorch (bench/torch_bench.py, on the same numbers) ──
const PYTHON = '/usr/bin/python3';
function torchAvailable() {
  if (!existsSync(PYTHON)) return 'no /usr/bin/python3';
  const p = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  return p.status === 0 ? null : 'torch is not installed for /usr/bin/python3 (apt-get install python3-torch libopenblas0-pthread)';
}

function writeInputs(dir) {
  const arrays = {};
  for (const [name, { shape, data }] of Object.entries(IN)) {
    writeFileSync(join(dir, `${name}.bin`), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    arrays[name] = { file: `${name}.bin`, shape, dtype: data instanceof Int32Array ? 'int32' : 'float32' };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ arrays, flop: FLOP, mlp: { lr: MLP.lr, checkSteps: CHECK_STEPS } }));
}

function torchRun(dir, threads) {
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  const p = spawnSync(PYTHON, [join(root, 'bench/torch_bench.py'), dir, String(threads), String(REPS), String(WARM)], { encoding: 'utf8', env });
  if (p.status !== 0) throw new Error(`bench/torch_bench.py (${threads} threads) failed:\n${p.stderr}`);
  const r = JSON.parse(p.stdout.trim().split('\n').pop());
  const f32 = (name) => {
    const b = readFileSync(join(dir, `torch-${threads}`, `${name}.bin`)); // may be a view into Node's shared pool
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const out = { matmul: { c: f32('matmul') }, conv1d: { y: f32('conv1d') }, mlp: { loss0: f32('loss0')[0], lossAfter: f32('lossAfter')[0] } };
  for (let i = 0; i < 6; i++) out.mlp[`grad${i}`] = f32(`grad${i}`);
  return { r, out };
}

// ── run ──
const t0 = performance.now();
const cpu = cpuModel();
const features = hasBuilds ? g.kernelInfo().features : wasmFeatures();
const machine = {
  cpu: cpu.model,
  logicalCpus: cpu.logical || availableParallelism(),
  loadAtStart: load(),
  node: process.versions.node,
  v8: process.versions.v8,
  nodeFlags: process.execArgv,
  wasmFeatures: features,
  tfjs: tf.version_core,
};
console.log(`groundup bench${quick ? ' (--quick: few repetitions, not a measurement)' : ''}`);
console.log(`  CPU ${machine.cpu}, ${machine.logicalCpus} logical CPUs; load average ${machine.loadAtStart.join(' ')} (1, 5, 15 min)`);
console.log(`  Node ${machine.node} (V8 ${machine.v8})${machine.nodeFlags.length ? ' ' + machine.nodeFlags.join(' ') : ''}; TensorFlow.js ${machine.tfjs}`);
console.log(`  WebAssembly: SIMD ${yes(features.simd)}, relaxed SIMD ${yes(features.relaxedSimd)}, threads/SharedArrayBuffer ${yes(features.threads)}${hasBuilds ? ' (kernelInfo())' : ' (WebAssembly.validate)'}`);
function yes(b) {
  return b ? 'yes' : 'no';
}

const results = {};
const refused = [];
/**
 * A column: `enter` switches to it, `outputs` computes the three workloads once for the check
 * against groundup's reference (null: it is the reference), `time(r, ok, round)` fills r with
 * figures for the workloads that agreed. `once`: timed in the first round only (the slow ones).
 */
const columns = [];

K.setBackend('reference');
const truth = groundupOutputs();
columns.push({ name: 'groundup reference', once: true, enter: () => void K.setBackend('reference'), outputs: () => null, time: (r, ok) => groundupTimings(r, true, ok) });
K.setBackend('wasm');
if (K.getBackend() !== 'wasm') throw new Error('bench: the WebAssembly kernels did not load');
const builds = hasBuilds ? ['simd', ...(features.relaxedSimd ? ['relaxed'] : [])] : [null];
let threads = 1;
for (const build of builds)
  for (const n of [1, 2])
    columns.push({
      name: `${build === 'relaxed' ? 'groundup relaxed' : 'groundup wasm'} ${n}T`,
      async enter() {
        K.setBackend('wasm');
        await withTimeout(K.setThreads(1), 60_000, 'setThreads(1)'); // the worker pool runs the build it started with
        if (build) {
          await g.setKernelBuild(build);
          if (g.kernelInfo().build !== build) throw new Error(`bench: setKernelBuild('${build}') left the build at ${g.kernelInfo().build}`);
        }
        const got = await withTimeout(K.setThreads(n), 60_000, `setThreads(${n}) (build ${build})`);
        if (got !== n) return `setThreads(${n}) gave ${got}`;
        threads = Math.max(threads, got);
      },
      outputs: groundupOutputs,
      time: (r, ok) => groundupTimings(r, false, ok),
    });
/** A bench that hangs tells no one anything: say which call never finished. */
function withTimeout(p, ms, what) {
  let timer;
  return Promise.race([p, new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`bench: ${what} did not resolve within ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}
const leaveGroundup = async () => {
  await withTimeout(K.setThreads(1), 60_000, 'setThreads(1)');
  if (hasBuilds) await g.setKernelBuild('auto');
};
columns.push({ name: 'tfjs-cpu', once: true, enter: async () => void (await tf.setBackend('cpu')), outputs: tfjsOutputs, time: (r, ok) => tfjsTimings(r, true, ok) });
columns.push({ name: 'tfjs-wasm', enter: async () => void (await tf.setBackend('wasm')), outputs: tfjsOutputs, time: (r, ok) => tfjsTimings(r, false, ok) });

let torchInfo = null;
let torchDir = null;
if (withTorch) {
  const why = torchAvailable();
  if (why) console.log(`  PyTorch: skipped (${why})`);
  else {
    torchDir = mkdtempSync(join(tmpdir(), 'groundup-bench-'));
    writeInputs(torchDir);
    for (const n of [1, 2]) {
      let first = null; // torch times everything in the run that produced its outputs
      columns.push({
        name: `torch ${n}T`,
        enter: () => {},
        outputs() {
          const { r, out } = torchRun(torchDir, n);
          torchInfo = { torch: r.torch, blas: r.blas };
          first = r;
          return out;
        },
        time(r, ok, round) {
          const tr = round === 0 ? first : torchRun(torchDir, n).r;
          for (const k of ['matmul', 'conv1d']) if (ok[k]) r[k] = tr[k];
          if (ok.mlp) Object.assign(r, { mlp: tr.mlp, fwdMs: tr.fwdMs, bwdMs: tr.bwdMs, bwdOverFwd: tr.bwdOverFwd });
        },
      });
    }
  }
}

// Rounds: every column is timed once per round, in alternating order, so load that comes and goes
// on a shared machine falls on all of them alike; a figure is the median over the rounds.
const ROUNDS = quick ? 1 : Number(argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);
const perRound = {};
const oks = {};
const memoryAfter = columns.findIndex((c) => c.name === 'tfjs-cpu');
let memory = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = columns.filter((c) => round === 0 || !c.once);
    if (round % 2) order.reverse();
    for (const c of order) {
      if (round === 0 && columns.indexOf(c) === memoryAfter) {
        await leaveGroundup();
        memory = memorySection(quick ? 200 : 2000);
      }
      const skip = await c.enter();
      if (skip) {
        if (round === 0) console.log(`  ${c.name}: skipped (${skip})`);
        continue;
      }
      const r = { maxRelErr: {} };
      if (round === 0) {
        const out = c.outputs();
        oks[c.name] = {};
        for (const w of ['matmul', 'conv1d', 'mlp']) {
          try {
            r.maxRelErr[w] = out ? checkAgreement(c.name, w, out[w], truth[w]) : 0;
            oks[c.name][w] = true;
          } catch (e) {
            if (!(e instanceof MismatchError)) throw e;
            refused.push(e.message);
            console.log(`  REFUSED ${e.message}`);
            r[w] = null;
          }
        }
      }
      const l0 = load()[0];
      c.time(r, oks[c.name], round);
      r.load = [l0, load()[0]];
      (perRound[c.name] ??= []).push(r);
      console.log(`  ${c.name}: round ${round + 1}/${ROUNDS} done (load ${r.load[0]} → ${r.load[1]})`);
    }
    await leaveGroundup();
  }
} finally {
  if (torchDir) rmSync(torchDir, { recursive: true, force: true });
}
if (torchInfo) console.log(`  PyTorch ${torchInfo.torch}, BLAS ${torchInfo.blas}`);
for (const c of columns) {
  const rs = perRound[c.name];
  if (!rs) continue;
  const r = { ...rs[0] };
  for (const k of ['matmul', 'conv1d', 'mlp', 'fwdMs', 'bwdMs', 'mlpHeapGrowthMB', 'mlpLoss'])
    if (typeof rs[0][k] === 'number') r[k] = medianOf(rs.map((x) => x[k]));
  if (r.fwdMs != null) r.bwdOverFwd = r.bwdMs / r.fwdMs;
  const loads = rs.flatMap((x) => x.load);
  r.load = [Math.min(...loads), Math.max(...loads)];
  r.rounds = rs.length;
  if (rs.length > 1) r.spread = Object.fromEntries(['matmul', 'conv1d', 'mlp'].filter((k) => typeof rs[0][k] === 'number').map((k) => [k, [Math.min(...rs.map((x) => x[k])), Math.max(...rs.map((x) => x[k]))]]));
  results[c.name] = r;
}

// ── tables ──
const fmt = (v) => (v == null ? 'refused' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const cols = Object.keys(results);
const ROWS = [
  ['matmul 512³, GFLOP/s', 'matmul'],
  ['conv1d [32,12,1000]·32×7, GFLOP/s', 'conv1d'],
  ['MLP 784-256-128-10 b128 Adam, steps/s', 'mlp'],
  ['MLP backward ÷ forward (target ≤ 2.0)', 'bwdOverFwd'],
];
const mdTable = (header, rows) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const table = mdTable(['workload', ...cols], [...ROWS.map(([label, key]) => [label, ...cols.map((c) => fmt(results[c][key]))]), ['load average (1 min), lowest–highest while timed', ...cols.map((c) => results[c].load.join('–'))], ['rounds', ...cols.map((c) => String(results[c].rounds))]]);
console.log('\n' + table);

// ratios: every fast groundup column against tfjs-wasm (one thread) and PyTorch on as many threads
const ratio = (a, b) => (a == null || b == null ? '—' : `${(a / b).toFixed(2)}×`);
const fast = cols.filter((c) => /^groundup (wasm|relaxed) \dT$/.test(c));
const ratioHeader = ['groundup', 'matmul ÷ tfjs-wasm', 'conv1d ÷ tfjs-wasm', 'MLP ÷ tfjs-wasm'];
if (results['torch 1T']) ratioHeader.push('matmul ÷ torch', 'conv1d ÷ torch', 'MLP ÷ torch');
const ratioRows = fast.map((c) => {
  const tw = results['tfjs-wasm'], tr = results[`torch ${c.slice(-2)}`];
  const row = [c, ...['matmul', 'conv1d', 'mlp'].map((k) => ratio(results[c][k], tw[k]))];
  if (results['torch 1T']) row.push(...['matmul', 'conv1d', 'mlp'].map((k) => ratio(results[c][k], tr?.[k])));
  return row;
});
const targets = ['target (issue 8)', '≥ 1.3× (1T), ≥ 2× (2T)', '≥ 1.3× (1T)', '≥ 8×'];
if (results['torch 1T']) targets.push('', '', '≥ 1.0× (1T vs 1T)');
const ratios = mdTable(ratioHeader, [...ratioRows, targets]);
console.log('\nratios (torch on the same number of threads as the groundup row)\n' + ratios);
console.log(`\nlargest difference from groundup's reference (÷ its rms): ${cols.filter((c) => c !== 'groundup reference').map((c) => `${c} ${Math.max(...Object.values(results[c].maxRelErr)).toExponential(1)}`).join('; ')}`);
console.log(`MLP forward / backward ms: ${cols.filter((c) => results[c].fwdMs != null).map((c) => `${c} ${results[c].fwdMs.toFixed(2)} / ${results[c].bwdMs.toFixed(2)}`).join('; ')}`);
console.log(`MLP heap growth over the timed steps (MB): ${cols.filter((c) => results[c].mlpHeapGrowthMB != null).map((c) => `${c} ${results[c].mlpHeapGrowthMB.toFixed(1)}`).join('; ')}`);

// ── extra benchmarks (bench/*.bench.mjs) ──
const extras = {};
const extraErrors = [];
for (const file of readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.mjs')).sort()) {
  try {
    const mod = await import(pathToFileURL(join(root, 'bench', file)).href);
    const res = await mod.default({ quick, torch: withTorch, root, python: PYTHON, load, median, checkAgreement, results, log: (s) => console.log(`  ${s}`) });
    extras[res.name ?? file] = res.results;
    if (res.table) console.log(`\n${res.name ?? file}\n${res.table}`);
  } catch (e) {
    extraErrors.push(`${file}: ${e.message}`);
    console.log(`\n${file} FAILED: ${e.stack ?? e}`);
  }
}

machine.loadAtEnd = load();
console.log(`\nload average at the end ${machine.loadAtEnd.join(' ')}; total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
writeFileSync(
  join(root, 'bench-results.json'),
  JSON.stringify({ date: new Date().toISOString(), quick, ...machine, cores: machine.logicalCpus, threads, torch: torchInfo, results, table, ratios, refused, memory, extras }, null, 2) + '\n',
);
console.log('wrote bench-results.json');
if (refused.length || extraErrors.length) {
  console.log(`\n${refused.length} figure(s) refused, ${extraErrors.length} extra bench(es) failed`);
  process.exit(1);
}
