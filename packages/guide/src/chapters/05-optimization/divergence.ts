/**
 * A diverging run, made readable (DOM-free). Past a threshold the numbers of a diverging run say
 * nothing a learner can read (1e27, then Infinity), and drawn they blank the log axis and throw lines
 * across the landscape. So a run is cut at the first step whose loss passes DIVERGED_LOSS (or is not
 * finite, or at the step the library refused), the picture shows only the steps before it, and the
 * widget says where and why: "diverged at step 12: the loss passed 1e6".
 */
import type { Path } from './model.js';

/** Past this loss a run counts as diverged (the landscapes' losses start below 100). */
export const DIVERGED_LOSS = 1e6;

export interface Divergence {
  /** The step at which the run is cut (losses[step] is the first that passed the threshold, or the library's refusal). */
  step: number;
  /** 'loss': it passed DIVERGED_LOSS; 'error': the library refused a non-finite loss or gradient first. */
  cause: 'loss' | 'error';
}

/** Where the run diverged, or null when it did not. */
export function divergence(p: Path, limit = DIVERGED_LOSS): Divergence | null {
  const stop = p.error ? p.error.step : Infinity;
  for (let i = 0; i < p.losses.length && i <= stop; i++) {
    const L = p.losses[i]!;
    if (!Number.isFinite(L) || Math.abs(L) > limit) return { step: i, cause: 'loss' };
  }
  return p.error ? { step: p.error.step, cause: 'error' } : null;
}

/**
 * The last point index to draw when showing step k: never past the divergence (the point at the
 * cut is kept, so the path visibly heads off in the direction it went).
 */
export function lastShown(p: Path, k: number, d: Divergence | null): number {
  const end = Math.min(k, p.xs.length - 1);
  return d ? Math.min(end, d.step) : end;
}

/** The marker's words, e.g. "SGD diverged at step 12: the loss passed 1e6". */
export function divergenceNote(name: string, d: Divergence, limit = DIVERGED_LOSS): string {
  const lim = `1e${Math.round(Math.log10(limit))}`;
  return d.cause === 'loss' ? `${name} diverged at step ${d.step}: the loss passed ${lim}` : `${name} diverged at step ${d.step}: the library refused to go on`;
}

/** Why, in one sentence (shown once under the markers). */
export const DIVERGENCE_WHY =
  'Each step overshoots the bottom by more than it corrects, so the distance to it grows by a constant factor per step; the picture stops at the cut, since the numbers after it only grow.';

/** The first point index outside the picture's box (x and y ranges), or Infinity when none is. */
export function firstOutside(p: Path, xRange: readonly [number, number], yRange: readonly [number, number]): number {
  for (let i = 0; i < p.xs.length; i++) {
    const x = p.xs[i]!;
    const y = p.ys[i]!;
    if (!(x >= xRange[0] && x <= xRange[1] && y >= yRange[0] && y <= yRange[1])) return i;
  }
  return Infinity;
}
