// Shared pieces of bench/run.mjs: timing, the agreement check that stands between a framework's
// output and a reported figure, and a description of the machine (CPU, load, WebAssembly features).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Median of the durations (ms) of `reps` calls of fn, after `warm` unmeasured calls. */
export function median(fn, reps, warm) {
  for (let i = 0; i < warm; i++) fn();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return medianOf(ts);
}

export const medianOf = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A framework's output disagrees with groundup's: its timing is not reported. */
export class MismatchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MismatchError';
  }
}

/**
 * How far `got` is from `want`, in units of the typical size of `want`: max |got − want| ÷
 * rms(want) (the rms is floored at 1e-30 so an all-zero `want` still compares). A float32 result
 * that sums a few thousand terms in another order lands near 1e-6; a skipped, transposed or
 * garbage result near 1 or above.
 */
export function relError(got, want) {
  if (got.length !== want.length) return Infinity;
  let ss = 0;
  for (let i = 0; i < want.length; i++) ss += want[i] * want[i];
  const rms = Math.max(Math.sqrt(ss / Math.max(1, want.length)), 1e-30);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= worst)) worst = d; // NaN in got makes worst NaN, and NaN never passes the check
    if (Number.isNaN(worst)) return NaN;
  }
  return worst / rms;
}

/** The tolerance for float32 results: 1e-3 of the result's rms, element by element. */
export const FLOAT32_TOL = 1e-3;

/**
 * Throws MismatchError unless every output of `got` (name → array-like) matches `want` within
 * `tol` (relError). Returns the worst relative error found, which the bench prints.
 */
export function checkAgreement(framework, workload, got, want, tol = FLOAT32_TOL) {
  let worst = 0;
  for (const key of Object.keys(want)) {
    if (!(key in got)) throw new MismatchError(`${framework} ${workload}: no "${key}" output to compare`);
    const g = got[key], w = want[key];
    const gl = typeof g === 'number' ? [g] : g, wl = typeof w === 'number' ? [w] : w;
    if (gl.length !== wl.length)
      throw new MismatchError(`${framework} ${workload}: "${key}" has ${gl.length} numbers, groundup's has ${wl.length}`);
    const e = relError(gl, wl);
    if (!(e <= tol))
      throw new MismatchError(
        `${framework} ${workload}: "${key}" differs from groundup's by ${e.toExponential(2)} of its rms (tolerance ${tol}); the figure is not reported`,
      );
    worst = Math.max(worst, e);
  }
  return worst;
}

// ── the machine ──

/** The CPU model named in /proc/cpuinfo (os.cpus() elsewhere), and how many logical CPUs it lists. */
export function cpuModel() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const names = [...info.matchAll(/^model name\s*:\s*(.+)$/gm)].map((m) => m[1].trim());
    if (names.length) return { model: names[0], logical: names.length };
  } catch {}
  return { model: 'unknown CPU', logical: 0 };
}

/** The 1-, 5- and 15-minute load averages, rounded to 0.01. */
export const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

// Tiny modules whose validation says whether the engine has a feature (the same test that
// wasm-feature-detect uses): a v128 constant, an f32x4.relaxed_madd, and an atomic load from
// shared memory.
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];
const RELAXED_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11];
const THREADS_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26, 11];

/** { simd, relaxedSimd, threads } from WebAssembly.validate on the probes (threads also needs SharedArrayBuffer). */
export function wasmFeatures() {
  const ok = (bytes) => {
    try {
      return WebAssembly.validate(new Uint8Array(bytes));
    } catch {
      return false;
    }
  };
  return { simd: ok(SIMD_PROBE), relaxedSimd: ok(RELAXED_PROBE), threads: typeof SharedArrayBuffer === 'function' && ok(THREADS_PROBE) };
}
