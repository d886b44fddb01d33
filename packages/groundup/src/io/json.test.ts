import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { isWellFormed, parseStrictJson } from './json.js';

/** Copies a parsed value into ordinary objects so it can be compared with JSON.parse's result. */
const plain = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(plain) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v;

describe('parseStrictJson', () => {
  it('agrees with JSON.parse on valid JSON without repeated keys (property, with unicode and nesting)', () => {
    fc.assert(
      fc.property(fc.unicodeJson({ depthSize: 'small' }), (text) => {
        expect(plain(parseStrictJson(text, 'test', 'the text'))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('reads escapes, surrogate pairs and numbers as JSON defines them', () => {
    const v = parseStrictJson('{"a\\n\\u00e9\\ud83d\\ude00\\/":[-0.5e2,0,1E+3,true,false,null]}', 'test', 'the text') as Record<string, unknown>;
    expect(plain(v)).toEqual({ 'a\né😀/': [-50, 0, 1000, true, false, null] });
    expect(Object.getPrototypeOf(v)).toBe(null);
  });

  it('rejects what JSON.parse rejects, with the position', () => {
    for (const bad of ['', '01', '1.', '.5', '+1', '[1,]', '{"a":1,}', "{'a':1}", 'tru', 'NaN', '"\\x41"', '"abc', '{"a" 1}', '[1 2]']) {
      expect(() => JSON.parse(bad), bad).toThrow();
      expect(() => parseStrictJson(bad, 'test', 'the text'), bad).toThrow(ValueError);
    }
    expect(() => parseStrictJson('[1,]', 'test', 'the text')).toThrow(/test: the text is not valid JSON: .* at character 3/);
  });

  it('isWellFormed finds half surrogate pairs', () => {
    expect(isWellFormed('a😀b')).toBe(true);
    expect(isWellFormed('\ud83d')).toBe(false);
    expect(isWellFormed('\ude00x')).toBe(false);
    expect(isWellFormed('\ud83d\ud83d')).toBe(false);
  });
});
