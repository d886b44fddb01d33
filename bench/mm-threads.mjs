// Quick probe: matmul GFLOP/s at 1 and 2 threads, several sizes, wall and CPU time.
import * as g from '../packages/groundup/dist/index.js';
const sizes = (process.argv[2] ?? '256,512,1024').split(',').map(Number);
const reps = Number(process.argv[3] ?? 15);
function med(a) { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; }
for (const threads of [1, 2]) {
  await g.setThreads(threads);
  for (const n of sizes) {
    const A = g.randn([n, n], { seed: 1 }), B = g.randn([n, n], { seed: 2 });
    for (let i = 0; i < 3; i++) g.matmul(A, B);
    const ts = [];
    for (let i = 0; i < reps; i++) { const t = performance.now(); g.matmul(A, B); ts.push(performance.now() - t); }
    const ms = med(ts);
    console.log(`${threads}T n=${n}: ${ms.toFixed(2)} ms  ${(2 * n ** 3 / ms / 1e6).toFixed(1)} GFLOP/s`);
  }
}
await g.setThreads(1);
process.exit(0);
