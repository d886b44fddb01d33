/** The element types a tensor can hold. float32 is the default, as in PyTorch. */
export type DType = 'float32' | 'float64' | 'int32';
export type TypedArray = Float32Array | Float64Array | Int32Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

export function isDType(d: unknown): d is DType {
  return d === 'float32' || d === 'float64' || d === 'int32';
}

export function isFloat(d: DType): boolean {
  return d !== 'int32';
}

export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
  }
}

/** The dtype of a result that cannot be an integer (exp, log, division…): a float's own, float32 for int32. */
export function floatOf(d: DType): DType {
  return isFloat(d) ? d : 'float32';
}

/**
 * The common dtype of two operands of the same standing, following PyTorch's promotion:
 * int32 with int32 stays int32, any float wins over int32, float64 wins over float32.
 * For two tensors of which one may be 0-d, use {@link resultType}.
 */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  return 'float32';
}

/** What promotion needs to know of an operand: its dtype and whether it is 0-d. */
export interface Operand {
  readonly dtype: DType;
  readonly ndim: number;
}

/**
 * The dtype of a binary op on two tensors, PyTorch's `result_type`. Operands rank in two
 * standings: tensors with at least one axis, then 0-d tensors (a number arrives as a 0-d tensor of
 * the other operand's dtype, or float32 when it is fractional and the other is int32). A 0-d
 * operand decides the dtype only when it is of a higher category (a float meeting an int32
 * tensor); otherwise the dimensioned operand does:
 *
 *   float32 [3] × float64 0-d → float32      int32 [3] × float64 0-d → float64
 *   float32 0-d × float64 0-d → float64      int32 [3] × 2.5 → float32
 */
export function resultType(a: Operand, b: Operand): DType {
  const a0 = a.ndim === 0;
  if (a0 === (b.ndim === 0)) return promote(a.dtype, b.dtype);
  const [dim, zeroD] = a0 ? [b, a] : [a, b];
  return isFloat(zeroD.dtype) && !isFloat(dim.dtype) ? zeroD.dtype : dim.dtype;
}
