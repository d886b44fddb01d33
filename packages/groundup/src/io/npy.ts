/**
 * NumPy's `.npy` format: one array per file, what `numpy.save` writes and `numpy.load` reads.
 *
 * Layout:
 *
 * | bytes              | what                                                                   |
 * |--------------------|------------------------------------------------------------------------|
 * | 6                  | the magic string `\x93NUMPY`                                           |
 * | 2                  | format version, major then minor: 1.0, 2.0 or 3.0                      |
 * | 2 (v1) or 4 (v2, v3) | $H$, the header length, unsigned little-endian                       |
 * | $H$                | the header: a Python dict literal, space-padded, ending in a newline   |
 * | the rest           | the elements, $\text{itemsize} \cdot \prod_i \text{shape}_i$ bytes     |
 *
 * The header reads like `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`. `descr`
 * is the element type: a byte order (`<` little, `>` big, `|` not applicable) then a kind and a
 * size in bytes (`f4` is float32, `i8` int64, `b1` bool). Versions 1 and 2 differ only in the
 * width of $H$ (2.0 exists for headers above 65535 bytes); in 1 and 2 the header is latin-1, in 3
 * UTF-8. The header is padded so the data starts at a multiple of 64 bytes.
 *
 * `fortran_order: True` means column-major data: the first index moves fastest. Such data is
 * the row-major data of the reversed shape, so groundup reads it that way and transposes.
 *
 * groundup writes float32 as `<f4`, float64 as `<f8`, int32 as `<i4`, byte for byte as
 * `numpy.save` 1.24 does (always version 1.0: a header for at most 64 dimensions is short). It reads `f2 f4 f8`,
 * `i1 i2 i4 i8`, `u1 u2 u4 u8` and `b1` in either byte order, converting exactly as described in
 * `elements.ts`. Object arrays (pickles), strings, complex numbers and structured dtypes are a
 * DTypeError: nothing from a file is ever executed.
 */
import { DTypeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { MAX_ELEMENTS } from '../shape.js';
import { Tensor, isTensor } from '../tensor.js';
import { type ElementKind, ITEMSIZE, decodeElements, encodeLittleEndian, loadedDType } from './elements.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93 N U M P Y
/** Headers longer than this are refused before they are parsed (numpy itself refuses above 10000). */
export const MAX_NPY_HEADER = 1 << 20;
const MAX_DIMS = 64;
/** numpy leaves room in the header so a shape may grow to this many digits in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const OP_LOAD = 'loadNpy';

// ── a tiny reader for the header's Python literal ──

type PyValue = string | number | boolean | null | PyTuple | PyValue[] | PyDict;
class PyTuple {
  constructor(readonly items: PyValue[]) {}
}
class PyDict {
  readonly entries = new Map<string, PyValue>();
}

/**
 * Parses the subset of Python literals a header can hold: a dict with string keys whose values
 * are strings, integers, True/False/None, tuples and lists. Anything else is a ValueError.
 */
function parsePyLiteral(text: string): PyValue {
  let pos = 0;
  const fail = (msg: string): never => {
    const excerpt = text.slice(Math.max(0, pos - 20), pos + 20);
    throw new ValueError(`${OP_LOAD}: the header is not a valid Python dict literal: ${msg} at character ${pos} (near ${JSON.stringify(excerpt)})`);
  };
  const skipWs = () => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\n' || text[pos] === '\t' || text[pos] === '\r')) pos++;
  };
  const value = (depth: number): PyValue => {
    skipWs();
    if (depth > 8) fail('nesting deeper than 8 levels');
    const c = text[pos];
    if (c === undefined) return fail('the header ends where a value should start');
    if (c === "'" || c === '"') return str();
    if (c === '{') return dict(depth);
    if (c === '(' || c === '[') return seq(depth, c === '(' ? ')' : ']');
    const word = /^(True|False|None)\b/.exec(text.slice(pos, pos + 6));
    if (word) {
      pos += word[1]!.length;
      return word[1] === 'True' ? true : word[1] === 'False' ? false : null;
    }
    const num = /^-?[0-9]+L?/.exec(text.slice(pos, pos + 32));
    if (num) {
      pos += num[0].length;
      if (num[0].length > 20) fail(`the integer ${num[0]} is too long`);
      return Number(num[0].replace('L', ''));
    }
    return fail(`unexpected ${JSON.stringify(c)}`);
  };
  const str = (): string => {
    const quote = text[pos]!;
    pos++;
    let out = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined || c === '\n') fail('a string is never closed');
      pos++;
      if (c === quote) return out;
      if (c === '\\') {
        const e = text[pos];
        if (e !== '\\' && e !== "'" && e !== '"') fail(`unsupported escape \\${e ?? ''}`);
        out += e;
        pos++;
      } else out += c;
    }
  };
  const seq = (depth: number, close: string): PyValue => {
    pos++;
    const items: PyValue[] = [];
    let trailingComma = false;
    for (;;) {
      skipWs();
      if (text[pos] === close) {
        pos++;
        break;
      }
      items.push(value(depth + 1));
      skipWs();
      trailingComma = false;
      if (text[pos] === ',') {
        pos++;
        trailingComma = true;
      } else if (text[pos] !== close) fail(`expected ',' or '${close}'`);
    }
    // Python: (3) is the number 3, (3,) a tuple
    if (close === ')') return items.length === 1 && !trailingComma ? items[0]! : new PyTuple(items);
    return items;
  };
  const dict = (depth: number): PyDict => {
    pos++;
    const d = new PyDict();
    for (;;) {
      skipWs();
      if (text[pos] === '}') {
        pos++;
        return d;
      }
      if (text[pos] !== "'" && text[pos] !== '"') fail('expected a quoted key');
      const key = str();
      if (d.entries.has(key)) fail(`the key '${key}' appears twice`);
      skipWs();
      if (text[pos] !== ':') fail(`expected ':' after '${key}'`);
      pos++;
      d.entries.set(key, value(depth + 1));
      skipWs();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail("expected ',' or '}'");
    }
  };
  const v = value(0);
  skipWs();
  if (pos < text.length) fail(`unexpected ${JSON.stringify(text[pos])} after the dict`);
  return v;
}

function pyRepr(v: PyValue): string {
  if (v instanceof PyTuple) return `(${v.items.map(pyRepr).join(', ')}${v.items.length === 1 ? ',' : ''})`;
  if (v instanceof PyDict) return 'a dict';
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

const DESCR_KIND: Readonly<Record<string, ElementKind>> = {
  f2: 'f16', f4: 'f32', f8: 'f64', i1: 'i8', i2: 'i16', i4: 'i32', i8: 'i64',
  u1: 'u8', u2: 'u16', u4: 'u32', u8: 'u64', b1: 'bool',
};

function parseDescr(descr: PyValue): { kind: ElementKind; littleEndian: boolean } {
  if (typeof descr !== 'string')
    throw new DTypeError(`${OP_LOAD}: descr ${pyRepr(descr)} is a structured (record) dtype; groundup reads plain numeric arrays only`);
  const m = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  const kind = m ? DESCR_KIND[`${m[2]}${m[3]}`] : undefined;
  if (!m || kind === undefined) {
    const why = descr.includes('O')
      ? ' (an object array holds pickled Python objects, which groundup never loads)'
      : /[USacm]/.test(descr) ? ' (strings, complex numbers, dates and time deltas are not numbers groundup can hold)' : '';
    throw new DTypeError(`${OP_LOAD}: unsupported dtype '${descr}'${why}; supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1, with '<' or '>'`);
  }
  return { kind, littleEndian: m[1] !== '>' };
}

/**
 * Reads a `.npy` file into a tensor. float16/float32 load as float32, float64 as float64, the
 * integer and bool types as int32 (a ValueError if a value does not fit). Fortran-ordered
 * arrays are transposed into groundup's row-major layout.
 */
export function loadNpy(bytes: Uint8Array): Tensor {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${OP_LOAD}: expected the file as a Uint8Array, got ${fmtValue(bytes)}`);
  const size = bytes.byteLength;
  if (size < 10) throw new ValueError(`${OP_LOAD}: the file is ${size} bytes long; a .npy file has at least a 10-byte preamble, so it is empty or truncated`);
  for (let i = 0; i < MAGIC.length; i++)
    if (bytes[i] !== MAGIC[i])
      throw new ValueError(
        `${OP_LOAD}: the file does not start with the .npy magic string \\x93NUMPY (its first bytes are ${[...bytes.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`,
      );
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (!((major === 1 || major === 2 || major === 3) && minor === 0))
    throw new ValueError(`${OP_LOAD}: format version ${major}.${minor} is not one groundup reads (1.0, 2.0, 3.0)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, size);
  const prefix = major === 1 ? 10 : 12;
  if (size < prefix) throw new ValueError(`${OP_LOAD}: the file is ${size} bytes long, shorter than the ${prefix}-byte preamble of version ${major}.0`);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  if (hlen > MAX_NPY_HEADER)
    throw new ValueError(`${OP_LOAD}: the header length field says ${hlen} bytes, more than the ${MAX_NPY_HEADER}-byte limit (the file is ${size} bytes)`);
  if (prefix + hlen > size)
    throw new ValueError(`${OP_LOAD}: the header length field says ${hlen} bytes, but only ${size - prefix} bytes follow it; the file is truncated`);

  const raw = bytes.subarray(prefix, prefix + hlen);
  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
    } catch {
      throw new ValueError(`${OP_LOAD}: the ${hlen}-byte header of a version 3.0 file is not valid UTF-8`);
    }
  } else {
    text = '';
    for (let i = 0; i < raw.length; i += 8192) text += String.fromCharCode(...raw.subarray(i, i + 8192)); // latin-1
  }
  const header = parsePyLiteral(text);
  if (!(header instanceof PyDict)) throw new ValueError(`${OP_LOAD}: the header must be a dict, got ${pyRepr(header)}`);
  const keys = [...header.entries.keys()].sort();
  if (keys.join(',') !== 'descr,fortran_order,shape')
    throw new ValueError(`${OP_LOAD}: the header must have exactly the keys 'descr', 'fortran_order', 'shape'; it has ${keys.map((k) => `'${k}'`).join(', ') || 'none'}`);
  const fortran = header.entries.get('fortran_order')!;
  if (typeof fortran !== 'boolean') throw new ValueError(`${OP_LOAD}: fortran_order must be True or False, got ${pyRepr(fortran)}`);
  const shapeV = header.entries.get('shape')!;
  if (!(shapeV instanceof PyTuple)) throw new ValueError(`${OP_LOAD}: shape must be a tuple of whole numbers, got ${pyRepr(shapeV)}`);
  const shape = shapeV.items as number[];
  if (shape.length > MAX_DIMS) throw new ValueError(`${OP_LOAD}: shape has ${shape.length} dimensions; at most ${MAX_DIMS} are allowed`);
  let elements = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)
      throw new ValueError(`${OP_LOAD}: shape ${pyRepr(shapeV)} is not valid; every dimension must be a whole number ≥ 0, got ${pyRepr(d)}`);
    elements *= d;
  }
  if (elements > MAX_ELEMENTS)
    throw new ValueError(`${OP_LOAD}: shape ${fmtShape(shape)} has ${elements.toExponential(2)} elements; groundup caps one tensor at ${MAX_ELEMENTS} (2^28) elements`);
  const { kind, littleEndian } = parseDescr(header.entries.get('descr')!);

  const dataStart = prefix + hlen;
  const need = elements * ITEMSIZE[kind];
  const have = size - dataStart;
  if (have < need)
    throw new ValueError(
      `${OP_LOAD}: shape ${fmtShape(shape)} of '${header.entries.get('descr') as string}' needs ${elements} × ${ITEMSIZE[kind]} = ${need} bytes of data, but the file holds only ${have}; it is truncated`,
    );
  if (have > need)
    throw new ValueError(`${OP_LOAD}: the file has ${have - need} bytes after the ${need} bytes of data that shape ${fmtShape(shape)} needs; it is damaged or not one array`);

  const data = decodeElements(bytes, dataStart, elements, kind, littleEndian, OP_LOAD, 'the array');
  if (!fortran || shape.length < 2) return new Tensor(data, shape, loadedDType(kind));
  const reversed = shape.slice().reverse();
  const axes = reversed.map((_, i) => reversed.length - 1 - i);
  return new Tensor(data, reversed, loadedDType(kind)).permute(axes);
}

/**
 * Writes a tensor as a `.npy` file, byte for byte what `numpy.save` writes for the same array:
 * float32 → `<f4`, float64 → `<f8`, int32 → `<i4`, row-major, format version 1.0.
 */
export function saveNpy(t: Tensor): Uint8Array {
  if (!isTensor(t)) throw new TypeError(`saveNpy: expected a Tensor, got ${fmtValue(t)}`);
  if (t.ndim > MAX_DIMS) throw new ValueError(`saveNpy: the tensor has ${t.ndim} dimensions; NumPy reads at most ${MAX_DIMS}`);
  const descr = t.dtype === 'float32' ? '<f4' : t.dtype === 'float64' ? '<f8' : '<i4';
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  if (t.shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(t.shape[0]).length));
  // pad with spaces and a final newline so that the 10-byte preamble + header is a multiple of 64 bytes
  const pad = 64 - ((10 + dict.length + 1) % 64);
  const header = dict + ' '.repeat(pad) + '\n';
  const body = encodeLittleEndian(t);
  const out = new Uint8Array(10 + header.length + body.length);
  out.set(MAGIC, 0);
  out[6] = 1; // version 1.0: with at most 64 dimensions the header is far below 65535 bytes
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  const prefix = 10;
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i); // ASCII only
  out.set(body, prefix + header.length);
  return out;
}
