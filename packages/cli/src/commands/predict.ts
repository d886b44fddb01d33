/**
 * `groundup predict --weights FILE --csv FILE [--out preds.csv]`: a model of a table applied to
 * new rows, and `evalCsv`, the table branch of `groundup eval`.
 *
 * The sidecar names the feature columns (found by name, so the new file may order them otherwise
 * or carry more), the mean and std each was standardised with, and the class names, so a model
 * trained on one CSV reads another.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Tensor, type nn, noGrad } from 'groundup';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import { type Context, type ExitCode, UsageError } from '../context.js';
import { report, reportLines } from '../evaluate.js';
import { type LoadedModel, loadInto, readModel } from '../model-io.js';
import { loadForModel, readCsvFile, regressionLines, regressionReport, rows, splitRows, standardize } from '../table.js';
import { type ModelConfig, buildModel } from '../tasks.js';

export const predictSpec = {
  name: 'predict',
  summary: 'apply a model of a table (train --csv) to the rows of a CSV and write its predictions',
  flags: {
    weights: { type: 'string', metavar: 'FILE', help: 'a .safetensors file from groundup train --csv or the guide\'s "your data" page (required)' },
    csv: { type: 'string', metavar: 'FILE', help: 'the rows to predict: a CSV with the feature columns the model names (required)' },
    out: { type: 'string', metavar: 'FILE', help: 'write the predictions here as CSV (default: print them)' },
  },
  notes: [
    'Output: one row per input row. A classifier writes "prediction" (the class name) and "p_<class>" for each class;',
    'a regression writes "prediction" in the units of the target.',
  ],
} satisfies CommandSpec;

/** The network of a table model, with its weights, and the inputs of `csv` ready for it. */
function prepare(cmd: string, m: LoadedModel, csvFlag: string | undefined, ctx: Context): { net: nn.Module; x: Tensor; y?: Tensor; rows: number; name: string } {
  if (!csvFlag) throw new UsageError(`${cmd}: --csv FILE is required for a model of a table (it reads the columns ${m.file.columns?.features.join(', ')})`);
  if (m.file.model.kind !== 'mlp' || !m.file.columns || m.file.preprocess.kind !== 'standardize')
    throw new UsageError(`${cmd}: ${m.path}: a model of a table must be an MLP with standardised named columns; this one is ${m.file.model.kind} with ${m.file.preprocess.kind} inputs`);
  const net = buildModel(m.file.model as unknown as ModelConfig);
  loadInto(cmd, m, net);
  const { path, text } = readCsvFile(cmd, csvFlag, ctx);
  const t = loadForModel(cmd, csvFlag, text, m.file);
  const p = m.file.preprocess as unknown as { mean: number[]; std: number[] };
  if (!Array.isArray(p.mean) || p.mean.length !== t.x.shape[1] || !Array.isArray(p.std) || p.std.length !== t.x.shape[1])
    throw new UsageError(`${cmd}: ${m.path}: the normalisation has ${p.mean?.length} means for ${t.x.shape[1]} feature columns`);
  return { net, x: standardize(t.x, p), ...(t.y ? { y: t.y } : {}), rows: t.rows, name: path };
}

/** Raw outputs of the network, [rows, outputs], in eval mode. */
function outputs(net: nn.Module, x: Tensor): Tensor {
  net.eval();
  return noGrad(() => net.forward(x));
}

export async function evalCsv(cmd: string, m: LoadedModel, flags: { csv?: string; split: 'all' | 'test'; json: boolean }, ctx: Context, t0: number): Promise<ExitCode> {
  const say = (line: string) => (flags.json ? ctx.err(line + '\n') : ctx.out(line));
  let { net, x, y, rows: n, name } = prepare(cmd, m, flags.csv, ctx);
  const target = m.file.columns!.target;
  if (!y) throw new UsageError(`${cmd}: ${flags.csv}: the file has no target column "${target}" to compare with; use groundup predict for rows without one`);
  if (flags.split === 'test') {
    const d = m.file.data as { rows?: number; splitSeed?: number; testFraction?: number } | undefined;
    if (!d || d.rows !== n || typeof d.splitSeed !== 'number' || typeof d.testFraction !== 'number')
      throw new UsageError(`${cmd}: --split test needs the file the model was trained on (${d?.rows ?? '?'} rows); this one has ${n}`);
    const idx = splitRows(cmd, n, d.testFraction, d.splitSeed).test;
    [x, y, n] = [rows(x, idx), rows(y, idx), idx.length];
  }
  const out = outputs(net, x);
  const result: Record<string, unknown> = { task: 'csv', kind: m.file.kind ?? 'classification', rows: n };
  say(`model from ${m.path}, ${n} rows of ${name}${flags.split === 'test' ? ' (the rows training held out)' : ''}`);
  if (m.file.kind === 'regression') {
    const c = m.file.columns!;
    const pred = Float32Array.from(out.data, (v) => v * (c.targetStd ?? 1) + (c.targetMean ?? 0));
    const r = regressionReport(pred, y.data);
    for (const line of regressionLines(r, n, target)) say(line);
    Object.assign(result, { testRmse: r.rmse, testMae: r.mae, testR2: r.r2 });
  } else {
    const r = report(net, x, y, m.file.classNames.length);
    for (const line of reportLines(r, m.file.classNames, n)) say(line);
    Object.assign(result, { testAccuracy: r.accuracy, macroF1: r.macroF1 });
  }
  result.seconds = (performance.now() - t0) / 1000;
  result.weights = m.path;
  if (flags.json) ctx.out(JSON.stringify(result));
  return 0;
}

/** A CSV field, quoted when it holds a delimiter, a quote or a line break. */
const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function predict(argv: string[], ctx: Context): Promise<ExitCode> {
  const cmd = 'groundup predict';
  const { help, flags } = parseArgs(predictSpec, argv);
  if (help) return ctx.out(helpText(predictSpec)), 0;
  const m = readModel(cmd, flags.weights, ctx);
  if (m.file.task !== 'csv') throw new UsageError(`${cmd}: ${m.path} was trained on the task ${m.file.task}, not on a table; use groundup eval --weights for it`);
  const { net, x } = prepare(cmd, m, flags.csv, ctx);
  const out = outputs(net, x);
  const lines: string[] = [];
  if (m.file.kind === 'regression') {
    const c = m.file.columns!;
    lines.push('prediction');
    for (const v of out.data) lines.push(String(v * (c.targetStd ?? 1) + (c.targetMean ?? 0)));
  } else {
    const names = m.file.classNames;
    const p = out.softmax(-1).data;
    const k = names.length;
    lines.push(['prediction', ...names.map((c) => `p_${c}`)].map(field).join(','));
    for (let i = 0; i < out.shape[0]!; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (p[i * k + j]! > p[i * k + best]!) best = j;
      lines.push([field(names[best]!), ...Array.from(p.subarray(i * k, (i + 1) * k), (v) => v.toFixed(6))].join(','));
    }
  }
  if (flags.out) {
    const path = resolve(ctx.cwd, flags.out);
    writeFileSync(path, lines.join('\n') + '\n');
    ctx.err(`wrote ${out.shape[0]} predictions to ${path}\n`);
  } else for (const l of lines) ctx.out(l);
  return 0;
}

