/**
 * Argument checks shared by the tree models: feature matrices (a Tensor [n,d] or number[][]),
 * class labels, regression targets, sample weights and option objects.
 */
import { DTypeError, ShapeError, ValueError, assertFinite, assertInt, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';

/** A feature matrix as flat row-major numbers. */
export interface Matrix {
  data: ArrayLike<number>;
  n: number;
  d: number;
}

/**
 * X as a flat row-major array, from a float Tensor [n,d] or an array of equal-length rows.
 * Every entry must be finite: the trees have no rule for missing values.
 */
export function asMatrix(op: string, X: unknown, opts: { allowEmpty?: boolean } = {}): Matrix {
  let m: Matrix;
  if (X instanceof Tensor) {
    if (X.ndim !== 2) throw new ShapeError(`${op}: X must be 2-D [n,d] (one row per example), got shape ${fmtShape(X.shape)}`);
    m = { data: X.data, n: X.shape[0]!, d: X.shape[1]! };
  } else if (Array.isArray(X)) {
    const n = X.length;
    if (n > 0 && !Array.isArray(X[0]) && !ArrayBuffer.isView(X[0]))
      throw new ShapeError(`${op}: X must be 2-D (an array of rows, e.g. [[5.1, 3.5], [4.9, 3.0]]), but X[0] = ${fmtValue(X[0])}`);
    const d = n > 0 ? (X[0] as ArrayLike<number>).length : 0;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = X[i] as ArrayLike<unknown>;
      if (!(Array.isArray(row) || ArrayBuffer.isView(row)) || row.length !== d)
        throw new ShapeError(`${op}: every row of X must have ${d} features like X[0], but X[${i}] = ${fmtValue(row)}`);
      for (let j = 0; j < d; j++) {
        const v = row[j];
        if (typeof v !== 'number') throw new TypeError(`${op}: X must hold numbers, but X[${i}][${j}] = ${fmtValue(v)}`);
        data[i * d + j] = v;
      }
    }
    m = { data, n, d };
  } else throw new TypeError(`${op}: X must be a Tensor [n,d] or an array of rows (number[][]), got ${fmtValue(X)}`);
  if (m.n === 0 && !opts.allowEmpty) throw new ValueError(`${op}: X has no rows (shape [0,${m.d}]); fitting needs at least one example`);
  if (m.d === 0 && m.n > 0) throw new ValueError(`${op}: X has no features (shape [${m.n},0])`);
  const a = m.data;
  for (let i = 0; i < a.length; i++)
    if (!Number.isFinite(a[i]!))
      throw new ValueError(
        `${op}: X[${Math.floor(i / m.d)},${i % m.d}] = ${fmtValue(a[i])}; features must be finite numbers (fill or drop missing values before fitting)`,
      );
  return m;
}

/** Checks that a fitted model's X has its feature count. */
export function asMatrixFor(op: string, X: unknown, d: number): Matrix {
  const m = asMatrix(op, X, { allowEmpty: true });
  if (m.d !== d && !(m.n === 0 && m.d === 0))
    throw new ShapeError(`${op}: X must have ${d} features per row (the model was fitted on ${d}), got ${m.d} (shape [${m.n},${m.d}])`);
  return m;
}

function toArray(op: string, what: string, v: unknown): ArrayLike<number> {
  if (v instanceof Tensor) {
    if (v.ndim !== 1) throw new ShapeError(`${op}: ${what} must be 1-D [n], got shape ${fmtShape(v.shape)}`);
    return v.data;
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = v as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++)
      if (typeof a[i] !== 'number') throw new TypeError(`${op}: ${what} must hold numbers, but ${what}[${i}] = ${fmtValue(a[i])}`);
    return a as ArrayLike<number>;
  }
  throw new TypeError(`${op}: ${what} must be a Tensor or an array of numbers, got ${fmtValue(v)}`);
}

/** Class labels 0 … C−1 (int32 Tensor or whole numbers), one per row; returns them and C. */
export function asClassLabels(op: string, y: unknown, n: number): { y: Int32Array; classes: number } {
  if (y instanceof Tensor && y.dtype !== 'int32')
    throw new DTypeError(`${op}: y must be an int32 tensor of class indices, got ${y.dtype} (convert with .int(), or use a regression objective for real-valued targets)`);
  const a = toArray(op, 'y', y);
  if (a.length !== n) throw new ShapeError(`${op}: X has ${n} rows but y has ${a.length} labels; there must be one label per row`);
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    if (!Number.isInteger(c) || c < 0) throw new ValueError(`${op}: class labels must be whole numbers ≥ 0, but y[${i}] = ${fmtValue(c)}`);
    out[i] = c;
    if (c + 1 > k) k = c + 1;
  }
  return { y: out, classes: k };
}

/** Real-valued regression targets, one per row, all finite. */
export function asTargets(op: string, y: unknown, n: number): Float64Array {
  const a = toArray(op, 'y', y);
  if (a.length !== n) throw new ShapeError(`${op}: X has ${n} rows but y has ${a.length} targets; there must be one target per row`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(a[i]!)) throw new ValueError(`${op}: regression targets must be finite numbers, but y[${i}] = ${fmtValue(a[i])}`);
    out[i] = a[i]!;
  }
  return out;
}

/** Sample weights: finite, ≥ 0, one per row, not all zero. Absent: every weight 1. */
export function asWeights(op: string, w: unknown, n: number): Float64Array | null {
  if (w === undefined || w === null) return null;
  const a = toArray(op, 'sampleWeight', w);
  if (a.length !== n) throw new ShapeError(`${op}: X has ${n} rows but sampleWeight has ${a.length} entries; give one weight per row`);
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (!Number.isFinite(v) || v < 0) throw new ValueError(`${op}: sample weights must be finite and ≥ 0, but sampleWeight[${i}] = ${fmtValue(v)}`);
    out[i] = v;
    total += v;
  }
  if (!(total > 0)) throw new ValueError(`${op}: every sample weight is 0; at least one example must count`);
  return out;
}

/** Rejects option names the model does not know (a typo would otherwise be ignored silently). */
export function checkOptions(op: string, options: unknown, known: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new TypeError(`${op}: options must be an object like { ${known[0]}: … }, got ${fmtValue(options)}`);
  for (const k of Object.keys(options))
    if (!known.includes(k)) throw new ValueError(`${op}: unknown option ${fmtValue(k)}; the options are ${known.join(', ')}`);
  return options as Record<string, unknown>;
}

/** A number option in [min, max] (bounds inclusive unless `open`), or its default. */
export function numberOption(op: string, what: string, v: unknown, dflt: number, min: number, max = Infinity, openMin = false): number {
  if (v === undefined) return dflt;
  assertFinite(op, what, v);
  if (v < min || (openMin && v === min) || v > max)
    throw new ValueError(`${op}: ${what} must be ${openMin ? '>' : '≥'} ${min}${max < Infinity ? ` and ≤ ${max}` : ''}, got ${fmtValue(v)}`);
  return v;
}

/** An integer option ≥ min, or its default. */
export function intOption(op: string, what: string, v: unknown, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  assertInt(op, what, v, min);
  return v;
}

/** A string option from a fixed list, or its default. */
export function enumOption<T extends string>(op: string, what: string, v: unknown, choices: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (typeof v !== 'string') throw new TypeError(`${op}: ${what} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${fmtValue(v)}`);
  if (!(choices as readonly string[]).includes(v)) throw new ValueError(`${op}: ${what} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${fmtValue(v)}`);
  return v as T;
}

/**
 * Checks one saved tree of flat node arrays: every array as long as `feature`, and every split
 * (feature ≥ 0) on a known feature with both children later in the arrays (so walking it ends).
 */
export function checkSavedTree(op: string, i: number, t: Record<string, unknown>, keys: readonly string[], nFeatures: number): number {
  const feature = t.feature as number[] | undefined;
  const m = Array.isArray(feature) ? feature.length : 0;
  if (!m || keys.some((k) => !Array.isArray(t[k]) || (t[k] as unknown[]).length !== m)) throw new ValueError(`${op}: tree ${i} is missing node arrays or has arrays of different lengths`);
  const left = t.left as number[];
  const right = t.right as number[];
  for (let j = 0; j < m; j++) {
    const f = feature![j]!;
    if (!Number.isInteger(f) || f >= nFeatures || (f >= 0 && !(left[j]! > j && left[j]! < m && right[j]! > j && right[j]! < m)))
      throw new ValueError(`${op}: tree ${i} node ${j} points outside the tree or at feature ${fmtValue(f)} of ${nFeatures}`);
  }
  return m;
}
