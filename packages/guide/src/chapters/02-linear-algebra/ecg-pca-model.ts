/**
 * PCA on real heartbeats, DOM-free. MIT-BIH record 208 (data.ecg.record208) is cut into beats
 * around its R peaks — local maxima above mean + 2.5·std, at least 0.3 s apart (bookkeeping) — each
 * beat 0.25 s before to 0.45 s after the peak, every 3rd sample (84 values at 120 Hz). The library's
 * linalg.pca finds the axes; a beat is rebuilt from its first k coordinates.
 */
import { data, linalg, tensor, type Tensor } from 'groundup';

type PCAResult = ReturnType<typeof linalg.pca>;

export const BEFORE = 90; // samples at 360 Hz
export const AFTER = 162;
export const STRIDE = 3;
export const MAX_K = 8;

const rec = await data.ecg.record208();

/** R-peak sample indices: local maxima over mean + 2.5·std, at least 0.3 s apart. */
export function rPeaks(x: ArrayLike<number>, fs: number, mean: number, std: number): number[] {
  const thr = mean + 2.5 * std;
  const gap = Math.round(0.3 * fs);
  const peaks: number[] = [];
  for (let i = 1; i < x.length - 1; i++) {
    if (x[i]! < thr || x[i]! < x[i - 1]! || x[i]! < x[i + 1]!) continue;
    const last = peaks.at(-1);
    if (last !== undefined && i - last < gap) {
      if (x[i]! > x[last]!) peaks[peaks.length - 1] = i;
    } else peaks.push(i);
  }
  return peaks;
}

export interface Beats {
  X: Tensor; // [n, d]
  peaks: number[];
  fit: PCAResult;
  ratio: number[];
  t: number[]; // seconds relative to the R peak
}

let cache: Beats | null = null;
export function beats(): Beats {
  if (cache) return cache;
  const s = rec.signal;
  const x = s.data;
  const peaks = rPeaks(x, rec.fs, s.mean().item(), s.std().item()).filter((p) => p - BEFORE >= 0 && p + AFTER < x.length);
  const rows = peaks.map((p) => {
    const r: number[] = [];
    for (let i = -BEFORE; i < AFTER; i += STRIDE) r.push(x[p + i]!);
    return r;
  });
  const X = tensor(rows, { dtype: 'float64' });
  const fit = linalg.pca(X, MAX_K);
  const t = Array.from({ length: rows[0]!.length }, (_, j) => (-BEFORE + j * STRIDE) / rec.fs);
  return (cache = { X, peaks, fit, ratio: Array.from(fit.explainedVarianceRatio.data as Float64Array), t });
}

/** Beat i rebuilt from its first k coordinates: the mean plus k components. */
export function reconstruct(i: number, k: number): { beat: number[]; approx: number[]; rmse: number } {
  const b = beats();
  const row = b.X.narrow(0, i, 1);
  const z = b.fit.transform(row).narrow(1, 0, k);
  const approx = z.matmul(b.fit.components.narrow(0, 0, k)).add(b.fit.mean);
  const beat = Array.from(row.data as Float64Array);
  const ap = Array.from(approx.data as Float64Array);
  return { beat, approx: ap, rmse: Math.sqrt(beat.reduce((s, v, j) => s + (v - ap[j]!) ** 2, 0) / beat.length) };
}
