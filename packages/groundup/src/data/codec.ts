/**
 * Decoders for the data that ships inside the library. The assets are TypeScript modules holding
 * base64 text (written by scripts/data/convert.py), so they load the same way in Node and in a
 * browser bundle, with no file system and no network.
 *
 * Two encodings:
 * - `u8-zrle-b64`: bytes in which every run of zeros is stored as the pair (0, run length 1…255)
 *   and every other byte as itself, then base64. Greyscale images are about half zeros.
 * - `u16le-b64`: unsigned 16-bit integers, little-endian, then base64.
 */
import { ValueError } from '../errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/** Standard base64 (RFC 4648, with `=` padding) to bytes. Line breaks and spaces are skipped. */
export function base64Decode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  let chars = 0; // base64 characters seen, padding included
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 32 || c === 9) continue;
    chars++;
    if (c === 61 /* = */) {
      pad++;
      continue;
    }
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0 || pad > 0)
      throw new ValueError(`base64Decode: character ${JSON.stringify(text[i])} at position ${i} is not base64${pad > 0 ? ' (it follows padding)' : ''}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (chars % 4 !== 0 || pad > 2)
    throw new ValueError(`base64Decode: the text has ${chars} base64 characters with ${pad} '=' signs; base64 comes in groups of 4 characters`);
  return out.slice(0, o);
}

/** Undoes the zero run-length encoding; `size` is the decoded length, checked exactly. */
export function zeroRunDecode(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size); // zero-filled, so a run only moves the cursor
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      if (i + 1 >= bytes.length) throw new ValueError('zeroRunDecode: the data ends inside a run of zeros (a 0 byte with no length after it)');
      const run = bytes[++i]!;
      if (run === 0) throw new ValueError(`zeroRunDecode: a run of zero length at byte ${i}`);
      o += run;
    } else {
      if (o < size) out[o] = b;
      o++;
    }
    if (o > size) throw new ValueError(`zeroRunDecode: the data decodes to more than the expected ${size} bytes`);
  }
  if (o !== size) throw new ValueError(`zeroRunDecode: the data decodes to ${o} bytes, expected ${size}`);
  return out;
}

/** The matching encoder (the conversion script has its own in Python; this one serves tests and users). */
export function zeroRunEncode(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] === 0) {
      let j = i;
      while (j < bytes.length && bytes[j] === 0 && j - i < 255) j++;
      out.push(0, j - i);
      i = j;
    } else out.push(bytes[i++]!);
  }
  return Uint8Array.from(out);
}

/** Little-endian unsigned 16-bit integers from bytes. */
export function u16le(bytes: Uint8Array): Uint16Array {
  if (bytes.length % 2 !== 0) throw new ValueError(`u16le: ${bytes.length} bytes is not a whole number of 16-bit values`);
  const out = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  return out;
}

/** FNV-1a (32-bit) checksum; the conversion script records it for each decoded asset. */
export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
