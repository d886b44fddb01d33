/**
 * A CSV file as a learning problem: read it, decide classification or regression from the target
 * column (data.targetKind), check the columns (data.checkTarget / checkFeature), split it with a
 * seed, and normalise the features with the training rows' statistics. Every problem with the
 * file becomes a one-line UsageError (exit 2) naming the file, line and column.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Generator, Tensor, ValueError, data, io, tensor } from 'groundup';
import type { Context } from './context.js';
import { UsageError } from './context.js';

export type Kind = data.TargetKind;

/** Reads a CSV file as text; a missing file, a folder or bytes that are not UTF-8 exit 2. */
export function readCsvFile(cmd: string, file: string, ctx: Context): { path: string; text: string } {
  const path = resolve(ctx.cwd, file);
  if (!existsSync(path)) throw new UsageError(`${cmd}: no such file ${path}`);
  if (statSync(path).isDirectory()) throw new UsageError(`${cmd}: ${path} is a folder, not a CSV file`);
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${cmd}: ${path} is not UTF-8 text; save the table as UTF-8 CSV`);
  }
  return { path, text };
}

/** Runs `f`, turning the library's ValueError/TypeError about the file into a UsageError. */
export function asUsage<T>(cmd: string, file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueError || e instanceof TypeError) {
      const msg = e.message.replace(/^(fromCSV|describeCSV|checkTarget|checkFeature): /, '');
      throw new UsageError(`${cmd}: ${file}: ${msg}`);
    }
    throw e;
  }
}

export interface Table {
  kind: Kind;
  features: string[];
  target: string;
  /** [rows, features] float32, raw (not yet normalised). */
  x: Tensor;
  /** Class index (int32) or the value (float32), per row. */
  y: Tensor;
  /** Classification: the label of class i. */
  classNames: string[];
  summary: data.CSVSummary;
}

/** The label text of every row's target (class names or whole numbers written out). */
function labels(d: data.CSVData): string[] {
  const y = Array.from(d.y!.data);
  return d.classNames ? y.map((k) => d.classNames![k]!) : y.map(String);
}

/**
 * The table for training: kind from `kindFlag` or the data, features from `featureFlag` (comma
 * list) or every column but the target.
 */
export function loadTable(cmd: string, file: string, text: string, target: string, featureFlag?: string, kindFlag?: Kind): Table {
  return asUsage(cmd, file, () => {
    const summary = data.describeCSV(text);
    const col = summary.columns.find((c) => c.name === target);
    if (!col) throw new UsageError(`${cmd}: ${file}: no column named "${target}" (--target); the columns are ${summary.columns.map((c) => `"${c.name}"`).join(', ')}`);
    const kind = kindFlag ?? data.targetKind(col);
    data.checkTarget(col, kind);
    const features = featureFlag ? featureFlag.split(',').map((s) => s.trim()) : summary.columns.filter((c) => c.name !== target).map((c) => c.name);
    if (features.length === 0) throw new UsageError(`${cmd}: ${file}: the table has no column besides the target "${target}" to learn from`);
    for (const f of features) {
      const c = summary.columns.find((cc) => cc.name === f);
      if (!c) throw new UsageError(`${cmd}: ${file}: no column named "${f}" (--features); the columns are ${summary.columns.map((cc) => `"${cc.name}"`).join(', ')}`);
      if (f === target) throw new UsageError(`${cmd}: ${file}: "${f}" is the target; it cannot also be a feature`);
      data.checkFeature(c);
    }
    const d = data.fromCSV(text, { target, features, delimiter: summary.delimiter });
    let y: Tensor;
    let classNames: string[] = [];
    if (kind === 'classification') {
      const lab = labels(d);
      // names in order of first appearance; whole numbers in numeric order
      classNames = d.classNames ?? [...new Set(lab)].sort((a, b) => Number(a) - Number(b));
      const index = new Map(classNames.map((c, i) => [c, i]));
      y = new Tensor(Int32Array.from(lab, (l) => index.get(l)!), [lab.length], 'int32');
    } else y = new Tensor(Float32Array.from(d.y!.data), [d.y!.shape[0]!], 'float32');
    return { kind, features, target, x: d.x, y, classNames, summary };
  });
}

/** A model file's features (and its target, when the file has that column) read from a new CSV. */
export function loadForModel(cmd: string, file: string, text: string, model: io.ModelFile): { x: Tensor; y?: Tensor; rows: number } {
  const cols = model.columns!;
  return asUsage(cmd, file, () => {
    const summary = data.describeCSV(text);
    for (const f of cols.features) {
      const c = summary.columns.find((cc) => cc.name === f);
      if (!c) throw new UsageError(`${cmd}: ${file}: the model reads a column "${f}", which this file lacks; its columns are ${summary.columns.map((cc) => `"${cc.name}"`).join(', ')}`);
      data.checkFeature(c);
    }
    const hasTarget = summary.columns.some((c) => c.name === cols.target);
    const d = data.fromCSV(text, { features: cols.features, delimiter: summary.delimiter, ...(hasTarget ? { target: cols.target } : {}) });
    if (!hasTarget) return { x: d.x, rows: d.x.shape[0]! };
    if (model.kind === 'regression') return { x: d.x, y: new Tensor(Float32Array.from(d.y!.data), [d.y!.shape[0]!], 'float32'), rows: d.x.shape[0]! };
    const index = new Map(model.classNames.map((c, i) => [c, i]));
    const lab = labels(d);
    const y = Int32Array.from(lab, (l, i) => {
      const k = index.get(l);
      if (k === undefined) throw new UsageError(`${cmd}: ${file}: data row ${i + 1}, column "${cols.target}": class "${l}" is not one the model knows (${model.classNames.join(', ')})`);
      return k;
    });
    return { x: d.x, y: new Tensor(y, [y.length], 'int32'), rows: d.x.shape[0]! };
  });
}

/** A seeded shuffle of 0 … n−1 cut into train and test (the last `testFraction` of it). */
export function splitRows(cmd: string, n: number, testFraction: number, seed: number): { train: Int32Array; test: Int32Array } {
  const nTest = Math.round(n * testFraction);
  if (testFraction > 0 && nTest < 1) throw new UsageError(`${cmd}: --test-split ${testFraction} of ${n} rows leaves no test rows; use a larger fraction or --test-split 0`);
  if (n - nTest < 2) throw new UsageError(`${cmd}: ${n} rows with --test-split ${testFraction} leave ${n - nTest} training rows; at least 2 are needed`);
  const order = new Generator(seed).permutation(n);
  return { train: order.slice(0, n - nTest), test: order.slice(n - nTest) };
}

export function rows(t: Tensor, idx: Int32Array): Tensor {
  return t.indexSelect(0, new Tensor(idx, [idx.length], 'int32'));
}

/** Mean and standard deviation of each column of x (a column that never varies gets std 1). */
export function fitStandardize(x: Tensor): { mean: number[]; std: number[] } {
  const mean = Array.from(x.mean(0).data);
  const std = Array.from(x.std(0, { unbiased: false }).data).map((s) => (s > 1e-12 && Number.isFinite(s) ? s : 1));
  return { mean, std };
}

export function standardize(x: Tensor, p: { mean: number[]; std: number[] }): Tensor {
  return x.sub(tensor(p.mean)).div(tensor(p.std));
}

export interface RegressionReport {
  rmse: number;
  mae: number;
  r2: number;
}

/** RMSE, mean absolute error and R² = 1 − SSE/SST of predictions against targets. */
export function regressionReport(pred: ArrayLike<number>, y: ArrayLike<number>): RegressionReport {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i]! - y[i]!;
    sse += e * e;
    sae += Math.abs(e);
    sst += (y[i]! - mean) ** 2;
  }
  return { rmse: Math.sqrt(sse / n), mae: sae / n, r2: sst > 0 ? 1 - sse / sst : NaN };
}

export function regressionLines(r: RegressionReport, n: number, target: string): string[] {
  return [`test RMSE ${r.rmse.toPrecision(4)}  MAE ${r.mae.toPrecision(4)}  R² ${r.r2.toFixed(4)}  (${n} test rows, target "${target}")`];
}
