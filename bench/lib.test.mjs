// The bench's agreement check (a figure from a wrong result is refused) and its feature probes.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FLOAT32_TOL, MismatchError, checkAgreement, medianOf, relError, wasmFeatures } from './lib.mjs';

/** C = A·B for n×n row-major float32 matrices, summed in float64 (an independent product). */
function matmul64(a, b, n) {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j]; c[i * n + j] = s; }
  return c;
}

describe('bench agreement check', () => {
  const n = 64;
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const a = Float32Array.from({ length: n * n }, rnd);
  const b = Float32Array.from({ length: n * n }, rnd);
  const want = matmul64(a, b, n);

  it('accepts the same product summed in float32 in another order', () => {
    const got = new Float32Array(n * n); // k outermost, rounding to float32 at every step
    for (let k = n - 1; k >= 0; k--) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) got[i * n + j] = Math.fround(got[i * n + j] + Math.fround(a[i * n + k] * b[k * n + j]));
    const e = checkAgreement('other', 'matmul', { c: got }, { c: want });
    expect(e).toBeGreaterThan(0);
    expect(e).toBeLessThan(FLOAT32_TOL / 10);
  });

  it('refuses a transposed product, skipped work, one wrong element, NaN and a short result', () => {
    const t = matmul64(b, a, n); // (BA) ≠ (AB)
    const half = Float64Array.from(want, (v, i) => (i < want.length / 2 ? v : 0));
    const oneOff = Float64Array.from(want);
    oneOff[777] += 0.05 * Math.sqrt(want.reduce((s, v) => s + v * v, 0) / want.length); // 5% of the rms
    const nan = Float64Array.from(want);
    nan[3] = NaN;
    for (const got of [t, half, oneOff, nan, want.subarray(1)])
      expect(() => checkAgreement('fw', 'matmul', { c: got }, { c: want })).toThrow(MismatchError);
    expect(() => checkAgreement('tfjs-wasm', 'conv1d', { y: half }, { y: want })).toThrow(/tfjs-wasm conv1d: "y" differs .* not reported/);
    expect(() => checkAgreement('fw', 'mlp', {}, { loss0: 1 })).toThrow(/no "loss0" output/);
  });

  it('compares scalars by the same rule', () => {
    expect(checkAgreement('fw', 'mlp', { loss0: 2.3025851 }, { loss0: 2.302585 })).toBeLessThan(1e-6);
    expect(() => checkAgreement('fw', 'mlp', { loss0: 2.31 }, { loss0: 2.30 })).toThrow(MismatchError);
  });

  it('relError is max |got − want| over the rms of want', () => {
    expect(relError([1, 2, 3], [1, 2, 5])).toBeCloseTo(2 / Math.sqrt((1 + 4 + 25) / 3), 12);
    expect(relError([0, 0], [0, 0])).toBe(0);
  });

  it('medianOf takes the middle, or the mean of the two middles', () => {
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('bench WebAssembly feature probes', () => {
  it('find SIMD and threads in Node 20, relaxed SIMD only with --experimental-wasm-relaxed-simd', () => {
    const f = wasmFeatures();
    expect(f.simd).toBe(true);
    expect(f.threads).toBe(true);
    const probe = (flags) => {
      const p = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', `import { wasmFeatures } from ${JSON.stringify(new URL('./lib.mjs', import.meta.url).href)}; console.log(JSON.stringify(wasmFeatures()))`], { encoding: 'utf8' });
      return JSON.parse(p.stdout);
    };
    expect(probe([]).relaxedSimd).toBe(false);
    expect(probe(['--experimental-wasm-relaxed-simd']).relaxedSimd).toBe(true);
  });
});
