import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { MAX_NPY_HEADER, loadNpy, saveNpy } from './npy.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

const f32 = (values: number[], shape: number[] = [values.length]) => new Tensor(Float32Array.from(values), shape, 'float32');
const f64 = (values: number[], shape: number[] = [values.length]) => new Tensor(Float64Array.from(values), shape, 'float64');
const i32 = (values: number[], shape: number[] = [values.length]) => new Tensor(Int32Array.from(values), shape, 'int32');

/** A .npy file from a header text and data; `major` picks the 2- or 4-byte length field. */
function npy(header: string, data: number | Uint8Array = 0, { major = 1, declared }: { major?: number; declared?: number } = {}): Uint8Array {
  const h = new TextEncoder().encode(header);
  const d = typeof data === 'number' ? new Uint8Array(data) : data;
  const prefix = major === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + h.length + d.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, declared ?? h.length, true);
  else dv.setUint32(8, declared ?? h.length, true);
  out.set(h, prefix);
  out.set(d, prefix + h.length);
  return out;
}
const dict = (descr: string, shape: string, fortran = 'False') => `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;

function expectThrow(fn: () => unknown, type: new (...a: never[]) => Error, ...patterns: RegExp[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an error').toBeInstanceOf(type);
  expect((err as Error).message.startsWith('loadNpy: ')).toBe(true);
  for (const p of patterns) expect((err as Error).message).toMatch(p);
}

afterEach(() => {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

describe('files written by numpy (fixtures/make_fixtures.py with Debian python3-numpy)', () => {
  it('float32, float64, int32, 0-d and empty arrays load to the values the script computed', () => {
    const a = loadNpy(fixture('sample_f4.npy'));
    expect([a.dtype, a.shape, Array.from(a.data)]).toEqual(['float32', [3, 4], Array.from({ length: 12 }, (_, i) => i * 0.5)]);
    const b = loadNpy(fixture('sample_f8.npy'));
    expect([b.dtype, b.shape, Array.from(b.data)]).toEqual(['float64', [2, 3], [0, 1, 2, 3, 4, 5].map((i) => i / 7)]);
    const c = loadNpy(fixture('sample_i4.npy'));
    expect([c.dtype, c.shape, Array.from(c.data)]).toEqual(['int32', [6], [-3, -2, -1, 0, 1, 2]]);
    const s = loadNpy(fixture('sample_scalar.npy'));
    expect([s.dtype, s.shape, s.item()]).toEqual(['float32', [], 3.5]);
    const e = loadNpy(fixture('sample_empty.npy'));
    expect([e.dtype, e.shape, e.size]).toEqual(['float32', [0, 2], 0]);
  });

  it('a Fortran-ordered array is transposed into row-major order', () => {
    const raw = fixture('sample_fortran.npy');
    expect(new TextDecoder().decode(raw.subarray(10, 60))).toContain("'fortran_order': True");
    const t = loadNpy(raw);
    expect([t.dtype, t.shape]).toEqual(['float64', [2, 3, 4]]);
    const expected = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) expected.push(100 * i + 10 * j + k);
    expect(Array.from(t.data)).toEqual(expected);
  });

  it('big-endian float16, bool, uint8 and a version 2.0 int64 file', () => {
    const h = loadNpy(fixture('sample_f2_be.npy'));
    expect([h.dtype, Array.from(h.data)]).toEqual(['float32', [-1, -0.5, 0, 0.5]]);
    const b = loadNpy(fixture('sample_b1.npy'));
    expect([b.dtype, b.shape, Array.from(b.data)]).toEqual(['int32', [2, 3], [1, 0, 1, 0, 0, 1]]);
    const u = loadNpy(fixture('sample_u1.npy'));
    expect([u.dtype, u.shape, Array.from(u.data)]).toEqual(['int32', [3, 2], [0, 50, 100, 150, 200, 250]]);
    const raw = fixture('sample_v2_i8.npy');
    expect([raw[6], raw[7]]).toEqual([2, 0]);
    const v = loadNpy(raw);
    expect([v.dtype, v.shape, Array.from(v.data)]).toEqual(['int32', [2, 5], [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]]);
  });

  it('saveNpy writes the same bytes numpy.save wrote', () => {
    const cases: [string, Tensor][] = [
      ['sample_f4.npy', f32(Array.from({ length: 12 }, (_, i) => i * 0.5), [3, 4])],
      ['sample_f8.npy', f64([0, 1, 2, 3, 4, 5].map((i) => i / 7), [2, 3])],
      ['sample_i4.npy', i32([-3, -2, -1, 0, 1, 2])],
      ['sample_scalar.npy', f32([3.5], [])],
      ['sample_empty.npy', f32([], [0, 2])],
    ];
    for (const [name, t] of cases) expect([...saveNpy(t)], name).toEqual([...fixture(name)]);
  });
});

describe('saveNpy layout and round trips', () => {
  it('the layout: magic, version 1.0, u16 header length, header ending in a newline at a multiple of 64', () => {
    const bytes = saveNpy(f64([1.5, -2], [1, 2]));
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const hlen = bytes[8]! | (bytes[9]! << 8);
    expect((10 + hlen) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + hlen));
    expect(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }")).toBe(true);
    expect(header.endsWith(' \n')).toBe(true);
    const dv = new DataView(bytes.buffer, 10 + hlen);
    expect([dv.getFloat64(0, true), dv.getFloat64(8, true)]).toEqual([1.5, -2]);
    expect(bytes.length).toBe(10 + hlen + 16);
  });

  it('round trips every dtype bit for bit, including NaN, −0, infinities, 0-d and empty', () => {
    const cases = [
      f32([NaN, -0, Infinity, -Infinity, 1e-45, 3.4028234663852886e38], [3, 2]),
      f64([NaN, -0, 5e-324, Number.MAX_VALUE, 1 / 3]),
      i32([-2147483648, 2147483647, 0], [3, 1, 1]),
      f64([7], []),
      i32([], [2, 0, 3]),
    ];
    for (const t of cases) {
      const u = loadNpy(saveNpy(t));
      expect([u.dtype, u.shape]).toEqual([t.dtype, t.shape]);
      expect(new Uint8Array(u.data.buffer, u.data.byteOffset, u.data.byteLength)).toEqual(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    }
  });

  it('wrong kinds of argument', () => {
    expect(() => saveNpy([1, 2] as unknown as Tensor)).toThrow(/saveNpy: expected a Tensor/);
    expect(() => saveNpy(f32([1], new Array(65).fill(1)))).toThrow(ValueError);
    expect(() => loadNpy('x' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('hostile or damaged .npy files give a typed error that names the numbers', () => {
  it('empty, truncated preamble, bad magic, unknown version', () => {
    expectThrow(() => loadNpy(new Uint8Array(0)), ValueError, /0 bytes long/);
    expectThrow(() => loadNpy(saveNpy(f32([1])).subarray(0, 9)), ValueError, /9 bytes long/);
    const bad = saveNpy(f32([1]));
    bad[0] = 0x94;
    expectThrow(() => loadNpy(bad), ValueError, /magic string/, /94 4e 55 4d 50 59/);
    expectThrow(() => loadNpy(npy(dict('<f4', '(1,)'), 4, { major: 4 })), ValueError, /version 4\.0/);
    const minor = npy(dict('<f4', '(1,)'), 4);
    minor[7] = 1;
    expectThrow(() => loadNpy(minor), ValueError, /version 1\.1/);
    expectThrow(() => loadNpy(npy('', 0, { major: 2 }).subarray(0, 11)), ValueError, /11 bytes long, shorter than the 12-byte preamble/);
  });

  it('header length larger than the file, or than the limit', () => {
    expectThrow(() => loadNpy(npy(dict('<f4', '(1,)'), 4, { declared: 60000 })), ValueError, /says 60000 bytes/, /truncated/);
    expectThrow(() => loadNpy(npy('{}', 0, { major: 2, declared: 0xffffffff })), ValueError, /says 4294967295 bytes/, new RegExp(`${MAX_NPY_HEADER}-byte limit`));
  });

  it('a header that is not the dict it should be', () => {
    expectThrow(() => loadNpy(npy('[1, 2]\n')), ValueError, /must be a dict/, /\[1, 2\]/);
    expectThrow(() => loadNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), \n")), ValueError, /not a valid Python dict literal/);
    expectThrow(() => loadNpy(npy("{'descr': __import__('os'), }")), ValueError, /not a valid Python dict literal/, /unexpected "_"/);
    expectThrow(() => loadNpy(npy("{'descr': '<f4', 'shape': (1,), }")), ValueError, /exactly the keys/, /'descr', 'shape'/);
    expectThrow(() => loadNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}")), ValueError, /'x'/);
    expectThrow(() => loadNpy(npy("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}")), ValueError, /'descr' appears twice/);
    expectThrow(() => loadNpy(npy(dict('<f4', '(1,)', '1'), 4)), ValueError, /fortran_order must be True or False, got 1/);
    expectThrow(() => loadNpy(npy(dict('<f4', '[1]'), 4)), ValueError, /shape must be a tuple/, /\[1\]/);
    expectThrow(() => loadNpy(npy(dict('<f4', '(3)'), 12)), ValueError, /shape must be a tuple/, /got 3/);
    expectThrow(() => loadNpy(npy(dict('<f4', '(2, -1)'))), ValueError, /got -1/);
    expectThrow(() => loadNpy(npy(dict('<f4', "(2, 'a')"))), ValueError, /got 'a'/);
    expectThrow(() => loadNpy(npy(dict('<f4', '(65536, 65536)'))), ValueError, /\[65536,65536\]/, /caps one tensor at 268435456/);
    expectThrow(() => loadNpy(npy(dict('<f4', `(${new Array(65).fill(1).join(', ')})`))), ValueError, /65 dimensions/);
    expectThrow(() => loadNpy(npy(`{'descr': ${'('.repeat(50)}`)), ValueError, /nesting deeper than 8/);
    const v3 = npy('{}', 0, { major: 3 });
    v3[12] = 0xff;
    expectThrow(() => loadNpy(v3), ValueError, /version 3\.0 file is not valid UTF-8/);
  });

  it('unsupported dtypes are a DTypeError, pickles included', () => {
    expectThrow(() => loadNpy(npy(dict('|O', '(1,)'), 8)), DTypeError, /'\|O'/, /pickled/);
    expectThrow(() => loadNpy(npy(dict('<c8', '(1,)'), 8)), DTypeError, /'<c8'/, /complex/);
    expectThrow(() => loadNpy(npy(dict('<U3', '(1,)'), 12)), DTypeError, /'<U3'/);
    expectThrow(() => loadNpy(npy(dict('<f16', '(1,)'), 16)), DTypeError, /'<f16'/, /supported: f2 f4 f8/);
    expectThrow(() => loadNpy(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4)), DTypeError, /structured/, /\[\('a', '<f4'\)\]/);
  });

  it('data truncated or followed by extra bytes; values that do not fit', () => {
    expectThrow(() => loadNpy(npy(dict('<f4', '(3, 4)'), 40)), ValueError, /shape \[3,4\] of '<f4' needs 12 × 4 = 48 bytes/, /holds only 40/, /truncated/);
    expectThrow(() => loadNpy(fixture('sample_f8.npy').subarray(0, 170)), ValueError, /needs 6 × 8 = 48 bytes/, /holds only 42/);
    expectThrow(() => loadNpy(npy(dict('<f4', '(2,)'), 12)), ValueError, /4 bytes after the 8 bytes of data/);
    expectThrow(() => loadNpy(npy(dict('|b1', '(2,)'), Uint8Array.from([1, 7]))), ValueError, /element 1 is the byte 7/);
    const big = new Uint8Array(8);
    new DataView(big.buffer).setBigUint64(0, 2n ** 33n, true);
    expectThrow(() => loadNpy(npy(dict('<u8', '()'), big)), ValueError, /8589934592 at element 0/, /int32/);
    const u4 = new Uint8Array(4).fill(0xff);
    expectThrow(() => loadNpy(npy(dict('<u4', '()'), u4)), ValueError, /4294967295/);
  });

  it('an accepted hand-written header: Python 2 long integers, double quotes, big-endian int', () => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setInt32(0, -7, false);
    new DataView(data.buffer).setInt32(4, 9, false);
    const t = loadNpy(npy(`{"descr": ">i4", "fortran_order": False, "shape": (2L,)}`, data));
    expect([t.dtype, t.shape, Array.from(t.data)]).toEqual(['int32', [2], [-7, 9]]);
  });
});
