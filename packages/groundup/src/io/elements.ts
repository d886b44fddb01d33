/**
 * Numbers as bytes: the element types that files carry and how each becomes a groundup dtype.
 *
 * Both formats store a tensor as its elements one after another in row-major order, each element
 * a fixed number of bytes. groundup keeps three dtypes, so every other element type is converted
 * on load, and only where the conversion is exact:
 *
 * | in the file                      | becomes   | why exact                                          |
 * |----------------------------------|-----------|----------------------------------------------------|
 * | f32 / f64 / i32                  | same      | nothing to convert                                 |
 * | f16 (IEEE half), bf16 (brain)    | float32   | every half and bfloat16 value is a float32 value   |
 * | i8, u8, i16, u16, bool           | int32     | every value fits in 32 signed bits                 |
 * | u32, i64, u64                    | int32     | only if every value lies in [−2^31, 2^31−1]; else ValueError |
 *
 * A bool element must be the byte 0 or 1.
 *
 * f16 has 1 sign bit, 5 exponent bits (bias 15) and 10 fraction bits, so a normal value is
 * $(-1)^s \, 2^{e-15} (1 + f/2^{10})$ and a subnormal one ($e = 0$) is $(-1)^s \, 2^{-14} \, f/2^{10}$.
 * bf16 is the top half of a float32: its 16 bits followed by 16 zero bits are that float32.
 */
import { type DType, type TypedArray, allocate } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';

export type ElementKind = 'bool' | 'u8' | 'i8' | 'i16' | 'u16' | 'f16' | 'bf16' | 'i32' | 'u32' | 'f32' | 'f64' | 'i64' | 'u64';

/** Bytes per element. */
export const ITEMSIZE: Readonly<Record<ElementKind, number>> = Object.freeze({
  bool: 1, u8: 1, i8: 1, i16: 2, u16: 2, f16: 2, bf16: 2, i32: 4, u32: 4, f32: 4, f64: 8, i64: 8, u64: 8,
});

/** The groundup dtype that an element kind loads as. */
export function loadedDType(kind: ElementKind): DType {
  if (kind === 'f64') return 'float64';
  if (kind === 'f32' || kind === 'f16' || kind === 'bf16') return 'float32';
  return 'int32';
}

/** The element kind groundup writes for each of its dtypes. */
export function kindOf(dtype: DType): ElementKind {
  return dtype === 'float32' ? 'f32' : dtype === 'float64' ? 'f64' : 'i32';
}

/** True on a little-endian machine (almost every machine today). */
const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** An IEEE 754 half-precision bit pattern as a number (exact). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return sign * f * 2 ** -24;
  if (e === 31) return f === 0 ? sign * Infinity : NaN;
  return sign * (1024 + f) * 2 ** (e - 25);
}

/**
 * Reads `count` elements of `kind` starting at byte `begin` of `bytes` into a new typed array of
 * the dtype `loadedDType(kind)`. The caller has checked that the bytes are there. `op` and `what`
 * (`tensor "w"`) name the place in an error message.
 */
export function decodeElements(
  bytes: Uint8Array,
  begin: number,
  count: number,
  kind: ElementKind,
  littleEndian: boolean,
  op: string,
  what: string,
): TypedArray {
  const out = allocate(loadedDType(kind), count);
  const size = ITEMSIZE[kind];
  if ((kind === 'f32' || kind === 'f64' || kind === 'i32') && littleEndian === HOST_LITTLE) {
    // Same layout as the host: a byte copy (also fixes any misalignment of the source).
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes.subarray(begin, begin + count * size));
    return out;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset + begin, count * size);
  const le = littleEndian;
  const outOfRange = (i: number, v: bigint): never => {
    throw new ValueError(
      `${op}: ${what} holds ${kind} value ${v} at element ${i}, which does not fit in int32 (−2147483648 … 2147483647); groundup loads integers as int32`,
    );
  };
  switch (kind) {
    case 'f32': for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, le); break;
    case 'f64': for (let i = 0; i < count; i++) out[i] = dv.getFloat64(i * 8, le); break;
    case 'i32': for (let i = 0; i < count; i++) out[i] = dv.getInt32(i * 4, le); break;
    case 'f16': for (let i = 0; i < count; i++) out[i] = halfToFloat(dv.getUint16(i * 2, le)); break;
    case 'bf16': {
      const f = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        f.setUint32(0, dv.getUint16(i * 2, le) << 16);
        out[i] = f.getFloat32(0);
      }
      break;
    }
    case 'u8': for (let i = 0; i < count; i++) out[i] = dv.getUint8(i); break;
    case 'i8': for (let i = 0; i < count; i++) out[i] = dv.getInt8(i); break;
    case 'i16': for (let i = 0; i < count; i++) out[i] = dv.getInt16(i * 2, le); break;
    case 'u16': for (let i = 0; i < count; i++) out[i] = dv.getUint16(i * 2, le); break;
    case 'bool':
      for (let i = 0; i < count; i++) {
        const b = dv.getUint8(i);
        if (b > 1) throw new ValueError(`${op}: ${what} is bool but element ${i} is the byte ${b}; a bool must be 0 or 1`);
        out[i] = b;
      }
      break;
    case 'u32':
      for (let i = 0; i < count; i++) {
        const v = dv.getUint32(i * 4, le);
        if (v > 0x7fffffff) outOfRange(i, BigInt(v));
        out[i] = v;
      }
      break;
    case 'i64':
    case 'u64':
      for (let i = 0; i < count; i++) {
        const lo = dv.getUint32(i * 8 + (le ? 0 : 4), le);
        const hi = dv.getUint32(i * 8 + (le ? 4 : 0), le);
        // fits in int32 exactly when the high word is the sign extension of the low word's top bit
        const fits = lo < 0x80000000 ? hi === 0 : kind === 'i64' && hi === 0xffffffff;
        if (!fits) outOfRange(i, kind === 'i64' ? dv.getBigInt64(i * 8, le) : dv.getBigUint64(i * 8, le));
        out[i] = lo | 0;
      }
      break;
  }
  return out;
}

/** A tensor's elements as little-endian bytes (a fresh copy). */
export function encodeLittleEndian(t: Tensor): Uint8Array {
  const src = t.data;
  if (HOST_LITTLE) return new Uint8Array(src.buffer, src.byteOffset, src.byteLength).slice();
  const out = new Uint8Array(src.byteLength);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < src.length; i++) {
    if (t.dtype === 'float32') dv.setFloat32(i * 4, src[i]!, true);
    else if (t.dtype === 'float64') dv.setFloat64(i * 8, src[i]!, true);
    else dv.setInt32(i * 4, src[i]!, true);
  }
  return out;
}
