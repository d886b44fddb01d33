/**
 * Plumbing shared by the distributions: turning parameters into tensors of one dtype, reading the
 * sample shape and the generator, and the checks that every parameter is in range.
 */
import { tensor } from '../creation.js';
import { type DType, isDType, isFloat, promote } from '../dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { type Generator, globalGenerator } from '../random.js';
import { checkShape, fmtIndex } from '../shape.js';
import { Tensor, type NestedArray } from '../tensor.js';
import { readOptions } from '../validate.js';

/** A distribution parameter: a number, a nested array of numbers, or a Tensor (gradients flow through it). */
export type Param = number | NestedArray | Tensor;

export interface DistributionOptions {
  /** dtype of parameters given as numbers/arrays and of samples (default: the tensor parameters' dtype, else float32). */
  dtype?: DType;
}

export interface SampleOptions {
  /** Draw from this generator instead of the global one (seeded by manualSeed). */
  generator?: Generator;
}

/** The dtype a distribution works in: options.dtype, else the promoted dtype of its float tensor parameters, else float32. */
export function resolveDType(op: string, params: unknown[], options: DistributionOptions | undefined): DType {
  readOptions(op, options, "{ dtype: 'float64' }");
  if (options?.dtype !== undefined) {
    if (!isDType(options.dtype) || !isFloat(options.dtype)) throw new DTypeError(`${op}: dtype must be 'float32' or 'float64', got ${fmtValue(options.dtype)}`);
    return options.dtype;
  }
  let dt: DType | null = null;
  for (const p of params) if (p instanceof Tensor && isFloat(p.dtype)) dt = dt ? promote(dt, p.dtype) : p.dtype;
  return dt ?? 'float32';
}

/** A parameter as a float Tensor: tensors are kept (so their graph survives), numbers and arrays are copied in `dtype`. */
export function toParam(op: string, name: string, v: unknown, dtype: DType): Tensor {
  if (v instanceof Tensor) return isFloat(v.dtype) ? v : v.to(dtype);
  if (typeof v === 'number' || Array.isArray(v)) {
    try {
      return tensor(v as NestedArray, { dtype });
    } catch (e) {
      if (e instanceof Error) e.message = `${op}: ${name}: ${e.message}`;
      throw e;
    }
  }
  throw new TypeError(`${op}: ${name} must be a number, an array of numbers or a Tensor, got ${fmtValue(v)}`);
}

/** Throws a ValueError naming `name` and the first entry of `t` for which `ok` fails. */
export function checkEach(op: string, name: string, t: Tensor, ok: (v: number) => boolean, rule: string, hint = ''): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!ok(v)) {
      const at = t.ndim === 0 ? '' : fmtIndex(i, t.shape);
      throw new ValueError(`${op}: ${name} must be ${rule}, but ${name}${at} = ${fmtValue(v)}${hint}`);
    }
  }
}

/** The requested sample shape (a number, an array, or nothing for a single draw per batch entry). */
export function sampleShape(op: string, shape: unknown): number[] {
  if (shape === undefined) return [];
  return checkShape(op, shape);
}

export function generatorOf(op: string, options: SampleOptions | undefined): Generator {
  return readOptions(op, options, '{ generator }').generator ?? globalGenerator;
}

/** A value to score as a float Tensor of the distribution's dtype (tensors are kept as they are). */
export function toValue(op: string, x: unknown, dtype: DType): Tensor {
  if (x instanceof Tensor) return x;
  return toParam(op, 'x', x, dtype);
}

/** Broadcast shape of two shapes, reported under the distribution's name. */
export function broadcastOrThrow(op: string, a: readonly number[], b: readonly number[], what: string): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new ShapeError(`${op}: ${what} ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (dimension ${i - n}: ${da} vs ${db})`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

export const LOG_2PI = Math.log(2 * Math.PI);
