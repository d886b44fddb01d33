#!/usr/bin/env node
// Fit time of gradient-boosted trees: 200 rounds of depth-4 trees on digits (1,797 × 64,
// multi:softprob, so 2,000 trees) with groundup's trees.GradientBoosting beside XGBoost's exact
// method (tree_method='exact', 1 thread and 2) on the same data, same settings.
//
// `npm run bench` picks this file up (bench/*.bench.mjs: `await run(ctx)`); on its own:
//
//   npm run build --workspace packages/groundup && node bench/trees.bench.mjs [--quick]
//
// XGBoost is timed by /usr/bin/python3 (Debian's python3-xgboost 1.7); where it is missing the
// XGBoost columns say so and groundup is still timed. Before timing, both models' training-set
// margins after the first rounds are compared (they must agree to 1e-4): a figure for a
// different model would mean nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SETTINGS = { rounds: 200, maxDepth: 4, eta: 0.3, lambda: 1 };

const PY = String.raw`
import json, sys, time
import numpy as np
try:
    import xgboost as xgb
except ImportError:
    print(json.dumps({'error': 'xgboost is not installed for this python (apt-get install python3-xgboost)'})); sys.exit(0)
a = json.load(open(sys.argv[1]))
X = np.asarray(a['x'], dtype=np.float32).reshape(a['n'], a['d']); y = np.asarray(a['y'])
p = {'objective': 'multi:softprob', 'num_class': 10, 'tree_method': 'exact', 'max_depth': a['maxDepth'], 'eta': a['eta'], 'lambda': a['lambda']}
d = xgb.DMatrix(X, label=y)
check = xgb.train(dict(p, nthread=1), d, a['checkRounds']).predict(d, output_margin=True)
out = {'version': xgb.__version__, 'checkMargin': check.ravel()[:200].tolist(), 'seconds': {}}
out['cpuSeconds'] = {}
for nt in (1, 2):
    ts, cs = [], []
    for r in range(a['reps'] if nt == 1 else 1):
        t = time.perf_counter(); c = time.process_time()
        xgb.train(dict(p, nthread=nt), d, a['rounds'])
        ts.append(time.perf_counter() - t); cs.append(time.process_time() - c)
    out['seconds'][str(nt)] = sorted(ts)[len(ts) // 2]
    out['cpuSeconds'][str(nt)] = sorted(cs)[len(cs) // 2]
print(json.dumps(out))
`;

function medianOf(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Called by bench/run.mjs with its context; also runs on its own (see the bottom). */
export default async function run(ctx = {}) {
  const quick = !!ctx.quick;
  const log = ctx.log ?? ((s) => console.log(`  ${s}`));
  const g = ctx.groundup ?? (await import(pathToFileURL(join(ctx.root ?? ROOT, 'packages/groundup/dist/index.js')).href));
  if (!g.trees) {
    const why = 'this build of groundup has no trees namespace; rebuild it (npm run build --workspace packages/groundup)';
    log(`trees: skipped: ${why}`);
    return { name: 'trees: boosted-tree fit time', table: `skipped: ${why}`, results: { skipped: why } };
  }
  const { x, y } = g.data.digits();
  const [n, d] = x.shape;
  const reps = quick ? 1 : 3;
  const rounds = quick ? 20 : SETTINGS.rounds;
  const opts = { objective: 'multi:softprob', maxDepth: SETTINGS.maxDepth, learningRate: SETTINGS.eta, lambda: SETTINGS.lambda };
  const checkRounds = 3;
  const load0 = loadavg();

  // XGBoost in a child process (its own timing, so process start-up and data loading are not counted)
  let xgbRes = null;
  const python = ctx.python ?? '/usr/bin/python3';
  if (existsSync(python)) {
    const dir = mkdtempSync(join(tmpdir(), 'trees-bench-'));
    const file = join(dir, 'digits.json');
    writeFileSync(file, JSON.stringify({ x: Array.from(x.data), y: Array.from(y.data), n, d, ...SETTINGS, rounds, reps, checkRounds }));
    const p = spawnSync(python, ['-c', PY, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    rmSync(dir, { recursive: true, force: true });
    try {
      xgbRes = JSON.parse(p.stdout.trim().split('\n').pop());
    } catch {
      xgbRes = { error: `python failed: ${(p.stderr || '').trim().split('\n').pop()}` };
    }
  } else xgbRes = { error: `no ${python}` };

  // agreement before timing: margins after a few rounds
  const small = new g.trees.GradientBoosting({ ...opts, nEstimators: checkRounds }).fit(x, y).predictMargin(x).data;
  let agree = null;
  if (xgbRes && !xgbRes.error) {
    agree = 0;
    xgbRes.checkMargin.forEach((v, i) => (agree = Math.max(agree, Math.abs(v - small[i]))));
    if (!(agree < 1e-4)) throw new Error(`groundup and XGBoost disagree after ${checkRounds} rounds (largest margin difference ${agree}); not timing different models`);
  }

  const times = [];
  const cpu = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    new g.trees.GradientBoosting({ ...opts, nEstimators: rounds }).fit(x, y);
    const u = process.cpuUsage(c);
    times.push((performance.now() - t) / 1000);
    cpu.push((u.user + u.system) / 1e6);
  }
  const ours = medianOf(times);
  const oursCpu = medianOf(cpu);
  const load1 = loadavg();
  const results = {
    workload: `digits ${n}×${d}, multi:softprob, ${rounds} rounds × 10 classes, depth ${SETTINGS.maxDepth}, eta ${SETTINGS.eta}, lambda ${SETTINGS.lambda}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    load: [load0.map((v) => +v.toFixed(2)), load1.map((v) => +v.toFixed(2))],
    groundupSeconds: +ours.toFixed(3),
    groundupCpuSeconds: +oursCpu.toFixed(3),
    xgboost: xgbRes.error
      ? { skipped: xgbRes.error }
      : {
          version: xgbRes.version,
          seconds1T: +xgbRes.seconds['1'].toFixed(3),
          seconds2T: +xgbRes.seconds['2'].toFixed(3),
          cpuSeconds1T: +xgbRes.cpuSeconds['1'].toFixed(3),
          cpuSeconds2T: +xgbRes.cpuSeconds['2'].toFixed(3),
        },
    marginAgreement: agree,
  };
  const ratio = (a, b) => (xgbRes.error ? '' : `${(a / b).toFixed(2)}×`);
  const row = (name, s, c, note = '') =>
    `| ${name} | ${s.toFixed(2)} | ${c.toFixed(2)} | ${xgbRes.error ? '' : ratio(s, xgbRes.seconds['1'])} | ${xgbRes.error ? '' : ratio(c, xgbRes.cpuSeconds['1'])} | ${note} |`;
  const table = [
    `${results.workload}; groundup median of ${reps}, XGBoost 1 thread median of ${reps}, 2 threads one run; load ${results.load[0].join(' ')} → ${results.load[1].join(' ')}`,
    '| fit | wall s | CPU s | wall ÷ XGBoost 1T | CPU ÷ XGBoost 1T | |',
    '|---|---:|---:|---:|---:|---|',
    row('groundup trees.GradientBoosting (1 thread)', ours, oursCpu, agree === null ? '' : `margins after ${checkRounds} rounds agree to ${agree.toExponential(1)}`),
    ...(xgbRes.error
      ? [`| XGBoost exact | — | — | | | skipped: ${xgbRes.error} |`]
      : [
          row(`XGBoost ${xgbRes.version} exact, nthread 1`, xgbRes.seconds['1'], xgbRes.cpuSeconds['1']),
          row(`XGBoost ${xgbRes.version} exact, nthread 2`, xgbRes.seconds['2'], xgbRes.cpuSeconds['2'], 'CPU time of both threads'),
        ]),
  ].join('\n');
  log(`trees: groundup ${ours.toFixed(2)} s${xgbRes.error ? '' : `, XGBoost ${xgbRes.seconds['1'].toFixed(2)} s (1T) / ${xgbRes.seconds['2'].toFixed(2)} s (2T)`}`);
  return { name: 'trees: boosted-tree fit time', table, results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dist = process.env.GROUNDUP_DIST;
  const groundup = dist ? await import(pathToFileURL(join(dist, 'index.js')).href) : undefined;
  const res = await run({ quick: process.argv.includes('--quick'), groundup, log: (s) => console.log(s) });
  console.log(`\n${res.name}\n${res.table}`);
  console.log(JSON.stringify(res.results, null, 2));
}
