#!/usr/bin/env node
// The WebAssembly SIMD ceiling of this CPU, and how close groundup's GEMM kernel runs to it.
//
// bench/ceiling.asm.ts holds a register-only loop (12 independent chains of f32x4.relaxed_madd),
// compiled here with the workspace's AssemblyScript and timed by CPU time (median of 7); then groundup's raw GEMM kernel (512³, operands already in WebAssembly
// memory, no copies) is timed the same way in both builds, right after, so the efficiency ratio
// holds even when the machine is busy (a busy machine lowers the clock for both alike). The MLP
// row turns the ceiling into the most steps per second any WebAssembly GEMM could give the bench's
// MLP (its multiply-adds counted from the layer sizes), beside PyTorch's figure when it ran.
//
// `npm run bench` picks this file up (bench/*.bench.mjs); on its own:
//   npm run build --workspace packages/groundup && node --experimental-wasm-relaxed-simd bench/ceiling.bench.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MLP_SIZES = [784, 256, 128, 10], MLP_BATCH = 128;

/** Multiply-adds ×2 of one training step of the bench's MLP: forward, every ∂W, and ∂x of all layers but the first. */
export function mlpStepFlops(sizes = MLP_SIZES, batch = MLP_BATCH) {
  let f = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const mac = batch * sizes[l] * sizes[l + 1];
    f += 2 * mac * (l === 0 ? 2 : 3);
  }
  return f;
}

function cpuMedian(fn, reps) {
  fn();
  const ts = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(c0);
    ts.push((d.user + d.system) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1];
}

export default async function run(ctx = {}) {
  const root = ctx.root ?? ROOT, quick = !!ctx.quick;
  const log = ctx.log ?? ((s) => console.log(`  ${s}`));
  const asc = join(root, 'node_modules/.bin/asc');
  const RT = await import(pathToFileURL(join(root, 'packages/groundup/dist/kernels/runtime.js')).href);
  if (!RT.relaxedSimdAvailable()) return { name: 'ceiling', table: 'skipped: this engine has no relaxed SIMD (node needs --experimental-wasm-relaxed-simd; npm run bench adds it)', results: { skipped: true } };
  if (!existsSync(asc)) return { name: 'ceiling', table: 'skipped: assemblyscript is not installed (npm install)', results: { skipped: true } };
  const dir = mkdtempSync(join(tmpdir(), 'groundup-ceiling-'));
  let e;
  try {
    const out = join(dir, 'c.wasm');
    execFileSync(asc, [join(root, 'bench/ceiling.asm.ts'), '--runtime', 'stub', '-O3', '--enable', 'simd,relaxed-simd', '-o', out], { stdio: 'inherit' });
    e = (await WebAssembly.instantiate(readFileSync(out))).instance.exports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const N = quick ? 2e6 : 2e7, reps = quick ? 3 : 7;
  const ceiling = (N * 96) / cpuMedian(() => e.fused(N), reps) / 1e9;

  // groundup's raw kernel, each build, operands resident (what the micro-kernel and packing reach)
  const g = await import(pathToFileURL(join(root, 'packages/groundup/dist/index.js')).href);
  const G = await import(pathToFileURL(join(root, 'packages/groundup/dist/kernels/gemm.js')).href);
  const n = 512, kernel = {};
  for (const build of ['simd', 'relaxed']) {
    await g.setKernelBuild(build);
    g.matmul(g.ones([64, 64]), g.ones([64, 64])); // loads this build's runtime
    const rt = G.activeRuntime();
    const [a, b, c] = rt.regions(n * n, n * n, n * n);
    const f = rt.f32;
    for (let i = 0; i < 2 * n * n; i++) f[(a >> 2) + i] = Math.sin(i);
    const work = rt.work(0);
    kernel[build] = (2 * n ** 3) / cpuMedian(() => rt.exports.gemm(n, n, n, a, n, 1, b, n, 1, c, n, 0, work), quick ? 3 : 15) / 1e9;
  }
  await g.setKernelBuild('auto');

  const flops = mlpStepFlops();
  const torchMlp = ctx.results?.['torch 1T']?.mlp;
  const pct = (x) => `${((100 * x) / ceiling).toFixed(0)}%`;
  const rows = [
    ['f32x4.relaxed_madd, 12 independent chains (the ceiling)', ceiling.toFixed(1), ''],
    ['groundup GEMM kernel 512³, relaxed build (operands in memory)', kernel.relaxed.toFixed(1), `${pct(kernel.relaxed)} of the ceiling`],
    ['groundup GEMM kernel 512³, plain SIMD build', kernel.simd.toFixed(1), `${pct(kernel.simd)} of the ceiling`],
    [
      `MLP step (${(flops / 1e6).toFixed(1)} MFLOP of products): most steps/s at the ceiling`,
      ((ceiling * 1e9) / flops).toFixed(0),
      torchMlp ? `PyTorch 1T ran ${torchMlp.toFixed(0)} steps/s = ${((torchMlp * flops) / 1e9).toFixed(1)} GFLOP/s of products (${pct((torchMlp * flops) / 1e9)} of this ceiling)` : 'PyTorch not run (--torch)',
    ],
  ];
  const table = [
    `CPU time, one thread, load ${(ctx.load?.() ?? []).join(' ')}`,
    '| what | GFLOP/s (steps/s for the MLP) | |',
    '|---|---:|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  log(`ceiling: ${ceiling.toFixed(1)} GFLOP/s; kernel ${kernel.relaxed.toFixed(1)} relaxed, ${kernel.simd.toFixed(1)} plain`);
  return { name: 'ceiling: WebAssembly SIMD on this CPU', table, results: { ceiling, kernel, mlpStepFlops: flops, torchMlp } };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await run({ quick: process.argv.includes('--quick') });
  console.log(r.table);
  process.exit(0);
}
