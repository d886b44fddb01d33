/**
 * A small CSV reader so a learner can bring their own table: RFC 4180 fields (quoted fields may hold
 * the delimiter, line breaks and doubled quotes ""), LF, CRLF or CR line ends, a byte-order mark,
 * blank lines skipped. Every feature cell must be a number; the target column may hold names
 * ("setosa"), which become class indices.
 */
import { ValueError, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { readOptions } from '../validate.js';

export interface CSVOptions {
  /**
   * Whether the first row names the columns. Default 'auto': it does when any of its cells is
   * not a number.
   */
  header?: boolean | 'auto';
  /** The column that holds the labels, by name or index (negative counts from the end). */
  target?: string | number;
  /**
   * The field separator, one character, or 'auto' (the default): the one of , ; tab | that splits
   * the first lines into the same number of fields. With ';' a decimal comma (5,1) reads as 5.1.
   */
  delimiter?: string;
  /** The feature columns to keep, by name or index, in this order (default: every column but the target). */
  features?: (string | number)[];
  /** Called now and then while the text is split, with the fraction done (0 … 1). */
  onProgress?: (fraction: number) => void;
}

export interface CSVData {
  /** The feature columns. Shape [rows, columns.length] float32. */
  x: Tensor;
  /**
   * The target column, when `target` was given: int32 when every value is a whole number or when
   * the values are names (then `classNames[y[i]]` is the name), float32 otherwise. Shape [rows].
   */
  y?: Tensor;
  /** Names of x's columns, in order (from the header, or '0', '1', … without one). */
  columns: string[];
  /** Name of the target column, when there is one. */
  targetColumn?: string;
  /** For a target column of names: the distinct names in order of first appearance. */
  classNames?: string[];
}

interface Row {
  fields: string[];
  /** 1-based line on which the row starts. */
  line: number;
}

const CANDIDATES = [',', ';', '\t', '|'];

/** How many times `d` occurs outside quotes on each of the first few lines of `text`. */
function countsPerLine(text: string, d: string, maxLines = 20): number[] {
  const counts: number[] = [];
  let n = 0;
  let quoted = false;
  let lineHasText = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length && counts.length < maxLines; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === d) n++;
    else if (c === '\n' || c === '\r') {
      if (lineHasText || n > 0) counts.push(n);
      n = 0;
      lineHasText = false;
      continue;
    }
    lineHasText = true;
  }
  if ((lineHasText || n > 0) && counts.length < maxLines) counts.push(n);
  return counts;
}

/**
 * The field separator of a CSV text: of , ; tab and |, the one that occurs the same (non-zero)
 * number of times on each of the first lines, the most often; ',' when none does.
 */
export function detectDelimiter(text: string): string {
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const c = countsPerLine(text, d);
    if (c.length === 0 || c[0] === 0) continue;
    const same = c.filter((k) => k === c[0]).length / c.length; // share of lines that agree with the header
    const score = same * 1000 + c[0]!;
    if (same >= 0.9 && score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** Splits CSV text into rows of raw field strings, remembering the line each row starts on. */
export function parseCSVRows(text: string, delimiter = ',', onProgress?: (fraction: number) => void): Row[] {
  if (typeof text !== 'string') throw new TypeError(`fromCSV: expected the CSV text as a string, got ${fmtValue(text)}`);
  if (delimiter === 'auto') delimiter = detectDelimiter(text);
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new ValueError(`fromCSV: delimiter must be one character other than a quote or a line break, got ${fmtValue(delimiter)}`);
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let quotedRow = false; // a row holding just "" is a row with one empty field, not a blank line
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const endRow = () => {
    fields.push(field);
    // a line with nothing (or only spaces) on it is skipped, not read as a row with one empty field
    if (!(fields.length === 1 && fields[0]!.trim() === '' && !quotedRow)) rows.push({ fields, line: rowLine });
    fields = [];
    field = '';
    quotedRow = false;
  };
  let atFieldStart = true;
  const every = 1 << 20; // report progress about once per MiB of text
  let nextReport = every;
  while (i < n) {
    if (onProgress && i >= nextReport) {
      onProgress(i / n);
      nextReport = i + every;
    }
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      // a quoted field: runs to the next quote that is not doubled
      const startLine = line;
      quotedRow = true;
      i++;
      for (;;) {
        if (i >= n) throw new ValueError(`fromCSV: line ${startLine}: a quoted field is never closed (a " is missing)`);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r')
        throw new ValueError(`fromCSV: line ${line}, column ${fields.length + 1}: unexpected ${JSON.stringify(text[i])} after a closing quote (write "" for a quote inside a quoted field)`);
      atFieldStart = false;
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      atFieldStart = true;
    } else {
      field += ch;
      atFieldStart = false;
      i++;
    }
  }
  if (field !== '' || fields.length > 0 || quotedRow) endRow();
  onProgress?.(1);
  return rows;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };

const DECIMAL_COMMA = /^[+-]?\d+,\d+([eE][+-]?\d+)?$/;

/**
 * A cell as a number, or null when it is not one (decimal or scientific notation, NaN, ±Inf).
 * With `decimalComma`, 5,1 reads as 5.1 (tables written with ';' between fields).
 */
export function parseNumber(cell: string, decimalComma = false): number | null {
  let s = cell.trim();
  if (decimalComma && DECIMAL_COMMA.test(s)) s = s.replace(',', '.');
  if (NUMBER.test(s)) return Number(s);
  const lower = s.toLowerCase();
  return Object.prototype.hasOwnProperty.call(SPECIAL, lower) ? SPECIAL[lower]! : null;
}

/**
 * Reads a CSV table into tensors.
 *
 * Shape: x [rows, features] float32; y [rows] when `target` is given.
 * @example
 * const { x, y, columns } = data.fromCSV('a,b,label\n1,2,cat\n3,4,dog\n', { target: 'label' });
 * // x = [[1,2],[3,4]], y = [0,1] (int32), classNames = ['cat','dog']
 */
export function fromCSV(text: string, options: CSVOptions = {}): CSVData {
  readOptions('fromCSV', options, "{ target: 'label' }", true);
  const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? (typeof text === 'string' ? detectDelimiter(text) : ',') : options.delimiter;
  const rows = parseCSVRows(text, delimiter, options.onProgress);
  if (rows.length === 0) throw new ValueError('fromCSV: the file is empty (no rows); expected a header line and data rows such as "a,b,label\\n1,2,cat"');
  const num = (cell: string) => parseNumber(cell, delimiter === ';');
  const headerOpt = options.header ?? 'auto';
  if (headerOpt !== true && headerOpt !== false && headerOpt !== 'auto') throw new ValueError(`fromCSV: header must be true, false or 'auto', got ${fmtValue(headerOpt)}`);
  const first = rows[0]!;
  const hasHeader = headerOpt === 'auto' ? first.fields.some((f) => num(f) === null) : headerOpt;
  const width = first.fields.length;
  const names = hasHeader ? first.fields.map((f) => f.trim()) : first.fields.map((_, j) => String(j));
  const body = hasHeader ? rows.slice(1) : rows;
  if (body.length === 0) throw new ValueError(`fromCSV: the table has a header (${names.join(', ')}) but no data rows`);
  for (const r of body)
    if (r.fields.length !== width)
      throw new ValueError(
        `fromCSV: line ${r.line}, column ${Math.min(r.fields.length, width) + 1}: the row has ${r.fields.length} fields but ${hasHeader ? 'the header' : 'the first row'} has ${width}` +
          ' (a stray delimiter, or a field with the delimiter inside that needs quotes?)',
      );

  let targetIndex = -1;
  if (options.target !== undefined) {
    const t = options.target;
    if (typeof t === 'number') {
      if (!Number.isInteger(t) || t < -width || t >= width) throw new ValueError(`fromCSV: target column ${t} is out of range for ${width} columns`);
      targetIndex = t < 0 ? t + width : t;
    } else if (typeof t === 'string') {
      targetIndex = names.indexOf(t);
      if (targetIndex < 0) throw new ValueError(`fromCSV: no column named ${JSON.stringify(t)}; the columns are ${names.map((s) => JSON.stringify(s)).join(', ')}`);
    } else throw new TypeError(`fromCSV: target must be a column name or index, got ${fmtValue(t)}`);
  }

  const featureCols = options.features === undefined ? names.map((_, j) => j).filter((j) => j !== targetIndex) : options.features.map((f) => columnIndex(f, names, 'feature'));
  if (options.features !== undefined && targetIndex >= 0 && featureCols.includes(targetIndex))
    throw new ValueError(`fromCSV: column ${JSON.stringify(names[targetIndex])} is the target; it cannot also be a feature`);
  const x = new Float32Array(body.length * featureCols.length);
  body.forEach((r, i) =>
    featureCols.forEach((j, k) => {
      const v = num(r.fields[j]!);
      if (v === null)
        throw new ValueError(
          `fromCSV: line ${r.line}, column ${j + 1} (${JSON.stringify(names[j])}): ${r.fields[j]!.trim() === '' ? 'the cell is empty' : `${JSON.stringify(r.fields[j])} is not a number`}` +
            (options.target === undefined ? '; if this column holds labels, pass it as { target }' : ''),
        );
      x[i * featureCols.length + k] = v;
    }),
  );
  const out: CSVData = { x: new Tensor(x, [body.length, featureCols.length], 'float32'), columns: featureCols.map((j) => names[j]!) };
  if (targetIndex >= 0) {
    const cells = body.map((r) => r.fields[targetIndex]!);
    const nums = cells.map(num);
    out.targetColumn = names[targetIndex]!;
    if (nums.every((v) => v !== null)) {
      const whole = nums.every((v) => Number.isInteger(v) && Math.abs(v!) < 2 ** 31);
      out.y = whole ? new Tensor(Int32Array.from(nums as number[]), [body.length], 'int32') : new Tensor(Float32Array.from(nums as number[]), [body.length], 'float32');
    } else {
      const classNames: string[] = [];
      const index = new Map<string, number>();
      const y = new Int32Array(body.length);
      cells.forEach((c, i) => {
        const key = c.trim();
        if (key === '') throw new ValueError(`fromCSV: line ${body[i]!.line}, column ${targetIndex + 1} (${JSON.stringify(out.targetColumn)}): the label is empty`);
        let k = index.get(key);
        if (k === undefined) {
          k = classNames.length;
          index.set(key, k);
          classNames.push(key);
        }
        y[i] = k;
      });
      out.y = new Tensor(y, [body.length], 'int32');
      out.classNames = classNames;
    }
  }
  return out;
}

/** The index of a column given by name or index (negative counts from the end). */
function columnIndex(c: string | number, names: string[], what: string): number {
  const width = names.length;
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < -width || c >= width) throw new ValueError(`fromCSV: ${what} column ${c} is out of range for ${width} columns`);
    return c < 0 ? c + width : c;
  }
  if (typeof c !== 'string') throw new TypeError(`fromCSV: a ${what} column must be a name or an index, got ${fmtValue(c)}`);
  const j = names.indexOf(c);
  if (j < 0) throw new ValueError(`fromCSV: no column named ${JSON.stringify(c)}; the columns are ${names.map((s) => JSON.stringify(s)).join(', ')}`);
  return j;
}
