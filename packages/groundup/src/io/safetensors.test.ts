import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { MAX_HEADER_BYTES, loadSafetensors, readSafetensorsHeader, saveSafetensors } from './safetensors.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

const f32 = (values: number[], shape: number[] = [values.length]) => new Tensor(Float32Array.from(values), shape, 'float32');
const f64 = (values: number[], shape: number[] = [values.length]) => new Tensor(Float64Array.from(values), shape, 'float64');
const i32 = (values: number[], shape: number[] = [values.length]) => new Tensor(Int32Array.from(values), shape, 'int32');

/** A safetensors file from a header text and `dataBytes` bytes of data (or given bytes). */
function file(header: string, data: number | Uint8Array = 0, declared?: bigint): Uint8Array {
  const h = new TextEncoder().encode(header);
  const d = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + h.length + d.length);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(d, 8 + h.length);
  return out;
}
const entry = (dtype: string, shape: unknown, offsets: unknown) => JSON.stringify({ dtype, shape, data_offsets: offsets });

function expectThrow(fn: () => unknown, type: new (...a: never[]) => Error, ...patterns: RegExp[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an error').toBeInstanceOf(type);
  const msg = (err as Error).message;
  expect(msg.startsWith('loadSafetensors: ') || msg.startsWith('saveSafetensors: ')).toBe(true);
  for (const p of patterns) expect(msg).toMatch(p);
}

const PROTO_KEYS = ['polluted', 'dtype', 'shape', 'data_offsets', 'x'];
afterEach(() => {
  // nothing a file says may ever reach Object.prototype
  for (const k of PROTO_KEYS) expect(Object.prototype.hasOwnProperty.call(Object.prototype, k)).toBe(false);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});

describe('saveSafetensors writes the exact layout of the format', () => {
  it('parsed by hand: u64 length, space-padded JSON header, contiguous little-endian data', () => {
    const sd = {
      'b.weight': f32([1.5, -2, 3.25, 1e-40], [2, 2]),
      'a.bias': f32([0.1]),
      labels: i32([-1, 2147483647, -2147483648]),
      'double': f64([Math.PI, -0]),
      s: f32([7], []),
      e: f32([], [0, 5]),
    };
    const bytes = saveSafetensors(sd, { format: 'pt' });
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Number(dv.getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(headerText.trimEnd().endsWith('}')).toBe(true);
    expect(headerText.slice(headerText.trimEnd().length)).toMatch(/^ {0,7}$/); // padding is spaces only
    expect(headerText.startsWith('{"__metadata__":{"format":"pt"},')).toBe(true);
    const header = JSON.parse(headerText) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    // reference order: F64 first, then F32 by name, then I32
    expect(names).toEqual(['double', 'a.bias', 'b.weight', 'e', 's', 'labels']);
    let cursor = 0;
    for (const name of names) {
      const { dtype, shape, data_offsets: [b, e] } = header[name]!;
      expect(b).toBe(cursor);
      const t = sd[name as keyof typeof sd];
      expect(shape).toEqual([...t.shape]);
      expect(dtype).toBe({ float32: 'F32', float64: 'F64', int32: 'I32' }[t.dtype]);
      const size = dtype === 'F64' ? 8 : 4;
      expect(e - b).toBe(t.size * size);
      for (let i = 0; i < t.size; i++) {
        const at = 8 + n + b + i * size;
        const v = dtype === 'F64' ? dv.getFloat64(at, true) : dtype === 'F32' ? dv.getFloat32(at, true) : dv.getInt32(at, true);
        expect(Object.is(v, t.data[i])).toBe(true);
      }
      cursor = e;
    }
    expect(bytes.length).toBe(8 + n + cursor);
  });

  it('matches hand-built byte strings (an F32 tensor, an empty dict, metadata only)', () => {
    // 64-byte header: no padding needed
    const h = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(h.length).toBe(64);
    const expected = [64, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(h), ...new Uint8Array(Float32Array.from([0, 1, 2, 3, 4, 5]).buffer)];
    expect([...saveSafetensors({ 'attn.0': f32([0, 1, 2, 3, 4, 5], [1, 2, 3]) })]).toEqual(expected);
    // "{}" padded with six spaces to 8 bytes
    expect([...saveSafetensors({})]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 32, 32, 32, 32, 32, 32]);
    const m = '{"__metadata__":{"framework":"pt"}}';
    expect([...saveSafetensors({}, { framework: 'pt' })]).toEqual([40, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode(m), 32, 32, 32, 32, 32]);
  });

  it('sorts names by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF21 (3 UTF-8 bytes EF BC A1) sorts before U+1F600 (F0 …) in UTF-8, after it in UTF-16
    const bytes = saveSafetensors({ '\u{1F600}': f32([1]), '\uFF21': f32([2]) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(Object.keys(header)).toEqual(['\uFF21', '\u{1F600}']);
  });
});

describe('round trips', () => {
  it('keeps every dtype, 0-d and empty tensors, and special floats bit for bit', () => {
    const sd: Record<string, Tensor> = {
      f: f32([NaN, Infinity, -Infinity, -0, 1e-45, 3.4028234663852886e38], [2, 3]),
      d: f64([NaN, -0, 5e-324, Number.MAX_VALUE, 1 / 3]),
      i: i32([-2147483648, 2147483647, 0, -1]),
      scalar: f64([2.5], []),
      empty: i32([], [3, 0]),
      'ünïcödé 名前 🙂': f32([1, 2]),
      '': f32([4]),
    };
    const back = loadSafetensors(saveSafetensors(sd));
    expect(Object.keys(back).sort()).toEqual(Object.keys(sd).sort());
    for (const [name, t] of Object.entries(sd)) {
      const u = back[name]!;
      expect(u.dtype).toBe(t.dtype);
      expect(u.shape).toEqual(t.shape);
      expect(new Uint8Array(u.data.buffer, u.data.byteOffset, u.data.byteLength)).toEqual(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    }
  });

  it('property: random state dicts come back equal, with metadata', () => {
    const tensorArb = fc
      .tuple(fc.constantFrom('float32', 'float64', 'int32'), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }))
      .chain(([dtype, shape]) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const vals = dtype === 'int32' ? fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) : fc.double({ noNaN: true });
        return fc.array(vals, { minLength: n, maxLength: n }).map((v) => ({ dtype, shape, v }));
      });
    fc.assert(
      fc.property(fc.dictionary(fc.fullUnicodeString({ maxLength: 6 }).filter((s) => s !== '__metadata__'), tensorArb, { maxKeys: 5 }),
        fc.dictionary(fc.fullUnicodeString({ maxLength: 4 }), fc.fullUnicodeString({ maxLength: 4 }), { maxKeys: 3 }), (spec, meta) => {
        const sd = Object.create(null) as Record<string, Tensor>;
        for (const [k, { dtype, shape, v }] of Object.entries(spec)) {
          const t = dtype === 'float32' ? f32(v, shape) : dtype === 'float64' ? f64(v, shape) : i32(v, shape);
          Object.defineProperty(sd, k, { value: t, enumerable: true });
        }
        const bytes = saveSafetensors(sd, meta);
        const back = loadSafetensors(bytes);
        expect(Object.keys(back).sort()).toEqual(Object.keys(sd).sort());
        for (const k of Object.keys(sd)) {
          expect(back[k]!.dtype).toBe(sd[k]!.dtype);
          expect(back[k]!.shape).toEqual(sd[k]!.shape);
          expect(Array.from(back[k]!.data)).toEqual(Array.from(sd[k]!.data));
        }
        expect({ ...readSafetensorsHeader(bytes).metadata }).toEqual({ ...meta });
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('copies the data: changing the file bytes afterwards leaves the tensors alone, and the input may sit at any offset', () => {
    const bytes = saveSafetensors({ w: f64([1, 2, 3]) });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const view = shifted.subarray(3); // misaligned for Float64Array
    const t = loadSafetensors(view)['w']!;
    view.fill(0xff);
    expect(Array.from(t.data)).toEqual([1, 2, 3]);
  });

  it('saves detached values: a parameter with requiresGrad saves just its numbers', () => {
    const p = f32([1, 2]).requiresGrad_();
    const back = loadSafetensors(saveSafetensors({ p }))['p']!;
    expect(back.requiresGrad).toBe(false);
    expect(Array.from(back.data)).toEqual([1, 2]);
  });
});

describe('a file from an independent writer (fixtures/make_fixtures.py, numpy + json + struct)', () => {
  const bytes = fixture('sample.safetensors');
  const sd = loadSafetensors(bytes);

  it('loads every dtype to the values the script computed', () => {
    const w = sd['weight']!;
    expect([w.dtype, w.shape]).toEqual(['float32', [3, 4]]);
    expect(Array.from(w.data)).toEqual(Array.from({ length: 12 }, (_, i) => i * 0.5 - 1));
    const b = sd['bias']!; // an F64 tensor at byte 68 of the data: not 8-aligned
    expect([b.dtype, b.shape]).toEqual(['float64', [4]]);
    expect(Array.from(b.data)).toEqual([1, 2, 3, 4].map((v) => v / 3));
    expect([sd['labels']!.dtype, Array.from(sd['labels']!.data)]).toEqual(['int32', [-2, -1, 0, 7, 2147483647]]);
    const h = sd['half']!;
    expect([h.dtype, h.shape, Array.from(h.data)]).toEqual(['float32', [2, 3], [-0.5, -0.25, 0, 0.25, 65504, 2 ** -24]]);
    expect([sd['brain']!.dtype, Array.from(sd['brain']!.data)]).toEqual(['float32', [1, -2.5, 3.140625, 2 ** 100]]);
    expect([sd['counts']!.dtype, Array.from(sd['counts']!.data)]).toEqual(['int32', [-(2 ** 31), 0, 2 ** 31 - 1]]);
    expect([sd['u8']!.dtype, Array.from(sd['u8']!.data)]).toEqual(['int32', [0, 1, 128, 255]]);
    expect([sd['i8']!.dtype, Array.from(sd['i8']!.data)]).toEqual(['int32', [-128, 0, 127]]);
    expect([sd['mask']!.dtype, sd['mask']!.shape, Array.from(sd['mask']!.data)]).toEqual(['int32', [2, 2], [1, 0, 0, 1]]);
    expect([sd['scalar']!.shape, sd['scalar']!.item()]).toEqual([[], 42.5]);
    expect([sd['empty']!.shape, sd['empty']!.size]).toEqual([[0, 3], 0]);
  });

  it('keeps "__proto__" as an ordinary tensor name', () => {
    expect(Object.keys(sd)).toContain('__proto__');
    expect(Object.getPrototypeOf(sd)).toBe(null);
    expect(sd['__proto__']).toBeInstanceOf(Tensor);
    expect(Array.from(sd['__proto__']!.data)).toEqual([7]);
    expect(Object.keys(sd)).toHaveLength(12);
  });

  it('reads the metadata and the layout', () => {
    const { metadata, entries, dataStart } = readSafetensorsHeader(bytes);
    expect({ ...metadata }).toEqual({ format: 'pt', writer: 'make_fixtures.py' });
    expect(entries.map((e) => e.name)).toEqual(['weight', 'labels', 'bias', 'half', 'brain', 'counts', 'u8', 'i8', 'mask', 'scalar', 'empty', '__proto__']);
    expect(dataStart).toBe(8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true)));
    expect(entries.at(-1)!.dataOffsets[1]).toBe(bytes.length - dataStart);
  });

  it('saves again and loads the same numbers', () => {
    const again = loadSafetensors(saveSafetensors(sd));
    for (const k of Object.keys(sd)) expect(Array.from(again[k]!.data)).toEqual(Array.from(sd[k]!.data));
  });
});

describe('hostile or damaged files give a typed error that names the numbers', () => {
  const ok = entry('F32', [2], [0, 8]);

  it('empty or truncated before the header length', () => {
    expectThrow(() => loadSafetensors(new Uint8Array(0)), ValueError, /0 bytes long/, /empty or truncated/);
    expectThrow(() => loadSafetensors(new Uint8Array(5)), ValueError, /5 bytes long/);
  });

  it('header length larger than the file', () => {
    const h = `{"a":${ok}}`;
    expectThrow(() => loadSafetensors(file(h, 8, 1000n)), ValueError, /says 1000 bytes/, new RegExp(`only ${h.length + 8} bytes follow`), /truncated/);
    // the header itself cut short
    const full = file(h, 8);
    expectThrow(() => loadSafetensors(full.subarray(0, 20)), ValueError, new RegExp(`says ${h.length} bytes, but only 12 bytes follow`));
  });

  it('a declared multi-gigabyte header is refused before anything is decoded', () => {
    expectThrow(() => loadSafetensors(file('{}', 0, 5_000_000_000n)), ValueError, /says 5000000000 bytes/, new RegExp(`${MAX_HEADER_BYTES}-byte limit`), /file itself is 10 bytes/);
    expectThrow(() => loadSafetensors(file('{}', 0, 2n ** 64n - 1n)), ValueError, /18446744073709551615/);
  });

  it('data truncated after the header', () => {
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [12], [0, 48])}}`, 20)), ValueError, /"a"/, /\[0,48\]/, /past the end of the data buffer \(20 bytes\)/);
  });

  it('invalid UTF-8, invalid JSON, too deep nesting', () => {
    const bad = file('{"a":1}');
    bad[10] = 0xff;
    expectThrow(() => loadSafetensors(bad), ValueError, /7-byte header is not valid UTF-8/);
    expectThrow(() => loadSafetensors(file('{"a": ')), ValueError, /not valid JSON/, /character 6/);
    expectThrow(() => loadSafetensors(file('{} x')), ValueError, /not valid JSON/, /unexpected "x"/);
    expectThrow(() => loadSafetensors(file("{'a': 1}")), ValueError, /expected a quoted key/);
    expectThrow(() => loadSafetensors(file('{"a":[1,]}')), ValueError, /not valid JSON/);
    expectThrow(() => loadSafetensors(file('{"a\u0001":1}')), ValueError, /control character/);
    expectThrow(() => loadSafetensors(file('['.repeat(200_000))), ValueError, /nesting deeper than 16 levels/);
    expectThrow(() => loadSafetensors(file('{"\\ud800":1}')), ValueError, /half a surrogate pair/);
    expectThrow(() => loadSafetensors(file('\uFEFF{}')), ValueError, /not valid JSON/);
    expectThrow(() => loadSafetensors(file('')), ValueError, /header is 0 bytes long/);
  });

  it('a header that is not an object, or entries that are not entries', () => {
    expectThrow(() => loadSafetensors(file('[1,2]')), ValueError, /must be a JSON object/, /an array/);
    expectThrow(() => loadSafetensors(file('null')), ValueError, /must be a JSON object/, /null/);
    expectThrow(() => loadSafetensors(file('"hi"')), ValueError, /the string "hi"/);
    expectThrow(() => loadSafetensors(file('42')), ValueError, /the number 42/);
    expectThrow(() => loadSafetensors(file('{"a":5}')), ValueError, /tensor "a" must be an object/, /the number 5/);
    expectThrow(() => loadSafetensors(file('{"a":{"dtype":"F32","shape":[0]}}')), ValueError, /tensor "a" has no "data_offsets"/);
    expectThrow(() => loadSafetensors(file('{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0],"x":1}}')), ValueError, /unknown field "x"/);
    expectThrow(() => loadSafetensors(file('{"__metadata__":[1]}')), ValueError, /"__metadata__" must be an object/);
    expectThrow(() => loadSafetensors(file('{"__metadata__":{"k":1}}')), ValueError, /values must be strings/, /"k"/);
  });

  it('offsets out of range, negative, non-integer, reversed, malformed', () => {
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [25], [0, 100])}}`, 16)), ValueError, /\[0,100\]/, /16 bytes/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [1], [-4, 0])}}`, 4)), ValueError, /whole numbers ≥ 0/, /-4/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [1], [0.5, 4.5])}}`, 4)), ValueError, /got 0\.5/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [1], [8, 4])}}`, 8)), ValueError, /\[8,4\]/, /end comes before the begin/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [1], [0])}}`, 4)), ValueError, /of length 1/, /\[begin, end\]/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [1], ['0', '4'])}}`, 4)), ValueError, /got "0"/);
    expectThrow(() => loadSafetensors(file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,1e30]}}`, 4)), ValueError, /got 1e\+30/);
    expectThrow(() => loadSafetensors(file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551616]}}`, 4)), ValueError, /whole numbers ≥ 0/);
  });

  it('overlapping ranges, holes, and bytes left over', () => {
    const two = (a: [number, number], b: [number, number]) => `{"a":${entry('F32', [2], a)},"b":${entry('F32', [2], b)}}`;
    expectThrow(() => loadSafetensors(file(two([0, 8], [4, 12]), 12)), ValueError, /"a" \[0,8\] and "b" \[4,12\] overlap/);
    expectThrow(() => loadSafetensors(file(two([0, 8], [0, 8]), 8)), ValueError, /overlap/);
    expectThrow(() => loadSafetensors(file(two([0, 8], [12, 20]), 20)), ValueError, /bytes 8 … 11/, /hole before "b" \[12,20\]/);
    expectThrow(() => loadSafetensors(file(two([4, 12], [12, 20]), 20)), ValueError, /bytes 0 … 3/);
    expectThrow(() => loadSafetensors(file(`{"a":${ok}}`, 12)), ValueError, /cover 8 bytes but the data buffer holds 12/, /4 bytes at the end/);
    // an empty tensor placed inside another one
    expectThrow(() => loadSafetensors(file(`{"a":${ok},"e":${entry('F32', [0], [4, 4])}}`, 8)), ValueError, /"a" \[0,8\] and "e" \[4,4\] overlap/);
    // tensors in any order are fine as long as they tile the buffer
    const t = loadSafetensors(file(two([8, 16], [0, 8]), new Uint8Array(Float32Array.from([1, 2, 3, 4]).buffer)));
    expect([Array.from(t['a']!.data), Array.from(t['b']!.data)]).toEqual([[3, 4], [1, 2]]);
  });

  it('unknown or unsupported dtypes are a DTypeError', () => {
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F128', [1], [0, 16])}}`, 16)), DTypeError, /unknown dtype "F128"/, /supported: .*F32/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F8_E4M3', [1], [0, 1])}}`, 1)), DTypeError, /F8_E4M3, which groundup cannot hold exactly/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('f32', [1], [0, 4])}}`, 4)), DTypeError, /"f32"/);
    expectThrow(() => loadSafetensors(file(`{"a":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}`, 4)), ValueError, /dtype the number 4/);
  });

  it('shape and offsets that disagree, bad dimensions, too many elements', () => {
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [3], [0, 8])}}`, 8)), ValueError, /F32 of shape \[3\]/, /needs 3 × 4 = 12 bytes/, /span 8 bytes/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F64', [2, 2], [0, 16])}}`, 16)), ValueError, /needs 4 × 8 = 32 bytes/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [-1, 4], [0, 0])}}`)), ValueError, /got -1/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [1.5], [0, 0])}}`)), ValueError, /got 1\.5/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', ['3'], [0, 12])}}`, 12)), ValueError, /got "3"/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', 3, [0, 12])}}`, 12)), ValueError, /shape the number 3/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [65536, 65536], [0, 0])}}`)), ValueError, /\[65536,65536\]/, /4\.29e\+9 elements/, /268435456/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('U8', [9007199254740991, 9007199254740991], [0, 0])}}`)), ValueError, /caps one tensor/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', new Array(65).fill(1), [0, 4])}}`, 4)), ValueError, /65 dimensions/);
  });

  it('values that do not convert exactly', () => {
    const i64 = new Uint8Array(16);
    new DataView(i64.buffer).setBigInt64(8, 2n ** 40n, true);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('I64', [2], [0, 16])}}`, i64)), ValueError, /I64|i64/, /1099511627776 at element 1/, /int32/);
    const neg = new Uint8Array(8);
    new DataView(neg.buffer).setBigInt64(0, -(2n ** 31n) - 1n, true);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('I64', [1], [0, 8])}}`, neg)), ValueError, /-2147483649/);
    const u64 = new Uint8Array(8).fill(0xff);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('U64', [1], [0, 8])}}`, u64)), ValueError, /18446744073709551615/);
    expectThrow(() => loadSafetensors(file(`{"a":${entry('BOOL', [3], [0, 3])}}`, Uint8Array.from([1, 0, 2]))), ValueError, /element 2 is the byte 2/);
    const okNeg = new Uint8Array(8);
    new DataView(okNeg.buffer).setBigInt64(0, -5n, true);
    expect(Array.from(loadSafetensors(file(`{"a":${entry('I64', [1], [0, 8])}}`, okNeg))['a']!.data)).toEqual([-5]);
  });

  it('prototype keys load as plain names and pollute nothing', () => {
    const names = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];
    const header = `{${names.map((k, i) => `"${k}":${entry('F32', [1], [i * 4, i * 4 + 4])}`).join(',')}}`;
    const sd = loadSafetensors(file(header, new Uint8Array(Float32Array.from([0, 1, 2, 3, 4]).buffer)));
    expect(Object.keys(sd)).toEqual(names);
    names.forEach((k, i) => {
      expect(Object.prototype.hasOwnProperty.call(sd, k)).toBe(true);
      expect(sd[k]!.item()).toBe(i);
    });
    // and they save and load again
    const again = loadSafetensors(saveSafetensors(sd));
    expect(Object.keys(again).sort()).toEqual([...names].sort());
    expect(again['__proto__']!.item()).toBe(0);
  });

  it('prototype-pollution payloads are rejected and leave Object.prototype alone', () => {
    expectThrow(() => loadSafetensors(file('{"__proto__":{"polluted":"yes"}}')), ValueError, /tensor "__proto__" has the unknown field "polluted"/);
    expectThrow(() => loadSafetensors(file('{"constructor":{"prototype":{"polluted":1}}}')), ValueError, /unknown field "prototype"/);
    expectThrow(() => loadSafetensors(file(`{"a":{"__proto__":{"polluted":1},"dtype":"F32","shape":[0],"data_offsets":[0,0]}}`)), ValueError, /unknown field "__proto__"/);
    const { metadata } = readSafetensorsHeader(file('{"__metadata__":{"__proto__":"x","polluted":"y"}}'));
    expect(Object.getPrototypeOf(metadata)).toBe(null);
    expect(Object.keys(metadata!)).toEqual(['__proto__', 'polluted']);
    expect(metadata!['__proto__']).toBe('x');
  });

  it('duplicate keys are an error, at the top level and inside an entry', () => {
    expectThrow(() => loadSafetensors(file(`{"a":${entry('F32', [1], [0, 4])},"a":${entry('F32', [1], [4, 8])}}`, 8)), ValueError, /names the key "a" twice/);
    expectThrow(() => loadSafetensors(file('{"a":{"dtype":"F32","dtype":"I32","shape":[0],"data_offsets":[0,0]}}')), ValueError, /"dtype" twice/);
    expectThrow(() => loadSafetensors(file(`{"__proto__":${entry('F32', [0], [0, 0])},"__proto__":${entry('F32', [0], [0, 0])}}`)), ValueError, /"__proto__" twice/);
  });

  it('wrong kinds of argument are a TypeError; reserved or unencodable names a ValueError', () => {
    expect(() => loadSafetensors('abc' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => saveSafetensors({ a: 5 as unknown as Tensor })).toThrow(/saveSafetensors: "a" is not a Tensor/);
    expect(() => saveSafetensors(null as unknown as Record<string, Tensor>)).toThrow(TypeError);
    expectThrow(() => saveSafetensors({ __metadata__: f32([1]) }), ValueError, /reserved/);
    expectThrow(() => saveSafetensors({ '\ud800': f32([1]) }), ValueError, /surrogate/);
    expect(() => saveSafetensors({}, { k: 1 as unknown as string })).toThrow(/metadata values must be strings/);
  });
});
