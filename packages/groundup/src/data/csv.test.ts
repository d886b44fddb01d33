import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { data } from '../index.js';
import { detectDelimiter, parseCSVRows, parseNumber } from './csv.js';

const fields = (text: string, d?: string) => parseCSVRows(text, d).map((r) => r.fields);

describe('parseCSVRows', () => {
  it('splits plain rows and skips blank lines and a trailing newline', () => {
    expect(fields('a,b\n1,2\n\n3,4\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });
  it('handles CRLF, lone CR and a byte-order mark', () => {
    expect(fields('\uFEFFa,b\r\n1,2\r\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(fields('1,2\r3,4\r')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    const rows = parseCSVRows('name,note\n"Smith, J.","said ""hi""\r\nthen left"\nx,""\n');
    expect(rows.map((r) => r.fields)).toEqual([
      ['name', 'note'],
      ['Smith, J.', 'said "hi"\r\nthen left'],
      ['x', ''],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });
  it('keeps empty fields, including at the ends of a row', () => {
    expect(fields(',a,\n')).toEqual([['', 'a', '']]);
    expect(fields('""\n')).toEqual([['']]);
  });
  it('uses another delimiter when asked', () => {
    expect(fields('1;2,5\n3;4', ';')).toEqual([
      ['1', '2,5'],
      ['3', '4'],
    ]);
    expect(fields('1\t2', '\t')).toEqual([['1', '2']]);
  });
  it('reports an unclosed quote and text after a closing quote with the line', () => {
    expect(() => parseCSVRows('a\n"open\n1')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseCSVRows('a,b\n"x"y,1')).toThrow(/line 2, column 1: unexpected "y" after a closing quote/);
  });
  it('rejects a delimiter that cannot work', () => {
    expect(() => parseCSVRows('a', '"')).toThrow(ValueError);
    expect(() => parseCSVRows('a', ',,')).toThrow(/delimiter must be one character/);
    expect(() => parseCSVRows(5 as unknown as string)).toThrow(TypeError);
  });
});

describe('parseNumber', () => {
  it('reads decimal and scientific notation, NaN and infinities, and nothing else', () => {
    expect(parseNumber(' 3.5 ')).toBe(3.5);
    expect(parseNumber('-.5e-3')).toBe(-0.0005);
    expect(parseNumber('+7')).toBe(7);
    expect(parseNumber('1.')).toBe(1);
    expect(parseNumber('NaN')).toBeNaN();
    expect(parseNumber('-inf')).toBe(-Infinity);
    for (const bad of ['', ' ', '0x10', '1,5', 'abc', '1e', '--1', '.', 'Infinityy', '__proto__', 'constructor']) expect(parseNumber(bad)).toBeNull();
  });
});

describe('fromCSV', () => {
  it('reads a table with a header and a named target of class names', () => {
    const csv = 'sepal,petal,species\r\n5.1,1.4,setosa\r\n7.0,4.7,versicolor\r\n4.9,1.4,setosa\r\n';
    const t = data.fromCSV(csv, { target: 'species' });
    expect(t.columns).toEqual(['sepal', 'petal']);
    expect(t.targetColumn).toBe('species');
    expect(t.x.shape).toEqual([3, 2]);
    expect(t.x.toArray()).toEqual([
      [Math.fround(5.1), Math.fround(1.4)],
      [7, Math.fround(4.7)],
      [Math.fround(4.9), Math.fround(1.4)],
    ]);
    expect(t.y!.dtype).toBe('int32');
    expect(Array.from(t.y!.data)).toEqual([0, 1, 0]);
    expect(t.classNames).toEqual(['setosa', 'versicolor']);
  });
  it('detects a header, or its absence, and honours header: true/false', () => {
    expect(data.fromCSV('1,2\n3,4').x.shape).toEqual([2, 2]);
    expect(data.fromCSV('1,2\n3,4').columns).toEqual(['0', '1']);
    expect(data.fromCSV('1,2\n3,4', { header: true }).columns).toEqual(['1', '2']);
    expect(data.fromCSV('a,b\n3,4').x.shape).toEqual([1, 2]);
    expect(() => data.fromCSV('a,b\n3,4', { header: false })).toThrow(/line 1, column 1 \("0"\): "a" is not a number/);
  });
  it('takes the target by index (negative from the end); whole numbers give int32, others float32', () => {
    const t = data.fromCSV('1,2,0\n3,4,1\n5,6,2', { target: -1 });
    expect(t.x.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(t.y!.dtype).toBe('int32');
    expect(Array.from(t.y!.data)).toEqual([0, 1, 2]);
    const r = data.fromCSV('x,price\n1,"2.5"\n2,3.25', { target: 1 });
    expect(r.y!.dtype).toBe('float32');
    expect(Array.from(r.y!.data)).toEqual([2.5, 3.25]);
    expect(r.columns).toEqual(['x']);
  });
  it('reads quoted numbers and semicolon-separated files', () => {
    expect(Array.from(data.fromCSV('a;b\n"1.5";2\n', { delimiter: ';' }).x.data)).toEqual([1.5, 2]);
  });
  it('names the line and column of a cell that is not a number', () => {
    const csv = 'a,b,c\n1,2,3\n4,five,6\n';
    expect(() => data.fromCSV(csv)).toThrow(ValueError);
    expect(() => data.fromCSV(csv)).toThrow(/fromCSV: line 3, column 2 \("b"\): "five" is not a number; if this column holds labels, pass it as \{ target \}/);
    expect(() => data.fromCSV('a,b\n1,\n')).toThrow(/line 2, column 2 \("b"\): the cell is empty/);
    // line numbers count physical lines, even after a quoted field that spans two
    expect(() => data.fromCSV('a,b\n"x\ny",1\n2,z', { target: 'a' })).toThrow(/line 4, column 2/);
  });
  it('names the line of a ragged row', () => {
    expect(() => data.fromCSV('a,b,c\n1,2,3\n4,5\n')).toThrow(/line 3, column 3: the row has 2 fields but the header has 3/);
    expect(() => data.fromCSV('1,2\n3,4,5\n')).toThrow(/line 2, column 3: the row has 3 fields but the first row has 2/);
  });
  it('rejects an empty table, a missing target and a bad header option', () => {
    expect(() => data.fromCSV('')).toThrow(/the file is empty \(no rows\)/);
    expect(() => data.fromCSV('\n\n')).toThrow(/the file is empty \(no rows\)/);
    expect(() => data.fromCSV('a,b\n')).toThrow(/header \(a, b\) but no data rows/);
    expect(() => data.fromCSV('a,b\n1,2', { target: 'c' })).toThrow(/no column named "c"; the columns are "a", "b"/);
    expect(() => data.fromCSV('a,b\n1,2', { target: 2 })).toThrow(/target column 2 is out of range for 2 columns/);
    expect(() => data.fromCSV('a,b\n1,', { target: 'b' })).toThrow(ValueError);
    expect(() => data.fromCSV('1,2', { header: 'yes' as unknown as boolean })).toThrow(/header must be true, false or 'auto'/);
  });
  it('treats a header cell named __proto__ as an ordinary name', () => {
    const t = data.fromCSV('__proto__,constructor\n1,2', { target: '__proto__' });
    expect(t.columns).toEqual(['constructor']);
    expect(Array.from(t.y!.data)).toEqual([1]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('delimiters, feature selection and progress', () => {
  it('detects , ; tab and | from the first lines, ignoring delimiters inside quotes', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
    expect(detectDelimiter('"x;y",b\n"1;2",3\n')).toBe(',');
    expect(detectDelimiter('\uFEFFonly\n1\n')).toBe(',');
  });
  it('reads a ; table with decimal commas when the delimiter is detected', () => {
    const d = data.fromCSV('len;width;kind\n5,1;3,5;a\n4,9;3;b\n', { target: 'kind' });
    expect(Array.from(d.x.data)).toEqual([5.1, 3.5, 4.9, 3].map(Math.fround));
    expect(d.classNames).toEqual(['a', 'b']);
  });
  it('keeps the feature columns asked for, by name, in the order asked', () => {
    const d = data.fromCSV('a,b,c,y\n1,2,3,0\n4,5,6,1\n', { target: 'y', features: ['c', 'a'] });
    expect(d.columns).toEqual(['c', 'a']);
    expect(Array.from(d.x.data)).toEqual([3, 1, 6, 4]);
    expect(() => data.fromCSV('a,y\n1,0\n', { target: 'y', features: ['y'] })).toThrow(/is the target/);
    expect(() => data.fromCSV('a,y\n1,0\n', { target: 'y', features: ['zz'] })).toThrow(/no column named "zz"/);
  });
  it('reports progress that rises to 1 on a text of several MiB', () => {
    const text = 'a,b\n' + '1.25,2.5\n'.repeat(400_000); // ≈ 3.6 MB
    const seen: number[] = [];
    const d = data.fromCSV(text, { onProgress: (f) => seen.push(f) });
    expect(d.x.shape).toEqual([400_000, 2]);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
  });
  it('names line and column for a ragged row, an empty file and a header only', () => {
    expect(() => data.fromCSV('a,b,c\n1,2,3\n4,5\n')).toThrow('line 3, column 3: the row has 2 fields but the header has 3');
    expect(() => data.fromCSV('a,b\n1,2,3\n')).toThrow('line 2, column 3: the row has 3 fields');
    expect(() => data.fromCSV('')).toThrow(/the file is empty/);
    expect(() => data.fromCSV('\uFEFF\n\n')).toThrow(/the file is empty/);
    expect(() => data.fromCSV('a,b\n')).toThrow(/header \(a, b\) but no data rows/);
  });
});
