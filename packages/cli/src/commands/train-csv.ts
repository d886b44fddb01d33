/**
 * `groundup train --csv FILE --target COL`: an MLP on your own table.
 *
 * Reads top to bottom like train.ts: the table → the split → normalisation fitted on the training
 * rows → models.mlp → the loop (cross-entropy for classes, mean squared error on the standardised
 * target for a regression) → the held-out report → the weights and the sidecar (io.saveModelFile).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { type Tensor, io, manualSeed, models, type nn, noGrad, recipes } from 'groundup';
import { type Context, type ExitCode, UsageError } from '../context.js';
import { report, reportLines } from '../evaluate.js';
import { type OptimizerName, type ScheduleName, buildModel } from '../tasks.js';
import { fitStandardize, loadTable, readCsvFile, regressionLines, regressionReport, rows, splitRows, standardize } from '../table.js';
import { type SettingFlags, runEpochs, trainerSettings } from './train.js';

export interface CsvFlags extends SettingFlags {
  csv: string;
  target?: string;
  features?: string;
  kind?: 'classification' | 'regression';
  'test-split': number;
  epochs?: number;
  lr?: number;
  'batch-size'?: number;
  optimizer?: OptimizerName;
  'weight-decay'?: number;
  schedule?: ScheduleName;
  hidden?: number;
  layers?: number;
  activation?: models.MlpActivation;
  seed: number;
  out?: string;
  json: boolean;
  quiet: boolean;
}

/** Defaults for a table (the library's recipes.table, which the guide's data page reads too): about 3,000 updates, at most 500 epochs. */
export const CSV_DEFAULTS = { ...recipes.table.defaults, steps: recipes.table.steps };

/** Predictions of a regression net in the target's units: net(x)·std + mean. */
export function regress(net: nn.Module, x: Tensor, mean: number, std: number): Float32Array {
  net.eval();
  const out = noGrad(() => net.forward(x)).data;
  return Float32Array.from(out, (v) => v * std + mean);
}

export async function trainCsv(f: CsvFlags, ctx: Context): Promise<ExitCode> {
  const cmd = 'groundup train';
  const t0 = performance.now();
  if (!f.target) throw new UsageError(`${cmd}: --csv needs --target COL, the column to predict`);
  const say = (line: string) => (f.json ? ctx.err(line + '\n') : ctx.out(line));

  // 1. the table and what it asks for
  const { path, text } = readCsvFile(cmd, f.csv, ctx);
  const name = basename(path);
  const t = loadTable(cmd, name, text, f.target, f.features, f.kind);
  const classify = t.kind === 'classification';
  const n = t.x.shape[0]!;
  const split = splitRows(cmd, n, f['test-split'], f.seed);
  const pre = fitStandardize(rows(t.x, split.train));
  const xTrain = standardize(rows(t.x, split.train), pre);
  const xTest = standardize(rows(t.x, split.test), pre);
  let yTrain = rows(t.y, split.train);
  const yTest = rows(t.y, split.test);
  let targetMean = 0;
  let targetStd = 1;
  if (!classify) {
    const s = fitStandardize(yTrain.reshape(-1, 1));
    [targetMean, targetStd] = [s.mean[0]!, s.std[0]!];
    yTrain = yTrain.sub(targetMean).div(targetStd).reshape(-1, 1);
  }
  const nTrain = split.train.length;
  say(
    `${name}: ${n} rows (${nTrain} training / ${split.test.length} test), ${t.features.length} features, target "${t.target}": ` +
      (classify ? `classification, ${t.classNames.length} classes (${t.classNames.slice(0, 8).join(', ')}${t.classNames.length > 8 ? ', …' : ''})` : 'regression'),
  );

  // 2. settings
  const batchSize = recipes.table.batchSizeFor(nTrain, f['batch-size']);
  const epochs = f.epochs ?? recipes.table.epochsFor(nTrain, batchSize);
  const lr = f.lr ?? CSV_DEFAULTS.lr;
  const optimizerName = f.optimizer ?? CSV_DEFAULTS.optimizer;
  const weightDecay = f['weight-decay'] ?? (optimizerName === 'adamw' ? 0.01 : 0);
  const scheduleName = f.schedule ?? CSV_DEFAULTS.schedule;
  const mlpCfg = {
    kind: 'mlp' as const,
    inFeatures: t.features.length,
    hidden: f.hidden ?? CSV_DEFAULTS.hidden,
    layers: f.layers ?? CSV_DEFAULTS.layers,
    activation: f.activation ?? CSV_DEFAULTS.activation,
    classes: classify ? t.classNames.length : 1, // outputs: one per class, or the one value of a regression
  };

  // 3. model, and the library's Trainer (optimizer, schedule, seeded batch order)
  manualSeed(f.seed);
  const net = buildModel(mlpCfg);
  say(`model: ${net.numParameters()} parameters\n${net.toString()}`);
  const settings = trainerSettings({ optimizer: optimizerName, lr, weightDecay, schedule: scheduleName, epochs, batchSize, seed: f.seed, flags: f });
  const trainer = new recipes.Trainer(net, xTrain, yTrain, settings, { loss: classify ? 'crossEntropy' : 'mse' });
  say(`training: ${epochs} epochs × ${trainer.stepsPerEpoch} steps, ${optimizerName} (lr ${lr}, weight decay ${weightDecay}), schedule ${scheduleName}`);

  // 4. the loop
  const trainLoss = runEpochs(trainer, ctx, f.quiet);

  // 5. the held-out rows
  const results: Record<string, number> = { trainLoss };
  if (split.test.length > 0) {
    if (classify) {
      const r = report(net, xTest, yTest, t.classNames.length);
      for (const line of reportLines(r, t.classNames, split.test.length)) say(line);
      Object.assign(results, { testAccuracy: r.accuracy, macroF1: r.macroF1 });
    } else {
      const r = regressionReport(regress(net, xTest, targetMean, targetStd), yTest.data);
      for (const line of regressionLines(r, split.test.length, t.target)) say(line);
      Object.assign(results, { testRmse: r.rmse, testMae: r.mae, testR2: r.r2 });
    }
  } else say('no test rows (--test-split 0): nothing held out to report on');
  const seconds = (performance.now() - t0) / 1000;
  results.seconds = seconds;

  // 6. save: the weights and a sidecar naming the columns, their normalisation and the classes
  const out = resolve(ctx.cwd, f.out ?? `groundup-${name.replace(/\.[^.]*$/, '')}.safetensors`);
  const file: io.ModelFile = {
    format: 'groundup-model',
    version: 1,
    task: 'csv',
    kind: t.kind,
    classNames: t.classNames,
    model: mlpCfg,
    preprocess: { kind: 'standardize', ...pre },
    columns: { features: t.features, target: t.target, ...(classify ? {} : { targetMean, targetStd }) },
    data: { file: name, rows: n, delimiter: t.summary.delimiter, split: 'shuffle', splitSeed: f.seed, testFraction: f['test-split'] },
    training: { epochs, lr, batchSize, optimizer: optimizerName, weightDecay, schedule: scheduleName, seed: f.seed },
    results,
    source: 'cli',
  };
  const { weights, sidecar } = io.saveModelFile(net.stateDict(), file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, weights);
  writeFileSync(io.sidecarPath(out), sidecar);
  say(`saved ${out} and ${io.sidecarPath(out)} (${seconds.toFixed(1)} s)`);
  if (f.json) ctx.out(JSON.stringify({ task: 'csv', kind: t.kind, epochs, ...results, weights: out }));
  return 0;
}
