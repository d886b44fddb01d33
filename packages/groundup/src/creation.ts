/**
 * Making tensors: from nested arrays, filled with a constant, ranges, identity matrices and random
 * numbers from the seeded generator. float32 is the default dtype; every function takes an optional
 * last argument `{ dtype, requiresGrad }`.
 */
import { type DType, allocate, isDType } from './dtype.js';
import { DTypeError, ShapeError, ValueError, assertFinite, assertInt, fmtShape, fmtValue } from './errors.js';
import { type Generator, globalGenerator } from './random.js';
import { MAX_ELEMENTS, checkShape, sizeOf } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';
import { readOptions } from './validate.js';

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends CreateOptions {
  /** Draw from this generator instead of the global one. */
  generator?: Generator;
}

function opts<T extends CreateOptions>(op: string, o: T | undefined): T {
  o = readOptions(op, o, "{ dtype: 'float64' }");
  if (o.dtype !== undefined && !isDType(o.dtype)) throw new DTypeError(`${op}: unknown dtype ${fmtValue(o.dtype)}; use 'float32', 'float64' or 'int32'`);
  return o;
}

function make(op: string, shape: number[], o: CreateOptions, fill?: (data: Float64Array | Float32Array | Int32Array) => void): Tensor {
  const dtype = o.dtype ?? 'float32';
  const data = allocate(dtype, sizeOf(shape));
  fill?.(data);
  if (o.requiresGrad && dtype === 'int32') throw new DTypeError(`${op}: only float tensors can have gradients; requiresGrad with dtype int32 is not allowed`);
  return new Tensor(data, shape, dtype, !!o.requiresGrad);
}

/**
 * A tensor from a number or a nested array: `tensor([[1, 2], [3, 4]])` has shape [2,2].
 * A typed array is taken as 1-D. Ragged lists are a ShapeError; non-numbers a TypeError.
 */
export function tensor(values: NestedArray | ArrayLike<number> | Tensor, options?: CreateOptions): Tensor {
  const o = opts('tensor', options);
  if (values instanceof Tensor) {
    const t = values.detach().to(o.dtype ?? values.dtype).clone().detach();
    t.requiresGrad = !!o.requiresGrad;
    return t;
  }
  const shape: number[] = [];
  if (ArrayBuffer.isView(values)) shape.push((values as ArrayLike<number>).length);
  else {
    let v: unknown = values;
    while (Array.isArray(v)) {
      shape.push(v.length);
      v = v[0];
    }
    if (typeof values !== 'number' && !Array.isArray(values))
      throw new TypeError(`tensor: expected a number or a (nested) array of numbers, got ${fmtValue(values)}`);
  }
  checkShape('tensor', shape);
  const dtype = o.dtype ?? 'float32';
  const flat: number[] = [];
  const walk = (v: unknown, d: number, path: number[]) => {
    if (d === shape.length) {
      if (typeof v !== 'number') throw new TypeError(`tensor: element at [${path.join(',')}] is ${fmtValue(v)}, not a number`);
      if (dtype === 'int32' && !Number.isInteger(v))
        throw new ValueError(`tensor: element at [${path.join(',')}] is ${fmtValue(v)}, which does not fit dtype int32 (whole numbers only)`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d])
      throw new ShapeError(
        `tensor: the nested list is ragged: at [${path.join(',')}] expected a list of ${shape[d]} but found ${Array.isArray(v) ? `${v.length} items` : fmtValue(v)}; ` +
          `every row must have the same length (inferred shape ${fmtShape(shape)})`,
      );
    v.forEach((x, i) => walk(x, d + 1, [...path, i]));
  };
  if (ArrayBuffer.isView(values)) {
    const arr = values as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) flat.push(arr[i]!);
    if (dtype === 'int32' && flat.some((x) => !Number.isInteger(x))) throw new ValueError('tensor: int32 needs whole numbers');
  } else walk(values, 0, []);
  return make('tensor', shape, o, (d) => d.set(flat));
}

export function zeros(shape: number | number[], options?: CreateOptions): Tensor {
  return make('zeros', checkShape('zeros', shape), opts('zeros', options));
}

export function ones(shape: number | number[], options?: CreateOptions): Tensor {
  return make('ones', checkShape('ones', shape), opts('ones', options), (d) => d.fill(1));
}

export function full(shape: number | number[], value: number, options?: CreateOptions): Tensor {
  if (typeof value !== 'number') throw new TypeError(`full: the fill value must be a number, got ${fmtValue(value)}`);
  const o = opts('full', options);
  if (o.dtype === 'int32' && !Number.isInteger(value)) throw new ValueError(`full: ${value} does not fit dtype int32`);
  return make('full', checkShape('full', shape), o, (d) => d.fill(value));
}

/** Values start, start+step, … below stop. `arange(5)` is 0 … 4. */
export function arange(start: number, stop?: number | CreateOptions, step?: number | CreateOptions, options?: CreateOptions): Tensor {
  if (typeof stop === 'object') [options, stop] = [stop, undefined];
  if (typeof step === 'object') [options, step] = [step, undefined];
  let lo = start;
  let hi = stop as number | undefined;
  if (hi === undefined) [lo, hi] = [0, start];
  const st = (step as number | undefined) ?? 1;
  assertFinite('arange', 'start', lo);
  assertFinite('arange', 'stop', hi);
  assertFinite('arange', 'step', st);
  if (st === 0) throw new ValueError('arange: step must not be 0 (the range would never end)');
  const n = Math.max(0, Math.ceil((hi - lo) / st));
  if (n > MAX_ELEMENTS) throw new ValueError(`arange: ${lo} to ${hi} by ${st} is ${n} values; groundup caps one tensor at ${MAX_ELEMENTS} elements`);
  return make('arange', [n], opts('arange', options), (d) => {
    for (let i = 0; i < n; i++) d[i] = lo + i * st;
  });
}

/** n evenly spaced values from a to b inclusive. */
export function linspace(a: number, b: number, n: number, options?: CreateOptions): Tensor {
  assertFinite('linspace', 'start', a);
  assertFinite('linspace', 'end', b);
  assertInt('linspace', 'the number of points', n);
  checkShape('linspace', [n]);
  return make('linspace', [n], opts('linspace', options), (d) => {
    for (let i = 0; i < n; i++) d[i] = n === 1 ? a : a + ((b - a) * i) / (n - 1);
  });
}

/** The n×m identity matrix (m = n by default): ones on the diagonal. */
export function eye(n: number, m?: number | CreateOptions, options?: CreateOptions): Tensor {
  if (typeof m === 'object') [options, m] = [m, undefined];
  assertInt('eye', 'n', n);
  const cols = (m as number | undefined) ?? n;
  assertInt('eye', 'm', cols);
  return make('eye', checkShape('eye', [n, cols]), opts('eye', options), (d) => {
    for (let i = 0; i < Math.min(n, cols); i++) d[i * cols + i] = 1;
  });
}

/** Uniform samples in [0, 1). */
export function rand(shape: number | number[], options?: RandomOptions): Tensor {
  const o = opts('rand', options);
  const g = o.generator ?? globalGenerator;
  return make('rand', checkShape('rand', shape), o, (d) => {
    for (let i = 0; i < d.length; i++) d[i] = g.random();
  });
}

/** Standard normal samples N(0, 1). */
export function randn(shape: number | number[], options?: RandomOptions): Tensor {
  const o = opts('randn', options);
  const g = o.generator ?? globalGenerator;
  return make('randn', checkShape('randn', shape), o, (d) => {
    for (let i = 0; i < d.length; i++) d[i] = g.normal();
  });
}

/** Uniform integers in [low, high), dtype int32. */
export function randint(low: number, high: number, shape: number | number[], options?: RandomOptions): Tensor {
  assertInt('randint', 'low', low, -(2 ** 31));
  assertInt('randint', 'high', high, -(2 ** 31));
  if (high <= low) throw new ValueError(`randint: high (${high}) must be greater than low (${low})`);
  const o = opts('randint', options);
  const g = o.generator ?? globalGenerator;
  return make('randint', checkShape('randint', shape), { dtype: 'int32', ...o }, (d) => {
    for (let i = 0; i < d.length; i++) d[i] = g.int(low, high);
  });
}

export function zerosLike(x: Tensor, options?: CreateOptions): Tensor {
  return zeros(x.shape.slice(), { dtype: x.dtype, ...options });
}
export function onesLike(x: Tensor, options?: CreateOptions): Tensor {
  return ones(x.shape.slice(), { dtype: x.dtype, ...options });
}
