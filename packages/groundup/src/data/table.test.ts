import { describe, expect, it } from 'vitest';
import { data } from '../index.js';

const IRISH = 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,,virginica\n4.9,1.4,setosa\n';

describe('describeCSV', () => {
  it('gives each column its type, range, missing cells and distinct values', () => {
    const s = data.describeCSV(IRISH);
    expect(s.header).toBe(true);
    expect(s.rows).toBe(4);
    expect(s.delimiter).toBe(',');
    const [sepal, petal, species] = s.columns;
    expect(sepal).toMatchObject({ name: 'sepal', type: 'number', min: 4.9, max: 7, missing: 0, integer: false, distinct: 4 });
    expect(petal).toMatchObject({ type: 'number', min: 1.4, max: 4.7, missing: 1, firstMissing: 4, distinct: 2 });
    expect(species).toMatchObject({ type: 'text', distinct: 3, values: ['setosa', 'versicolor', 'virginica'], firstText: { line: 2, cell: 'setosa' } });
    expect(s.preview[2]).toEqual(['6.3', '', 'virginica']);
  });
  it('reads ; tables with decimal commas, and names a ragged row', () => {
    const s = data.describeCSV('x;y\n1,5;2\n2,5;3\n');
    expect(s.columns[0]).toMatchObject({ type: 'number', min: 1.5, max: 2.5 });
    expect(() => data.describeCSV('x,y\n1,2\n3\n')).toThrow('line 3, column 2');
    expect(() => data.describeCSV('x,y\n')).toThrow(/no data rows/);
  });
  it('caps the distinct count just above DISTINCT_CAP', () => {
    const text = 'id,v\n' + Array.from({ length: 1500 }, (_, i) => `${i},1`).join('\n');
    expect(data.describeCSV(text).columns[0]!.distinct).toBe(data.DISTINCT_CAP + 1);
  });
});

describe('targetKind and checks', () => {
  const col = (text: string, j = 0) => data.describeCSV(text).columns[j]!;
  it('classes for text or few whole numbers, regression for fractions or many whole numbers', () => {
    expect(data.targetKind(col('y\na\nb\n'))).toBe('classification');
    expect(data.targetKind(col('y\n0\n1\n2\n'))).toBe('classification');
    expect(data.targetKind(col('y\n0.5\n1\n'))).toBe('regression');
    const many = 'y\n' + Array.from({ length: 21 }, (_, i) => i).join('\n');
    expect(data.targetKind(col(many))).toBe('regression');
  });
  it('refuses a single class, too many classes, text for regression, and empty cells, naming line and column', () => {
    expect(() => data.checkTarget(col('y\na\na\n'), 'classification')).toThrow(/single class \("a"\)/);
    const thousand = 'y\n' + Array.from({ length: 1000 }, (_, i) => `c${i}`).join('\n');
    expect(() => data.checkTarget(col(thousand), 'classification')).toThrow(/1000 distinct values, too many classes \(at most 100\)/);
    expect(() => data.checkTarget(col('x,y\n1,2\n1,b\n', 1), 'regression')).toThrow('line 3, column 2 ("y"): "b" is not a number');
    expect(() => data.checkTarget(col('x,y\n1,a\n1,\n', 1), 'classification')).toThrow('line 3, target column');
    expect(() => data.checkFeature(col('x,y\n1,a\n,b\n'))).toThrow('line 3, column 1 ("x"): the cell is empty');
    expect(() => data.checkFeature(col('x,y\n1,a\nfoo,b\n'))).toThrow('line 3, column 1 ("x"): "foo" is not a number');
    expect(() => data.checkTarget(col('x,y\n1,a\n2,b\n', 1), 'classification')).not.toThrow();
  });
});
