/**
 * Tree ensembles in the CLI: `groundup train --task iris --model forest|boosted` fits a
 * trees.RandomForest or trees.GradientBoosting instead of an MLP, on the same fixed split and
 * preprocessing, and prints the same report and JSON line.
 *
 * A fitted ensemble is not a set of weight tensors, so it is saved as one JSON file (default
 * groundup-<task>-<model>.json): the usual model description (format 'groundup-model', with
 * model.kind 'forest' or 'boosted') plus the fitted trees under `ensemble`. `groundup eval
 * --weights that.json` reads it back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Tensor, trees } from 'groundup';
import { type Context, type ExitCode, UsageError } from './context.js';
import { type Report, type RunResult, reportLines } from './evaluate.js';
import { accuracy, confusionMatrix, macroF1 } from './metrics.js';
import { type DataConfig, type Preprocess, type TaskName, applyPreprocess, fitPreprocess, loadSplit } from './tasks.js';

export const ENSEMBLES = ['forest', 'boosted'] as const;
export type EnsembleName = (typeof ENSEMBLES)[number];

export function isEnsemble(name: string): name is EnsembleName {
  return (ENSEMBLES as readonly string[]).includes(name);
}

/** Settings of the ensemble, as saved in the model file. */
export type EnsembleConfig =
  | { kind: 'forest'; nEstimators: number; maxDepth: number | null; maxFeatures: 'sqrt'; seed: number }
  | { kind: 'boosted'; nEstimators: number; maxDepth: number; learningRate: number; lambda: number; objective: 'multi:softprob' | 'binary:logistic' };

/** Defaults: scikit-learn's forest (100 trees, √d features, grown out) and 100 boosting rounds of depth 3 at η 0.1. */
export const ENSEMBLE_DEFAULTS = { forest: { trees: 100 }, boosted: { trees: 100, maxDepth: 3, lr: 0.1, lambda: 1 } };

/** The single JSON file a fitted ensemble is saved as. */
export interface EnsembleFile {
  format: 'groundup-model';
  version: 1;
  task: TaskName;
  classNames: string[];
  model: EnsembleConfig;
  preprocess: Preprocess;
  data: DataConfig;
  training: { epochs: number; seed: number };
  results: { trainLoss: number; testAccuracy: number; macroF1: number; seconds: number };
  ensemble: trees.RandomForestJSON | trees.GradientBoostingJSON;
}

type Fitted = trees.RandomForest | trees.GradientBoosting;

export function ensembleConfig(name: EnsembleName, classes: number, o: { trees?: number; maxDepth?: number; lr?: number; seed: number }): EnsembleConfig {
  if (name === 'forest') return { kind: 'forest', nEstimators: o.trees ?? ENSEMBLE_DEFAULTS.forest.trees, maxDepth: o.maxDepth ?? null, maxFeatures: 'sqrt', seed: o.seed };
  const d = ENSEMBLE_DEFAULTS.boosted;
  return {
    kind: 'boosted',
    nEstimators: o.trees ?? d.trees,
    maxDepth: o.maxDepth ?? d.maxDepth,
    learningRate: o.lr ?? d.lr,
    lambda: d.lambda,
    objective: classes > 2 ? 'multi:softprob' : 'binary:logistic',
  };
}

/** Feature rows of a 2-D input; the ensembles take tables, not signals or images as grids. */
function checkTabular(task: string, x: Tensor): void {
  if (x.ndim !== 2) throw new UsageError(`groundup: --model forest|boosted needs one feature vector per sample, but ${task}'s inputs have shape [${x.shape.join(',')}]; use it with a tabular task such as iris or digits`);
}

export function fitEnsemble(cfg: EnsembleConfig, task: string, x: Tensor, y: Tensor): Fitted {
  checkTabular(task, x);
  if (cfg.kind === 'forest')
    return new trees.RandomForest({ nEstimators: cfg.nEstimators, maxFeatures: cfg.maxFeatures, seed: cfg.seed, ...(cfg.maxDepth !== null && { maxDepth: cfg.maxDepth }) }).fit(x, y);
  return new trees.GradientBoosting({ objective: cfg.objective, nEstimators: cfg.nEstimators, maxDepth: cfg.maxDepth, learningRate: cfg.learningRate, lambda: cfg.lambda }).fit(x, y);
}

export function loadEnsemble(file: EnsembleFile): Fitted {
  try {
    return file.model.kind === 'forest'
      ? trees.RandomForest.fromJSON(file.ensemble as trees.RandomForestJSON)
      : trees.GradientBoosting.fromJSON(file.ensemble as trees.GradientBoostingJSON);
  } catch (e) {
    throw new UsageError(`groundup eval: the fitted trees in the model file are damaged: ${(e as Error).message}`);
  }
}

/** Mean cross-entropy (nats) of the model's class probabilities on (x, y): the trainLoss the MLP reports too. */
export function logLoss(m: Fitted, x: Tensor, y: Tensor): number {
  const p = m.predictProba(x);
  const C = p.shape[1]!;
  let s = 0;
  for (let i = 0; i < y.size; i++) s -= Math.log(Math.max(p.data[i * C + y.data[i]!]!, 1e-15));
  return s / y.size;
}

export function ensembleReport(m: Fitted, x: Tensor, y: Tensor, classes: number): Report {
  const pred = m.predict(x).data as Int32Array;
  const confusion = confusionMatrix(Array.from(y.data), pred, classes);
  return { accuracy: accuracy(confusion), macroF1: macroF1(confusion), confusion };
}

/** One line describing the ensemble, for the log. */
export function describeEnsemble(cfg: EnsembleConfig): string {
  return cfg.kind === 'forest'
    ? `random forest: ${cfg.nEstimators} trees, √d features per split, depth ${cfg.maxDepth ?? 'unlimited'}, bootstrap, seed ${cfg.seed}`
    : `gradient-boosted trees (${cfg.objective}, exact greedy): ${cfg.nEstimators} rounds, depth ${cfg.maxDepth}, η ${cfg.learningRate}, λ ${cfg.lambda}`;
}

export function saveEnsemble(path: string, file: Omit<EnsembleFile, 'ensemble'>, m: Fitted): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ ...file, ensemble: m.toJSON() }) + '\n');
}

/**
 * `groundup train --model forest|boosted`: the same steps as the MLP (settings → data → model →
 * fit → evaluation → saving), with the ensemble in place of the network and its training loop.
 * `epochs` in the result is the number of trees (forest) or boosting rounds.
 */
export async function trainEnsemble(
  ctx: Context,
  name: EnsembleName,
  task: TaskName,
  flags: { trees?: number; 'max-depth'?: number; lr?: number; seed: number; out?: string; json?: boolean },
  t0: number,
): Promise<ExitCode> {
  const say = (line: string) => (flags.json ? ctx.err(line + '\n') : ctx.out(line));
  const out = resolve(ctx.cwd, flags.out ?? `groundup-${task}-${name}.json`);
  const split = await loadSplit(task); // (await: loading may become asynchronous)
  const pre = fitPreprocess(task, split.xTrain);
  const xTrain = applyPreprocess(pre, split.xTrain);
  const xTest = applyPreprocess(pre, split.xTest);
  const classes = split.classNames.length;
  say(`${task}: ${xTrain.shape[0]} training / ${xTest.shape[0]} test samples, ${classes} classes, input ${JSON.stringify(xTrain.shape.slice(1))}`);
  const cfg = ensembleConfig(name, classes, { trees: flags.trees, maxDepth: flags['max-depth'], lr: flags.lr, seed: flags.seed });
  say(describeEnsemble(cfg));
  const m = fitEnsemble(cfg, task, xTrain, split.yTrain);
  const trainLoss = logLoss(m, xTrain, split.yTrain);
  const r = ensembleReport(m, xTest, split.yTest, classes);
  const seconds = (performance.now() - t0) / 1000;
  say(`fitted in ${seconds.toFixed(1)} s; training cross-entropy ${trainLoss.toFixed(4)}${m instanceof trees.RandomForest && m.oobScore !== null ? `, out-of-bag accuracy ${(100 * m.oobScore).toFixed(2)}%` : ''}`);
  for (const line of reportLines(r, split.classNames, xTest.shape[0]!)) say(line);
  saveEnsemble(
    out,
    {
      format: 'groundup-model',
      version: 1,
      task,
      classNames: split.classNames,
      model: cfg,
      preprocess: pre,
      data: split.data,
      training: { epochs: cfg.nEstimators, seed: flags.seed },
      results: { trainLoss, testAccuracy: r.accuracy, macroF1: r.macroF1, seconds },
    },
    m,
  );
  say(`saved ${out}`);
  if (flags.json) {
    const result: RunResult = { task, epochs: cfg.nEstimators, trainLoss, testAccuracy: r.accuracy, macroF1: r.macroF1, seconds, weights: out };
    ctx.out(JSON.stringify(result));
  }
  return 0;
}

/** Whether a model file's bytes are a JSON ensemble file (rather than safetensors). */
export function looksLikeEnsembleFile(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b; // '{'
}

/** `groundup eval --weights groundup-iris-forest.json`: the saved trees on their task's test set. */
export async function evalEnsemble(ctx: Context, path: string, bytes: Uint8Array, flags: { task?: string; json?: boolean }, t0: number): Promise<ExitCode> {
  const say = (line: string) => (flags.json ? ctx.err(line + '\n') : ctx.out(line));
  let file: EnsembleFile;
  try {
    file = JSON.parse(new TextDecoder().decode(bytes)) as EnsembleFile;
  } catch {
    throw new UsageError(`groundup eval: ${path} is not valid JSON (a tree-ensemble file from groundup train --model forest|boosted, or a .safetensors file)`);
  }
  if (file?.format !== 'groundup-model' || !file.model || !isEnsemble(String(file.model.kind)) || !file.ensemble)
    throw new UsageError(`groundup eval: ${path} is not a tree-ensemble model file from groundup train --model forest|boosted`);
  if (flags.task && flags.task !== file.task) throw new UsageError(`groundup eval: --task ${flags.task} does not match the model, which was trained on ${file.task}`);
  const m = loadEnsemble(file);
  const split = await loadSplit(file.task);
  const xTest = applyPreprocess(file.preprocess, split.xTest);
  const r = ensembleReport(m, xTest, split.yTest, split.classNames.length);
  const seconds = (performance.now() - t0) / 1000;
  say(`${file.task}: ${describeEnsemble(file.model)}, from ${path}`);
  for (const line of reportLines(r, split.classNames, xTest.shape[0]!)) say(line);
  if (flags.json) {
    const result: RunResult = { task: file.task, epochs: file.training.epochs, trainLoss: file.results.trainLoss, testAccuracy: r.accuracy, macroF1: r.macroF1, seconds, weights: path };
    ctx.out(JSON.stringify(result));
  }
  return 0;
}
