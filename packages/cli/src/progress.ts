/**
 * A progress bar for long work, written to stderr so stdout stays clean for results and JSON.
 *
 *   epoch  12/50 [#########-----------------]  24%  loss 0.4312  38.1 steps/s  ETA 0:09
 *
 * On a terminal the line redraws in place (at most ~10 times a second). When stderr is not a
 * terminal, or CI=true, it prints plain lines instead: one per update, thinned to about twenty
 * over the run, plus the last, so a log file stays short.
 */
import type { Context } from './context.js';

export interface ProgressOptions {
  /** What one unit is called ('epoch'). */
  label: string;
  /** How many units in all. */
  total: number;
  /** What the rate counts ('steps/s'). */
  rateUnit?: string;
  /** Suppress all output. */
  quiet?: boolean;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

/** m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export class ProgressBar {
  private readonly start: number;
  private lastDraw = -Infinity;
  private readonly live: boolean;
  private readonly every: number;
  private lastLen = 0;
  private readonly now: () => number;

  constructor(
    private readonly ctx: Context,
    private readonly o: ProgressOptions,
  ) {
    this.now = o.now ?? (() => performance.now());
    this.start = this.now();
    this.live = ctx.isTTY && ctx.env.CI !== 'true' && ctx.env.CI !== '1';
    this.every = Math.max(1, Math.ceil(o.total / 20));
  }

  /**
   * Reports that `done` units are finished, with the latest loss and how many inner steps
   * (mini-batches) have run so far, for the rate.
   */
  update(done: number, info: { loss?: number; steps?: number } = {}): void {
    if (this.o.quiet) return;
    const t = this.now();
    const elapsed = (t - this.start) / 1000;
    const finished = done >= this.o.total;
    const frac = Math.min(1, done / this.o.total);
    const eta = done > 0 ? (elapsed / done) * (this.o.total - done) : NaN;
    const count = info.steps ?? done;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const head = `${this.o.label} ${String(done).padStart(String(this.o.total).length)}/${this.o.total}`;
    const tail =
      (info.loss !== undefined ? `  loss ${info.loss.toFixed(4)}` : '') +
      `  ${rate.toFixed(1)} ${this.o.rateUnit ?? `${this.o.label}s/s`}` +
      (finished ? `  ${formatDuration(elapsed)}` : `  ETA ${formatDuration(eta)}`);
    if (this.live) {
      if (!finished && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      const width = 24;
      const fill = Math.round(frac * width);
      const line = `${head} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(Math.round(frac * 100)).padStart(3)}%${tail}`;
      const pad = Math.max(0, this.lastLen - line.length);
      this.lastLen = line.length;
      this.ctx.err(`\r${line}${' '.repeat(pad)}${finished ? '\n' : ''}`);
    } else if (finished || done % this.every === 0 || done === 1) {
      this.ctx.err(`${head}${tail}\n`);
    }
  }
}
