/**
 * A first look at a CSV table before training on it: the type, range and missing cells of each
 * column, and which kind of target a column makes (classes or a number to regress). The CLI and
 * the guide's "your data" page both decide with these, so they agree on every file.
 */
import { ValueError } from '../errors.js';
import { detectDelimiter, parseCSVRows, parseNumber } from './csv.js';

export interface ColumnSummary {
  name: string;
  /** 0-based position in the row. */
  index: number;
  /** 'number' when every non-empty cell is a number, 'text' when some is not, 'empty' when all are empty. */
  type: 'number' | 'text' | 'empty';
  /** Cells that are empty (or only spaces). */
  missing: number;
  /** Smallest and largest number (number columns; NaN cells ignored). */
  min?: number;
  max?: number;
  /** Every number is whole (number columns). */
  integer: boolean;
  /** Distinct non-empty values, counted up to DISTINCT_CAP + 1. */
  distinct: number;
  /** The first distinct values in order of appearance (at most 12), for a glance at text columns. */
  values: string[];
  /** The 1-based line of the first empty cell. */
  firstMissing?: number;
  /** For a text column: the first cell that is not a number, with its 1-based line. */
  firstText?: { line: number; cell: string };
}

export interface CSVSummary {
  delimiter: string;
  header: boolean;
  /** Data rows (not counting the header). */
  rows: number;
  columns: ColumnSummary[];
  /** The first data rows as raw cells (at most `previewRows`). */
  preview: string[][];
}

/** Distinct values are counted exactly up to this many. */
export const DISTINCT_CAP = 1000;
/** A classification target may have at most this many classes. */
export const MAX_CLASSES = 100;
/** A whole-number target with at most this many distinct values is read as class labels. */
export const MAX_INTEGER_CLASSES = 20;

export interface DescribeOptions {
  delimiter?: string;
  previewRows?: number;
  onProgress?: (fraction: number) => void;
}

/**
 * Summarises a CSV text column by column. Throws the same errors as fromCSV for a file that has no
 * rows, only a header, or ragged rows.
 * @example
 * const s = data.describeCSV('x,label\n1,a\n2,b\n');
 * // s.columns[0] = { name: 'x', type: 'number', min: 1, max: 2, missing: 0, … }
 */
export function describeCSV(text: string, options: DescribeOptions = {}): CSVSummary {
  const delimiter = options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(text) : options.delimiter;
  const rows = parseCSVRows(text, delimiter, options.onProgress);
  const comma = delimiter === ';';
  if (rows.length === 0) throw new ValueError('describeCSV: the file is empty (no rows); expected a header line and data rows such as "a,b,label\\n1,2,cat"');
  const first = rows[0]!;
  const header = first.fields.some((f) => parseNumber(f, comma) === null);
  const width = first.fields.length;
  const names = header ? first.fields.map((f) => f.trim()) : first.fields.map((_, j) => String(j));
  const body = header ? rows.slice(1) : rows;
  if (body.length === 0) throw new ValueError(`describeCSV: the table has a header (${names.join(', ')}) but no data rows`);
  const columns: ColumnSummary[] = names.map((name, index) => ({ name, index, type: 'empty', missing: 0, integer: true, distinct: 0, values: [] }));
  const seen = names.map(() => new Set<string>());
  const numeric = names.map(() => true);
  const min = names.map(() => Infinity);
  const max = names.map(() => -Infinity);
  for (const r of body) {
    if (r.fields.length !== width)
      throw new ValueError(`describeCSV: line ${r.line}, column ${Math.min(r.fields.length, width) + 1}: the row has ${r.fields.length} fields but ${header ? 'the header' : 'the first row'} has ${width}`);
    for (let j = 0; j < width; j++) {
      const raw = r.fields[j]!.trim();
      const c = columns[j]!;
      if (raw === '') {
        if (c.missing++ === 0) c.firstMissing = r.line;
        continue;
      }
      if (seen[j]!.size <= DISTINCT_CAP && !seen[j]!.has(raw)) {
        seen[j]!.add(raw);
        if (c.values.length < 12) c.values.push(raw);
      }
      if (!numeric[j]) continue;
      const v = parseNumber(raw, comma);
      if (v === null) {
        numeric[j] = false;
        c.firstText = { line: r.line, cell: raw };
        continue;
      }
      if (Number.isNaN(v)) continue;
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
      if (!Number.isInteger(v)) c.integer = false;
    }
  }
  columns.forEach((c, j) => {
    c.distinct = seen[j]!.size;
    if (c.missing === body.length) c.type = 'empty';
    else if (numeric[j]) {
      c.type = 'number';
      if (min[j]! <= max[j]!) [c.min, c.max] = [min[j]!, max[j]!];
    } else c.type = 'text';
    if (c.type !== 'number') c.integer = false;
  });
  return { delimiter, header, rows: body.length, columns, preview: body.slice(0, options.previewRows ?? 10).map((r) => r.fields) };
}

export type TargetKind = 'classification' | 'regression';

/**
 * What a target column asks for: classification when it holds text, or whole numbers with at most
 * MAX_INTEGER_CLASSES distinct values; regression otherwise.
 */
export function targetKind(c: ColumnSummary): TargetKind {
  if (c.type === 'text') return 'classification';
  return c.type === 'number' && c.integer && c.distinct <= MAX_INTEGER_CLASSES ? 'classification' : 'regression';
}

/**
 * Checks that a column can be the target of `kind`, else a ValueError that says why and what to do.
 * Classification needs 2 … MAX_CLASSES classes; regression needs a number column; neither allows
 * missing cells.
 */
export function checkTarget(c: ColumnSummary, kind: TargetKind): void {
  const col = `target column ${JSON.stringify(c.name)} (column ${c.index + 1})`;
  if (c.type === 'empty') throw new ValueError(`checkTarget: ${col} is empty`);
  if (c.missing > 0) throw new ValueError(`checkTarget: line ${c.firstMissing}, ${col}: the cell is empty (${c.missing} empty in all); fill them or drop those rows`);
  if (kind === 'classification') {
    if (c.distinct < 2) throw new ValueError(`checkTarget: ${col} holds a single class (${JSON.stringify(c.values[0])}); a classifier needs at least two`);
    if (c.distinct > MAX_CLASSES)
      throw new ValueError(
        `checkTarget: ${col} holds ${c.distinct > DISTINCT_CAP ? `more than ${DISTINCT_CAP}` : c.distinct} distinct values, too many classes (at most ${MAX_CLASSES})` +
          (c.type === 'number' ? '; it looks like a quantity: train a regression instead' : '; is it an id or free text?'),
      );
  } else if (c.type !== 'number') {
    const t = c.firstText!;
    throw new ValueError(`checkTarget: line ${t.line}, column ${c.index + 1} (${JSON.stringify(c.name)}): ${JSON.stringify(t.cell)} is not a number, so it cannot be a regression target; train a classifier`);
  }
}

/** Checks that a column can be a feature: numbers only, no empty cells. */
export function checkFeature(c: ColumnSummary): void {
  const col = `column ${c.index + 1} (${JSON.stringify(c.name)})`;
  if (c.type === 'text') {
    const t = c.firstText!;
    throw new ValueError(`checkFeature: line ${t.line}, ${col}: ${JSON.stringify(t.cell)} is not a number; a feature must be numeric (leave this column out, or make it the target)`);
  }
  if (c.type === 'empty') throw new ValueError(`checkFeature: ${col} is empty; leave it out`);
  if (c.missing > 0) throw new ValueError(`checkFeature: line ${c.firstMissing}, ${col}: the cell is empty (${c.missing} empty in all); fill them or leave the column out`);
}
