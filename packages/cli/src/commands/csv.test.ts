/**
 * `groundup train --csv`, `eval --csv` and `predict` end to end, in-process: iris written out as a
 * CSV, a regression table, and every kind of bad file (each exits 2 with one line naming the line
 * and column).
 */
import { afterAll, describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Generator, data, io } from 'groundup';
import { run } from '../cli.js';
import { capture, lastJson } from '../testing/capture.js';

const dir = mkdtempSync(join(tmpdir(), 'groundup-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), name);

/** Fisher's iris from the library, as the CSV a reader would download. */
function irisCsv(): string {
  const d = data.iris();
  const lines = ['sepal_length,sepal_width,petal_length,petal_width,species'];
  for (let i = 0; i < d.x.shape[0]!; i++) lines.push([...Array.from(d.x.data.subarray(i * 4, i * 4 + 4), (v) => v.toFixed(1)), d.classNames[d.y.data[i]!]].join(','));
  return lines.join('\n') + '\n';
}

async function cli(...argv: string[]) {
  const ctx = capture({ cwd: dir });
  const code = await run(argv, ctx);
  return { code, ctx, err: ctx.stderr.trim() };
}

interface CsvResult {
  task: string;
  kind: string;
  epochs: number;
  testAccuracy: number;
  macroF1: number;
  testRmse: number;
  testR2: number;
  weights: string;
}

describe('train → eval → predict on iris.csv', () => {
  let trained: CsvResult;
  beforeAll(async () => {
    write('iris.csv', irisCsv());
    const r = await cli('train', '--csv', 'iris.csv', '--target', 'species', '--seed', '3', '--out', 'iris.safetensors', '--json');
    expect(r.code, r.err).toBe(0);
    trained = lastJson<CsvResult>(r.ctx);
  });

  it('picks classification from the text target and, with the default ~3,000 updates, reaches ≥ 90% on the 30 held-out flowers', () => {
    // 120 training rows in batches of 32 = 4 updates per epoch; 3000 / 4 = 750 epochs, capped at 500
    expect(trained).toMatchObject({ task: 'csv', kind: 'classification', epochs: 500 });
    expect(trained.testAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('writes a sidecar naming the feature columns, their normalisation and the class names', () => {
    const side = io.parseModelFile(readFileSync(join(dir, 'iris.json'), 'utf8'));
    expect(side.columns).toEqual({ features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], target: 'species' });
    expect(side.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    const pre = side.preprocess as unknown as { mean: number[]; std: number[] };
    // the mean of the 120 training rows lies within the range of the whole column
    expect(pre.mean[2]).toBeGreaterThan(1);
    expect(pre.mean[2]).toBeLessThan(6.9);
    expect(pre.std.every((s) => s > 0)).toBe(true);
    expect(side.model).toMatchObject({ kind: 'mlp', inFeatures: 4, layers: 2, activation: 'relu', classes: 3 });
  });

  it('eval --split test reproduces the held-out accuracy; eval on every row is at least as good on this easy set', async () => {
    const t = await cli('eval', '--weights', 'iris.safetensors', '--csv', 'iris.csv', '--split', 'test', '--json');
    expect(t.code, t.err).toBe(0);
    expect(lastJson<CsvResult>(t.ctx).testAccuracy).toBe(trained.testAccuracy);
    const all = await cli('eval', '--weights', 'iris.safetensors', '--csv', 'iris.csv', '--json');
    expect(lastJson<{ rows: number; testAccuracy: number }>(all.ctx)).toMatchObject({ rows: 150 });
    expect(lastJson<CsvResult>(all.ctx).testAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('predict reads columns by name from a reordered file without the target and agrees with eval', async () => {
    const d = irisCsv().trim().split('\n').map((l) => l.split(','));
    // columns reversed, target dropped: the model must find its features by name
    write('new.csv', d.map((r) => [r[3], r[2], r[1], r[0]].join(',')).join('\n') + '\n');
    const p = await cli('predict', '--weights', 'iris.safetensors', '--csv', 'new.csv', '--out', 'preds.csv');
    expect(p.code, p.err).toBe(0);
    const lines = readFileSync(join(dir, 'preds.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('prediction,p_setosa,p_versicolor,p_virginica');
    expect(lines).toHaveLength(151);
    const probs = lines[1]!.split(',').slice(1).map(Number);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const right = lines.slice(1).filter((l, i) => l.split(',')[0] === d[i + 1]![4]).length;
    const all = await cli('eval', '--weights', 'iris.safetensors', '--csv', 'iris.csv', '--json');
    expect(right / 150).toBeCloseTo(lastJson<CsvResult>(all.ctx).testAccuracy, 10);
  });

  it('the positional shorthand `groundup train iris` is --task iris', async () => {
    const r = await cli('train', 'iris', '--epochs', '2', '--out', 'iris-task.safetensors', '--json');
    expect(r.code, r.err).toBe(0);
    expect(lastJson<{ task: string }>(r.ctx).task).toBe('iris');
    const bad = await cli('train', 'irs');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--task must be one of .*"irs"/);
  });

  it('refuses a model of a task in predict, a hostile weights file and a sidecar of another network (exit 2)', async () => {
    const p = await cli('predict', '--weights', 'iris-task.safetensors', '--csv', 'iris.csv');
    expect(p.code).toBe(2);
    expect(p.err).toContain('was trained on the task iris, not on a table');
    write('junk.safetensors', 'this is not a weights file at all');
    const j = await cli('eval', '--weights', 'junk.safetensors', '--csv', 'iris.csv');
    expect(j.code).toBe(2);
    expect(j.err).toMatch(/junk\.safetensors: loadSafetensors: /);
    // the iris weights with a description claiming 8 hidden units
    const side = JSON.parse(readFileSync(join(dir, 'iris.json'), 'utf8'));
    writeFileSync(join(dir, 'other.safetensors'), readFileSync(join(dir, 'iris.safetensors')));
    write('other.json', JSON.stringify({ ...side, model: { ...side.model, hidden: 8 } }));
    const o = await cli('eval', '--weights', 'other.safetensors', '--csv', 'iris.csv');
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/the weights do not fit the network the description names/);
  });
});

describe('regression on a table', () => {
  it('picks regression for a fractional target and fits y = 2·a − b + noise (R² > 0.9), predict in the target units', async () => {
    const g = new Generator(7);
    const draw = () => Float64Array.from({ length: 200 }, () => g.normal());
    const [a, b, e] = [draw(), draw(), draw()];
    const lines = ['a,b,y', ...Array.from(a, (v, i) => `${v.toFixed(4)},${b[i]!.toFixed(4)},${(10 + 2 * v - b[i]! + 0.1 * e[i]!).toFixed(4)}`)];
    write('reg.csv', lines.join('\n'));
    const r = await cli('train', '--csv', 'reg.csv', '--target', 'y', '--epochs', '60', '--out', 'reg.safetensors', '--json');
    expect(r.code, r.err).toBe(0);
    const res = lastJson<CsvResult>(r.ctx);
    expect(res.kind).toBe('regression');
    expect(res.testR2).toBeGreaterThan(0.9);
    const p = await cli('predict', '--weights', 'reg.safetensors', '--csv', 'reg.csv');
    expect(p.ctx.stdout[0]).toBe('prediction');
    const pred = p.ctx.stdout.slice(1).map(Number);
    const first = 10 + 2 * a[0]! - b[0]!;
    expect(Math.abs(pred[0]! - first)).toBeLessThan(1); // in the units of y (≈ 10), not standardised
  });
});

describe('bad files: exit 2 with one line naming the line and column', () => {
  const cases: [string, string, string[], RegExp][] = [
    ['ragged.csv', 'a,b,y\n1,2,x\n3,4\n5,6,z\n', [], /ragged\.csv: line 3, column 3: the row has 2 fields but the header has 3/],
    ['text.csv', 'a,b,y\n1,2,x\n3,oops,z\n', [], /text\.csv: line 3, column 2 \("b"\): "oops" is not a number/],
    ['empty.csv', '', [], /empty\.csv: the file is empty/],
    ['header.csv', 'a,b,y\n', [], /header\.csv: the table has a header \(a, b, y\) but no data rows/],
    ['one-class.csv', 'a,y\n1,x\n2,x\n3,x\n', [], /target column "y" \(column 2\) holds a single class \("x"\)/],
    ['ids.csv', 'a,y\n' + Array.from({ length: 1000 }, (_, i) => `${i},id${i}`).join('\n'), [], /holds 1000 distinct values, too many classes \(at most 100\)/],
    ['many.csv', 'a,y\n' + Array.from({ length: 1000 }, (_, i) => `${i},${i}`).join('\n'), ['--kind', 'classification'], /1000 distinct values.*train a regression instead/],
    ['missing.csv', 'a,b\n1,2\n', [], /missing\.csv: no column named "y" \(--target\); the columns are "a", "b"/],
    ['hole.csv', 'a,b,y\n1,2,x\n,4,z\n', [], /hole\.csv: line 3, column 1 \("a"\): the cell is empty/],
    ['quote.csv', 'a,y\n1,"x\n2,y\n', [], /quote\.csv: line 2: a quoted field is never closed/],
  ];
  for (const [name, text, extra, message] of cases)
    it(name, async () => {
      write(name, text);
      const r = await cli('train', '--csv', name, '--target', 'y', '--epochs', '1', ...extra);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.split('\n')).toHaveLength(1);
    });

  it('a BOM, quoted commas in labels and a ; file with decimal commas are read, not refused', async () => {
    write('bom.csv', '\uFEFFa,b,y\n1,2,"cat, big"\n3,4,dog\n5,6,"cat, big"\n7,8,dog\n9,1,dog\n');
    const b = await cli('train', '--csv', 'bom.csv', '--target', 'y', '--epochs', '2', '--test-split', '0.4', '--json');
    expect(b.code, b.err).toBe(0);
    expect(io.parseModelFile(readFileSync(join(dir, 'groundup-bom.json'), 'utf8'))).toMatchObject({ classNames: ['cat, big', 'dog'], columns: { features: ['a', 'b'] } });
    write('semi.csv', 'a;b;y\n1,5;2;p\n3,5;4;q\n5,5;6;p\n7,5;8;q\n9,5;1;q\n');
    const s = await cli('train', '--csv', 'semi.csv', '--target', 'y', '--epochs', '2', '--test-split', '0.4', '--json');
    expect(s.code, s.err).toBe(0);
    const side = io.parseModelFile(readFileSync(join(dir, 'groundup-semi.json'), 'utf8'));
    expect((side.preprocess as unknown as { mean: number[] }).mean[0]! % 1).toBeCloseTo(0.5, 5); // 1,5 read as 1.5
    expect(side.data).toMatchObject({ delimiter: ';' });
  });

  it('flags that do not fit together are usage errors', async () => {
    expect((await cli('train', '--target', 'y')).err).toContain('--target goes with --csv FILE');
    expect((await cli('train', '--csv', 'nope.csv', '--target', 'y')).err).toMatch(/no such file .*nope\.csv/);
    expect((await cli('train', '--csv', 'bom.csv')).err).toContain('--csv needs --target COL');
    expect((await cli('predict', '--weights', 'iris.safetensors')).err).toContain('--csv FILE is required');
  });
});
