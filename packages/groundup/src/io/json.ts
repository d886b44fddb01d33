/**
 * A strict JSON reader for file headers that may come from anyone.
 *
 * `JSON.parse` is not enough for a hostile header: it silently keeps the last of two equal keys,
 * and it builds ordinary objects, so a key spelled `__proto__` becomes a trap for any code that
 * later copies the result with `Object.assign` or spread. This reader follows the JSON grammar
 * (RFC 8259) and differs from `JSON.parse` only where safety asks for it:
 *
 * - every object it returns has a null prototype, so `__proto__`, `constructor` and `prototype`
 *   are ordinary keys and nothing reaches `Object.prototype`;
 * - a key that appears twice in one object is an error (the header would be ambiguous);
 * - nesting deeper than `maxDepth` is an error (no stack overflow on `[[[[…`);
 * - a `\u` escape that leaves half a surrogate pair is an error (it cannot be UTF-8).
 *
 * It runs in one pass over the text, so its time and memory grow linearly with the header.
 */
import { ValueError } from '../errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A parsed JSON object: null prototype, keys in the order the text gives them. */
export type JsonObject = { [key: string]: JsonValue };

/** True for a value the reader produced from `{…}` (not an array, not null). */
export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Parses `text` as one JSON value. `op` starts every error message, `what` names the text
 * ("the header"), so a failure reads `loadSafetensors: the header is not valid JSON: … at character 17`.
 */
export function parseStrictJson(text: string, op: string, what: string, maxDepth = 32): JsonValue {
  let pos = 0;
  const n = text.length;

  const fail = (msg: string, at = pos): never => {
    const from = Math.max(0, at - 20);
    const excerpt = text.slice(from, at + 20).replace(/[\u0000-\u001f]/g, ' ');
    throw new ValueError(`${op}: ${what} is not valid JSON: ${msg} at character ${at} (near ${JSON.stringify(excerpt)})`);
  };

  const skipWs = (): void => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) pos++;
      else break;
    }
  };

  const describe = (at: number): string => (at >= n ? 'end of text' : `${JSON.stringify(text[at])}`);

  const parseString = (): string => {
    // text[pos] is the opening quote
    const start = pos;
    pos++;
    let out = '';
    let runStart = pos;
    let escapedSurrogate = false;
    for (;;) {
      if (pos >= n) fail('a string is never closed', start);
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(runStart, pos);
        pos++;
        break;
      }
      if (c < 0x20) fail(`a raw control character (code ${c}) inside a string; write it as an escape`);
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(runStart, pos);
      const e = text[pos + 1];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`a \\u escape needs four hex digits, got ${JSON.stringify(hex)}`);
          const code = parseInt(hex, 16);
          if (code >= 0xd800 && code <= 0xdfff) escapedSurrogate = true;
          out += String.fromCharCode(code);
          pos += 4;
          break;
        }
        default:
          fail(`unknown escape \\${e ?? ''}`);
      }
      pos += 2;
      runStart = pos;
    }
    if (escapedSurrogate && !isWellFormed(out)) fail('a \\u escape leaves half a surrogate pair, which no UTF-8 text can hold', start);
    return out;
  };

  const parseValue = (depth: number): JsonValue => {
    skipWs();
    if (pos >= n) fail('the text ends where a value should start');
    const c = text[pos]!;
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(`nesting deeper than ${maxDepth} levels`);
      return c === '{' ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    if (c === '"') return parseString();
    if (c === 't' && text.startsWith('true', pos)) return (pos += 4), true;
    if (c === 'f' && text.startsWith('false', pos)) return (pos += 5), false;
    if (c === 'n' && text.startsWith('null', pos)) return (pos += 4), null;
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return Number(m[0]);
    }
    return fail(`unexpected ${describe(pos)} where a value should start`);
  };

  const parseObject = (depth: number): JsonObject => {
    pos++; // {
    const obj = Object.create(null) as JsonObject;
    skipWs();
    if (text[pos] === '}') {
      pos++;
      return obj;
    }
    for (;;) {
      skipWs();
      if (text[pos] !== '"') fail(`expected a quoted key, got ${describe(pos)}`);
      const keyAt = pos;
      const key = parseString();
      if (Object.prototype.hasOwnProperty.call(obj, key))
        throw new ValueError(`${op}: ${what} names the key ${JSON.stringify(key)} twice (second time at character ${keyAt}); every key must be unique`);
      skipWs();
      if (text[pos] !== ':') fail(`expected ':' after the key ${JSON.stringify(key)}, got ${describe(pos)}`);
      pos++;
      const value = parseValue(depth);
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      skipWs();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      fail(`expected ',' or '}' in an object, got ${describe(pos)}`);
    }
  };

  const parseArray = (depth: number): JsonValue[] => {
    pos++; // [
    const arr: JsonValue[] = [];
    skipWs();
    if (text[pos] === ']') {
      pos++;
      return arr;
    }
    for (;;) {
      arr.push(parseValue(depth));
      skipWs();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      fail(`expected ',' or ']' in an array, got ${describe(pos)}`);
    }
  };

  const value = parseValue(0);
  skipWs();
  if (pos < n) fail(`unexpected ${describe(pos)} after the end of the value`);
  return value;
}

/** True when every surrogate in `s` is half of a proper pair, so `s` has a UTF-8 encoding. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return false;
  }
  return true;
}
