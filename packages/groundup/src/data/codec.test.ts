import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { base64Decode, fnv1a32, u16le, zeroRunDecode, zeroRunEncode } from './codec.js';

describe('base64Decode', () => {
  it('decodes the RFC 4648 test vectors', () => {
    const text = (s: string) => new TextDecoder().decode(base64Decode(s));
    expect(text('')).toBe('');
    expect(text('Zg==')).toBe('f');
    expect(text('Zm8=')).toBe('fo');
    expect(text('Zm9v')).toBe('foo');
    expect(text('Zm9vYg==')).toBe('foob');
    expect(text('Zm9vYmE=')).toBe('fooba');
    expect(text('Zm9vYmFy')).toBe('foobar');
  });
  it('agrees with Node\'s Buffer on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(Array.from(base64Decode(Buffer.from(bytes).toString('base64')))).toEqual(Array.from(bytes));
      }),
    );
  });
  it('rejects text that is not base64', () => {
    expect(() => base64Decode('Zm9')).toThrow(ValueError);
    expect(() => base64Decode('Zm9*')).toThrow(/character "\*" at position 3/);
  });
});

describe('zero run-length code', () => {
  it('decodes a hand-worked example', () => {
    // 5, three zeros, 7, one zero  →  5, (0,3), 7, (0,1)
    expect(Array.from(zeroRunDecode(Uint8Array.from([5, 0, 3, 7, 0, 1]), 6))).toEqual([5, 0, 0, 0, 7, 0]);
    expect(Array.from(zeroRunEncode(Uint8Array.from([5, 0, 0, 0, 7, 0])))).toEqual([5, 0, 3, 7, 0, 1]);
  });
  it('splits runs longer than 255', () => {
    const z = new Uint8Array(600);
    expect(Array.from(zeroRunEncode(z))).toEqual([0, 255, 0, 255, 0, 90]);
    expect(zeroRunDecode(zeroRunEncode(z), 600)).toEqual(z);
  });
  it('round-trips random sparse bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })), { maxLength: 700 }), (arr) => {
        const bytes = Uint8Array.from(arr);
        expect(zeroRunDecode(zeroRunEncode(bytes), bytes.length)).toEqual(bytes);
      }),
    );
  });
  it('rejects corrupt data', () => {
    expect(() => zeroRunDecode(Uint8Array.from([1, 0]), 2)).toThrow(/ends inside a run/);
    expect(() => zeroRunDecode(Uint8Array.from([0, 0]), 0)).toThrow(/zero length/);
    expect(() => zeroRunDecode(Uint8Array.from([1, 2, 3]), 2)).toThrow(/more than the expected 2/);
    expect(() => zeroRunDecode(Uint8Array.from([1]), 2)).toThrow(/decodes to 1 bytes, expected 2/);
  });
});

describe('u16le and fnv1a32', () => {
  it('reads little-endian 16-bit values', () => {
    expect(Array.from(u16le(Uint8Array.from([0x01, 0x02, 0xff, 0xff, 0x00, 0x04])))).toEqual([0x0201, 0xffff, 0x0400]);
    expect(() => u16le(new Uint8Array(3))).toThrow(ValueError);
  });
  it('gives the published FNV-1a 32-bit values', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a32(enc(''))).toBe(0x811c9dc5);
    expect(fnv1a32(enc('a'))).toBe(0xe40c292c);
    expect(fnv1a32(enc('foobar'))).toBe(0xbf9cf968);
  });
});

describe('base64Decode with line breaks', () => {
  it('skips line breaks and spaces between groups, as the shipped assets have them', () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) % 256);
    const b64 = Buffer.from(bytes).toString('base64');
    const wrapped = `\n${b64.slice(0, 40)}\r\n${b64.slice(40, 90)}\n ${b64.slice(90)}\n`;
    expect(Array.from(base64Decode(wrapped))).toEqual(Array.from(bytes));
    expect(() => base64Decode('Zg==Zg==')).toThrow(/follows padding/);
  });
});
