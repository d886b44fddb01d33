/**
 * Classification metrics from predicted and true class indices, in plain loops so each is easy
 * to check by hand.
 *
 * Confusion matrix: M[t][p] counts the samples of true class t predicted as p.
 *   accuracy    = Σ_c M[c][c] / N
 *   precision_c = M[c][c] / Σ_t M[t][c]     recall_c = M[c][c] / Σ_p M[c][p]
 *   F1_c        = 2·precision_c·recall_c / (precision_c + recall_c)   (0 when both are 0)
 *   macro-F1    = mean of F1_c over the classes that occur (in truth or in predictions)
 */

/** M[t][p]: how many samples of true class t were predicted as class p. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): number[][] {
  if (yTrue.length !== yPred.length) throw new Error(`confusionMatrix: ${yTrue.length} true labels but ${yPred.length} predictions`);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!(t >= 0 && t < classes && p >= 0 && p < classes)) throw new Error(`confusionMatrix: label ${t} or prediction ${p} is outside 0 … ${classes - 1}`);
    m[t]![p]!++;
  }
  return m;
}

export function accuracy(m: number[][]): number {
  let hit = 0;
  let all = 0;
  m.forEach((row, t) => row.forEach((v, p) => ((all += v), t === p && (hit += v))));
  return all === 0 ? 0 : hit / all;
}

/** Per-class F1 (NaN for a class that never occurs, neither in truth nor in predictions). */
export function f1PerClass(m: number[][]): number[] {
  const k = m.length;
  return m.map((row, c) => {
    const tp = row[c]!;
    const actual = row.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += m[t]![c]!;
    if (actual === 0 && predicted === 0) return NaN;
    return (2 * tp) / (actual + predicted); // = 2PR/(P+R) written with counts
  });
}

export function macroF1(m: number[][]): number {
  const f = f1PerClass(m).filter((v) => !Number.isNaN(v));
  return f.length === 0 ? 0 : f.reduce((a, b) => a + b, 0) / f.length;
}

/** The matrix as text, rows = true class, columns = predicted class. */
export function formatConfusion(m: number[][], names: string[]): string {
  const short = names.map((n, i) => (n.length > 10 ? n.slice(0, 9) + '…' : n) || String(i));
  const cell = Math.max(5, ...short.map((s) => s.length), ...m.flat().map((v) => String(v).length));
  const left = Math.max(...short.map((s) => s.length), 'true \\ pred'.length);
  const lines = [`${'true \\ pred'.padEnd(left)} ${short.map((s) => s.padStart(cell)).join(' ')}`];
  m.forEach((row, t) => lines.push(`${short[t]!.padEnd(left)} ${row.map((v) => String(v).padStart(cell)).join(' ')}`));
  return lines.join('\n');
}
