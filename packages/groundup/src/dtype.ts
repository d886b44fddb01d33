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

/**
 * The dtype of a binary op's result, following PyTorch's promotion:
 * int32 with int32 stays int32, any float wins over int32, float64 wins over float32.
 */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  return 'float32';
}
