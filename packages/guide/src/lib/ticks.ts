/**
 * Tick positions and labels for log-scale axes (DOM-free; lib/plot.ts's logAxis uses them).
 * uPlot's own log splits put a grid line at every 1…9 × 10ᵏ: over six decades that is 54 lines,
 * a grey slab. Here: the powers of ten only, every second or third one when there are many decades,
 * and 2 and 5 × 10ᵏ only when the range is under one decade (so there are always some lines).
 */
export function logSplits(min: number, max: number, maxLines = 6): number[] {
  if (!(min > 0) || !Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) return [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const stride = Math.max(1, Math.ceil((hi - lo + 1) / maxLines));
  const out: number[] = [];
  for (let e = lo; e <= hi; e += stride) out.push(Number((10 ** e).toPrecision(1)));
  if (out.length >= 2) return out;
  // under a decade or so: 1, 2, 5 × 10ᵏ inside the range
  const fine: number[] = [];
  for (let e = lo - 1; e <= hi; e++) for (const m of [1, 2, 5]) {
    const v = Number((m * 10 ** e).toPrecision(1));
    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) fine.push(v);
  }
  return fine.length >= 2 ? fine : [min, max];
}

/** A log-axis label: plain decimals from 0.01 to 9999, else 1e-4 / 1e6 (never "998e+25"). */
export function fmtLogTick(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  if (v >= 0.01 && v < 1e4) return String(Number(v.toPrecision(2)));
  let e = Math.floor(Math.log10(v) + 1e-9);
  let m = Number((v / 10 ** e).toPrecision(2));
  if (m >= 10) (m /= 10), (e += 1);
  return m === 1 ? `1e${e}` : `${m}e${e}`;
}
