/**
 * The three error kinds groundup throws, plus helpers that format what went wrong.
 * Every message starts with the name of the op that failed, quotes the shapes or
 * values involved and, where it helps, suggests a fix in the guide's words.
 * A wrong *kind* of argument (a string where a tensor was expected) is the built-in `TypeError`.
 */

/** Shapes that cannot work together: `matmul: cannot multiply [2,3] by [4,5] …`. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** A dtype that the op cannot use: class indices given as floats, gradients on integers. */
export class DTypeError extends Error {
  override name = 'DTypeError';
}

/** A value outside what the op accepts: a negative size, a NaN bound, a negative learning rate. */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Writes a shape the way the guide does: `[32,12,1000]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** A short, readable rendering of a value for an error message. */
export function fmtValue(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return v.length > 8 ? `[${v.slice(0, 8).map(fmtValue).join(',')},…]` : `[${v.map(fmtValue).join(',')}]`;
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return String(v);
}

/** Throws a ValueError unless `v` is a finite number. */
export function assertFinite(op: string, what: string, v: unknown): asserts v is number {
  if (typeof v !== 'number') throw new TypeError(`${op}: ${what} must be a number, got ${fmtValue(v)}`);
  if (!Number.isFinite(v)) throw new ValueError(`${op}: ${what} must be a finite number, got ${fmtValue(v)}`);
}

/** Throws unless `v` is an integer ≥ `min` (0 by default). */
export function assertInt(op: string, what: string, v: unknown, min = 0): asserts v is number {
  if (typeof v !== 'number') throw new TypeError(`${op}: ${what} must be an integer, got ${fmtValue(v)}`);
  if (!Number.isInteger(v) || v < min) throw new ValueError(`${op}: ${what} must be an integer ≥ ${min}, got ${fmtValue(v)}`);
}
