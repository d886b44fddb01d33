// Restarting the worker pool on a runtime that already had one (setThreads(2) → 1 → 2, as a
// benchmark or a widget does when it switches builds) must leave a pool that computes.
import { afterAll, describe, expect, it } from 'vitest';
import { Generator, matmul, randn, setKernelBuild, setThreads } from '../index.js';
import { gemmReference } from './gemm.js';

afterAll(async () => {
  await setThreads(1);
  setKernelBuild('auto');
});

describe('worker pool restart', () => {
  it('a second and third pool on the same shared memory split products and get them right', async () => {
    const gen = new Generator(3);
    const n = 160; // 160³ > THREAD_MIN_WORK: the product is split over the threads
    const a = randn([n, n], { generator: gen }), b = randn([n, n], { generator: gen });
    const want = new Float64Array(n * n);
    gemmReference(n, n, n, a.data, 0, n, 1, b.data, 0, n, 1, want, 0, n, false);
    for (let round = 0; round < 3; round++) {
      await setThreads(1);
      setKernelBuild('simd');
      const got = await setThreads(2);
      if (got !== 2) return; // no SharedArrayBuffer/workers here: nothing to restart
      const c = matmul(a, b).data;
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(c[i]! - want[i]!));
      expect(worst, `round ${round}`).toBeLessThan(1e-3);
    }
  }, 20_000);
});
