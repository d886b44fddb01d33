/**
 * `groundup bench`: run the repository's benchmark (bench/run.mjs: groundup against TensorFlow.js,
 * in one process) and, with --json, summarise its bench-results.json as one line.
 *
 *   groundup bench --quick --json
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import type { Context, ExitCode } from '../context.js';
import { findRoot, runNode } from '../repo.js';

export const BENCH_SCRIPT = 'bench/run.mjs';

export const benchSpec = {
  name: 'bench',
  summary: 'run the benchmark (groundup vs TensorFlow.js); needs the built library (npm run build)',
  flags: {
    quick: { type: 'boolean', help: 'fewer repetitions: a smoke test, not a measurement' },
    json: { type: 'boolean', help: 'print { results: { workload: { ms, gflops?, stepsPerSec? } } } as the last line' },
  },
  notes: ['Workload names are "<kernel> · <implementation>", e.g. "matmul 512³ · groundup wasm 1T".'],
} satisfies CommandSpec;

export interface WorkloadResult {
  ms: number;
  gflops?: number;
  stepsPerSec?: number;
}

/**
 * Floating-point work of bench/run.mjs's workloads, to turn its GFLOP/s back into milliseconds:
 * matmul 512×512 by 512×512 (2·512³), conv1d [32,12,1000] with 32 filters of width 7 and no
 * padding (2·N·C_out·L_out·C_in·K, L_out = 994).
 */
const FLOP: Record<string, { name: string; flop: number }> = {
  matmul: { name: 'matmul 512³', flop: 2 * 512 ** 3 },
  conv1d: { name: 'conv1d [32,12,1000]·32×7', flop: 2 * 32 * 32 * 994 * 12 * 7 },
};

/**
 * bench-results.json → { results: { workload: { ms, gflops?, stepsPerSec? } } }.
 * Its `results` map implementation → { matmul: GFLOP/s, conv1d: GFLOP/s, mlp: steps/s, fwdMs, bwdMs, … }.
 */
export function summariseBench(json: unknown): { results: Record<string, WorkloadResult> } {
  const results: Record<string, WorkloadResult> = {};
  const impls = (json as { results?: Record<string, Record<string, unknown>> } | null)?.results;
  if (!impls || typeof impls !== 'object') throw new Error('bench-results.json has no "results" object');
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  for (const [impl, r] of Object.entries(impls)) {
    if (!r || typeof r !== 'object') continue;
    for (const [key, { name, flop }] of Object.entries(FLOP)) {
      const gflops = num(r[key]);
      if (gflops && gflops > 0) results[`${name} · ${impl}`] = { ms: flop / (gflops * 1e6), gflops };
    }
    const steps = num(r.mlp);
    if (steps && steps > 0) results[`MLP 784-256-128-10 Adam step · ${impl}`] = { ms: 1000 / steps, stepsPerSec: steps };
    const fwd = num(r.fwdMs);
    const bwd = num(r.bwdMs);
    if (fwd !== undefined) results[`MLP forward · ${impl}`] = { ms: fwd };
    if (bwd !== undefined) results[`MLP backward · ${impl}`] = { ms: bwd };
  }
  return { results };
}

export async function bench(argv: string[], ctx: Context): Promise<ExitCode> {
  const { help, flags } = parseArgs(benchSpec, argv);
  if (help) return ctx.out(helpText(benchSpec)), 0;

  // 1. find the benchmark
  const root = findRoot(BENCH_SCRIPT, ctx.cwd);
  if (!root) {
    ctx.err(`groundup bench: ${BENCH_SCRIPT} was not found; run this from the groundup repository\n`);
    return 1;
  }
  if (!existsSync(join(root, 'packages/groundup/dist/index.js'))) {
    ctx.err('groundup bench: the library is not built (packages/groundup/dist is missing); run `npm run build` first\n');
    return 1;
  }

  // 2. run it (with --json its table goes to stderr, so stdout ends with our one JSON line)
  const started = Date.now();
  const code = await runNode(join(root, BENCH_SCRIPT), flags.quick ? ['--quick'] : [], ctx, { cwd: root, stdoutToStderr: flags.json });
  if (code !== 0) {
    ctx.err(`groundup bench: ${BENCH_SCRIPT} exited with code ${code}\n`);
    return 1;
  }

  // 3. the summary
  if (flags.json) {
    const file = join(root, 'bench-results.json');
    if (!existsSync(file) || statSync(file).mtimeMs < started - 1000) {
      ctx.err(`groundup bench: ${file} was not written by this run\n`);
      return 1;
    }
    ctx.out(JSON.stringify(summariseBench(JSON.parse(readFileSync(file, 'utf8')))));
  }
  return 0;
}
