/**
 * safetensors: the weight file format of Hugging Face, read by PyTorch, JAX and most tools today.
 *
 * Layout of a file of $8 + N + D$ bytes:
 *
 * | bytes          | what                                                                     |
 * |----------------|--------------------------------------------------------------------------|
 * | $0 … 7$        | $N$, an unsigned 64-bit little-endian integer: the length of the header  |
 * | $8 … 8+N-1$    | the header: UTF-8 JSON, one object                                       |
 * | $8+N …$ end    | the data buffer of $D$ bytes                                             |
 *
 * The header maps each tensor name to `{ "dtype": "F32", "shape": [3,4], "data_offsets": [b, e] }`;
 * the tensor's elements are bytes $b … e-1$ of the data buffer (counted from its start), little-endian,
 * row-major, so $e - b = \text{itemsize} \cdot \prod_i \text{shape}_i$. The optional key
 * `__metadata__` maps strings to strings. The ranges must tile the data buffer exactly: no
 * overlaps and no unused bytes, and together they end where the file ends.
 *
 * What groundup writes, following the reference writer: the tensors ordered by element size,
 * largest first (F64, then F32, then I32), ties by name in UTF-8 byte order; `__metadata__` first
 * in the header when given; the header padded with spaces to a multiple of 8 bytes, so every
 * tensor starts 8-byte aligned in the file.
 *
 * What groundup reads: F32, F64, I32 as themselves, and F16, BF16, I8, U8, I16, U16, BOOL, U32,
 * I64, U64 converted exactly (see `elements.ts`); any other dtype is a DTypeError. A file is
 * checked completely before any tensor is allocated, and each check names the numbers that fail,
 * so a damaged or hostile file gives a ValueError (or DTypeError), never a wrong tensor, a huge
 * allocation or a polluted `Object.prototype`.
 */
import { ValueError, DTypeError, fmtShape, fmtValue } from '../errors.js';
import { MAX_ELEMENTS } from '../shape.js';
import { Tensor, isTensor } from '../tensor.js';
import { type ElementKind, ITEMSIZE, decodeElements, encodeLittleEndian, kindOf, loadedDType } from './elements.js';
import { type JsonValue, isJsonObject, isWellFormed, parseStrictJson } from './json.js';

/** The reference implementation refuses headers above this size (100 MB); so does groundup. */
export const MAX_HEADER_BYTES = 100_000_000;
/** The most dimensions a tensor in a file may have (NumPy's limit). */
export const MAX_DIMS = 64;

const DTYPE_NAME: Readonly<Record<ElementKind, string>> = Object.freeze({
  bool: 'BOOL', u8: 'U8', i8: 'I8', i16: 'I16', u16: 'U16', f16: 'F16', bf16: 'BF16',
  i32: 'I32', u32: 'U32', f32: 'F32', f64: 'F64', i64: 'I64', u64: 'U64',
});
const KIND_OF_NAME = new Map<string, ElementKind>(Object.entries(DTYPE_NAME).map(([k, v]) => [v, k as ElementKind]));
/** Dtypes the format defines that groundup does not convert (no exact groundup dtype). */
const KNOWN_UNSUPPORTED = new Set(['F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F6_E2M3', 'F6_E3M2', 'F4', 'C64']);

/** One tensor's entry in the header, after every check passed. */
export interface SafetensorsEntry {
  name: string;
  /** The dtype as the file names it ("F32", "BF16", …). */
  dtype: string;
  shape: number[];
  /** Byte range [begin, end) inside the data buffer. */
  dataOffsets: [number, number];
}

/** A checked header: the tensors in header order, the metadata, and where the data buffer starts. */
export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string> | null;
  /** Byte offset of the data buffer in the file: 8 + N. */
  dataStart: number;
}

const OP_LOAD = 'loadSafetensors';

/** A null-prototype record: any string is a plain key, including `__proto__`. */
function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
function put<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Reads and checks the header of a safetensors file without touching the tensor data.
 * Throws ValueError (damaged layout) or DTypeError (a dtype groundup cannot hold).
 */
export function readSafetensorsHeader(bytes: Uint8Array): SafetensorsHeader {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${OP_LOAD}: expected the file as a Uint8Array, got ${fmtValue(bytes)}`);
  const size = bytes.byteLength;
  if (size < 8)
    throw new ValueError(`${OP_LOAD}: the file is ${size} bytes long; a safetensors file starts with an 8-byte header length, so it is empty or truncated`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, size);
  const declared = dv.getBigUint64(0, true);
  // Check the declared length against the limit and the file before reading a single header byte.
  if (declared > BigInt(MAX_HEADER_BYTES))
    throw new ValueError(
      `${OP_LOAD}: the header length field says ${declared} bytes, more than the ${MAX_HEADER_BYTES}-byte limit ` +
        `(the file itself is ${size} bytes); the file is damaged or not a safetensors file`,
    );
  const n = Number(declared);
  if (8 + n > size)
    throw new ValueError(
      `${OP_LOAD}: the header length field says ${n} bytes, but only ${size - 8} bytes follow it (file of ${size} bytes); the file is truncated or damaged`,
    );
  if (n < 2) throw new ValueError(`${OP_LOAD}: the header is ${n} bytes long; it must hold at least a JSON object "{}"`);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw new ValueError(`${OP_LOAD}: the ${n}-byte header is not valid UTF-8 text`);
  }
  const header = parseStrictJson(text, OP_LOAD, 'the header', 16);
  if (!isJsonObject(header))
    throw new ValueError(`${OP_LOAD}: the header must be a JSON object mapping tensor names to entries, got ${jsonKind(header)}`);

  const dataStart = 8 + n;
  const dataLength = size - dataStart;
  const entries: SafetensorsEntry[] = [];
  let metadata: Record<string, string> | null = null;

  for (const name of Object.keys(header)) {
    const value = header[name]!;
    if (name === '__metadata__') {
      metadata = checkMetadata(value);
      continue;
    }
    entries.push(checkEntry(name, value, dataLength));
  }
  checkTiling(entries, dataLength);
  return { entries, metadata, dataStart };
}

function jsonKind(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `the ${typeof v} ${fmtValue(v)}`;
}

function checkMetadata(value: JsonValue): Record<string, string> {
  if (!isJsonObject(value)) throw new ValueError(`${OP_LOAD}: "__metadata__" must be an object of strings, got ${jsonKind(value)}`);
  const out = emptyRecord<string>();
  for (const k of Object.keys(value)) {
    const v = value[k]!;
    if (typeof v !== 'string')
      throw new ValueError(`${OP_LOAD}: "__metadata__" values must be strings, but ${JSON.stringify(k)} is ${jsonKind(v)}`);
    put(out, k, v);
  }
  return out;
}

function checkEntry(name: string, value: JsonValue, dataLength: number): SafetensorsEntry {
  const where = `tensor ${JSON.stringify(name)}`;
  if (!isJsonObject(value))
    throw new ValueError(`${OP_LOAD}: ${where} must be an object with "dtype", "shape" and "data_offsets", got ${jsonKind(value)}`);
  for (const k of Object.keys(value))
    if (k !== 'dtype' && k !== 'shape' && k !== 'data_offsets')
      throw new ValueError(`${OP_LOAD}: ${where} has the unknown field ${JSON.stringify(k)}; an entry holds only "dtype", "shape" and "data_offsets"`);
  for (const k of ['dtype', 'shape', 'data_offsets'])
    if (!Object.prototype.hasOwnProperty.call(value, k)) throw new ValueError(`${OP_LOAD}: ${where} has no ${JSON.stringify(k)} field`);

  const dtype = value['dtype']!;
  if (typeof dtype !== 'string') throw new ValueError(`${OP_LOAD}: ${where} has dtype ${jsonKind(dtype)}; it must be a string such as "F32"`);
  const kind = KIND_OF_NAME.get(dtype);
  if (kind === undefined) {
    const supported = [...KIND_OF_NAME.keys()].join(', ');
    throw new DTypeError(
      KNOWN_UNSUPPORTED.has(dtype)
        ? `${OP_LOAD}: ${where} has dtype ${dtype}, which groundup cannot hold exactly; supported: ${supported}`
        : `${OP_LOAD}: ${where} has the unknown dtype ${JSON.stringify(dtype)}; supported: ${supported}`,
    );
  }

  const shape = value['shape']!;
  if (!Array.isArray(shape)) throw new ValueError(`${OP_LOAD}: ${where} has shape ${jsonKind(shape)}; it must be an array of whole numbers`);
  if (shape.length > MAX_DIMS) throw new ValueError(`${OP_LOAD}: ${where} has ${shape.length} dimensions; at most ${MAX_DIMS} are allowed`);
  let elements = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)
      throw new ValueError(`${OP_LOAD}: ${where} has shape ${fmtValue(shape)}; every dimension must be a whole number ≥ 0, got ${fmtValue(d)}`);
    elements *= d;
  }
  if (elements > MAX_ELEMENTS)
    throw new ValueError(
      `${OP_LOAD}: ${where} has shape ${fmtShape(shape as number[])}, ${elements.toExponential(2)} elements; groundup caps one tensor at ${MAX_ELEMENTS} (2^28) elements`,
    );

  const off = value['data_offsets']!;
  if (!Array.isArray(off) || off.length !== 2)
    throw new ValueError(`${OP_LOAD}: ${where} has data_offsets ${jsonKind(off)}${Array.isArray(off) ? ` of length ${off.length}` : ''}; it must be [begin, end]`);
  const [b, e] = off;
  for (const v of [b, e])
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw new ValueError(`${OP_LOAD}: ${where} has data_offsets ${fmtValue(off)}; both must be whole numbers ≥ 0, got ${fmtValue(v)}`);
  const begin = b as number;
  const end = e as number;
  if (end < begin) throw new ValueError(`${OP_LOAD}: ${where} has data_offsets [${begin},${end}]: the end comes before the begin`);
  if (end > dataLength)
    throw new ValueError(
      `${OP_LOAD}: ${where} has data_offsets [${begin},${end}], past the end of the data buffer (${dataLength} bytes); the file is truncated or the offsets are wrong`,
    );
  const need = elements * ITEMSIZE[kind];
  if (end - begin !== need)
    throw new ValueError(
      `${OP_LOAD}: ${where} is ${dtype} of shape ${fmtShape(shape as number[])}, which needs ${elements} × ${ITEMSIZE[kind]} = ${need} bytes, ` +
        `but data_offsets [${begin},${end}] span ${end - begin} bytes`,
    );
  return { name, dtype, shape: shape as number[], dataOffsets: [begin, end] };
}

/** The ranges, sorted by where they start, must follow one another from byte 0 to the last byte. */
function checkTiling(entries: SafetensorsEntry[], dataLength: number): void {
  const sorted = entries.slice().sort((x, y) => x.dataOffsets[0] - y.dataOffsets[0] || x.dataOffsets[1] - y.dataOffsets[1]);
  let cursor = 0;
  let prev: SafetensorsEntry | null = null;
  for (const t of sorted) {
    const [b, e] = t.dataOffsets;
    if (b < cursor)
      throw new ValueError(
        `${OP_LOAD}: tensors ${JSON.stringify(prev!.name)} [${prev!.dataOffsets.join(',')}] and ${JSON.stringify(t.name)} [${b},${e}] overlap; ` +
          `each byte of the data buffer belongs to exactly one tensor`,
      );
    if (b > cursor)
      throw new ValueError(
        `${OP_LOAD}: bytes ${cursor} … ${b - 1} of the data buffer belong to no tensor (a hole before ${JSON.stringify(t.name)} [${b},${e}]); the format allows no holes`,
      );
    cursor = e;
    prev = t;
  }
  if (cursor !== dataLength)
    throw new ValueError(
      `${OP_LOAD}: the tensors cover ${cursor} bytes but the data buffer holds ${dataLength}; the ${dataLength - cursor} bytes at the end belong to no tensor`,
    );
}

/**
 * Reads a safetensors file into tensors, one per name. F32/F64/I32 keep their dtype; F16 and
 * BF16 become float32, the integer and bool types int32 (exactly, or a ValueError).
 *
 * The result has a null prototype, so a tensor named `__proto__` or `constructor` is an ordinary
 * entry: use `Object.keys(result)` or `result[name]`, not `result.hasOwnProperty(…)`.
 * The metadata is returned by `readSafetensorsHeader`.
 */
export function loadSafetensors(bytes: Uint8Array): Record<string, Tensor> {
  const { entries, dataStart } = readSafetensorsHeader(bytes);
  const out = emptyRecord<Tensor>();
  for (const { name, dtype, shape, dataOffsets } of entries) {
    const kind = KIND_OF_NAME.get(dtype)!;
    const count = (dataOffsets[1] - dataOffsets[0]) / ITEMSIZE[kind];
    const data = decodeElements(bytes, dataStart + dataOffsets[0], count, kind, true, OP_LOAD, `tensor ${JSON.stringify(name)}`);
    put(out, name, new Tensor(data, shape, loadedDType(kind)));
  }
  return out;
}

/** UTF-8 byte order, as the reference writer sorts names. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Sort rank of a dtype: larger elements first, then F32 before I32 (the reference order). */
const WRITE_RANK: Readonly<Record<string, number>> = { F64: 0, F32: 1, I32: 2 };

/**
 * Writes tensors (a state dict) as a safetensors file. `metadata` (strings to strings) goes
 * into the header's `__metadata__`, e.g. `{ format: 'pt' }`, which PyTorch tools like to see.
 * Tensors are written detached: gradients and graph are not saved.
 */
export function saveSafetensors(stateDict: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const op = 'saveSafetensors';
  if (typeof stateDict !== 'object' || stateDict === null || Array.isArray(stateDict))
    throw new TypeError(`${op}: expected an object mapping names to tensors, got ${fmtValue(stateDict)}`);
  const enc = new TextEncoder();
  const items = Object.keys(stateDict).map((name) => {
    const t = stateDict[name];
    if (!isTensor(t)) throw new TypeError(`${op}: ${JSON.stringify(name)} is not a Tensor (got ${fmtValue(t)})`);
    if (name === '__metadata__') throw new ValueError(`${op}: "__metadata__" is reserved by the format for metadata; rename that tensor`);
    if (!isWellFormed(name)) throw new ValueError(`${op}: the name ${JSON.stringify(name)} holds half a surrogate pair and has no UTF-8 form`);
    const dtype = DTYPE_NAME[kindOf(t.dtype)];
    return { name, t, dtype, key: enc.encode(name) };
  });
  items.sort((x, y) => WRITE_RANK[x.dtype]! - WRITE_RANK[y.dtype]! || compareBytes(x.key, y.key));

  let json = '{';
  const parts: string[] = [];
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
      throw new TypeError(`${op}: metadata must be an object of strings, got ${fmtValue(metadata)}`);
    const fields = Object.keys(metadata).map((k) => {
      const v = metadata[k];
      if (typeof v !== 'string') throw new TypeError(`${op}: metadata values must be strings, but ${JSON.stringify(k)} is ${fmtValue(v)}`);
      if (!isWellFormed(k) || !isWellFormed(v)) throw new ValueError(`${op}: metadata ${JSON.stringify(k)} holds half a surrogate pair and has no UTF-8 form`);
      return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    });
    parts.push(`"__metadata__":{${fields.join(',')}}`);
  }
  let offset = 0;
  const blobs: Uint8Array[] = [];
  for (const { name, t, dtype } of items) {
    const blob = encodeLittleEndian(t);
    parts.push(`${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${offset + blob.length}]}`);
    offset += blob.length;
    blobs.push(blob);
  }
  json += parts.join(',') + '}';
  const headerText = enc.encode(json);
  const padded = Math.ceil(headerText.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(headerText, 8);
  out.fill(0x20, 8 + headerText.length, 8 + padded);
  let at = 8 + padded;
  for (const blob of blobs) {
    out.set(blob, at);
    at += blob.length;
  }
  return out;
}
