/**
 * `groundup train`: train a classifier on one of the built-in tasks and save its weights.
 *
 *   groundup train --task spirals --epochs 60 --lr 0.01 --optimizer adam --schedule cosine
 *
 * Reads top to bottom: settings → data → model → optimizer and schedule → the loop → evaluation
 * → saving. The flags carry the same names as the guide's URL state, so a run seen in the browser
 * can be repeated here.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Tensor, ValueError, data, io, loss, manualSeed, models, recipes } from 'groundup';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import { type Context, type ExitCode, UsageError } from '../context.js';
import { type RunResult, report, reportLines } from '../evaluate.js';
import { ENSEMBLE_DEFAULTS, isEnsemble, trainEnsemble } from '../ensemble.js';
import { ProgressBar } from '../progress.js';
import { CSV_DEFAULTS, trainCsv } from './train-csv.js';
import {
  CAPSTONE_DEFAULTS,
  CAPSTONE_RECIPE,
  DEFAULTS,
  MODELS,
  OPTIMIZERS,
  SCHEDULES,
  TASKS,
  type ModelFile,
  type ModelName,
  type OptimizerName,
  type Recipe,
  type ScheduleName,
  type TaskName,
  applyPreprocess,
  buildModel,
  fitPreprocess,
  loadSplit,
  modelConfigFor,
  sidecarPath,
} from '../tasks.js';

export const trainSpec = {
  name: 'train',
  summary: 'train a classifier on a built-in task or on your CSV and save its weights (safetensors + a JSON sidecar)',
  flags: {
    task: { type: 'choice', choices: TASKS, help: 'what to learn (or --csv); `groundup train spirals` is short for --task spirals' },
    csv: { type: 'string', metavar: 'FILE', help: 'train on this CSV table instead of a task (header row, one row per sample)' },
    target: { type: 'string', metavar: 'COL', help: 'with --csv: the column to predict (required)' },
    features: { type: 'string', metavar: 'A,B,…', help: 'with --csv: the columns to learn from (default: all but the target)' },
    kind: { type: 'choice', choices: ['classification', 'regression'] as const, help: 'with --csv: what to learn (default: from the target column, see below)' },
    'test-split': { type: 'number', min: 0, max: 0.9, default: 0.2, help: 'with --csv: fraction of rows held out for testing, a seeded shuffle (--seed)' },
    layers: { type: 'int', min: 0, max: 16, help: `hidden layers of the MLP (--csv and the MLP tasks; default ${CSV_DEFAULTS.layers})` },
    activation: { type: 'choice', choices: models.MLP_ACTIVATIONS, help: `activation of its hidden layers (default ${CSV_DEFAULTS.activation}; chapter 5's page widget uses tanh)` },
    epochs: { type: 'int', min: 1, max: 100_000, help: 'passes over the training set (default: per task)' },
    lr: { type: 'number', greaterThan: 0, max: 10, help: 'peak learning rate η (default: per task)' },
    'batch-size': { type: 'int', min: 1, help: 'samples per mini-batch (default: per task)' },
    optimizer: { type: 'choice', choices: OPTIMIZERS, help: "update rule, optim.make's names (default: per task); sgd is plain SGD, momentum is SGD with μ = --momentum" },
    'weight-decay': { type: 'number', min: 0, help: 'λ: L2 in the gradient, decoupled for adamw (default: 0.01 for adamw, else 0)' },
    momentum: { type: 'number', min: 0, max: 0.999, help: 'μ of momentum and nesterov (default 0.9)' },
    beta1: { type: 'number', min: 0, max: 0.999, help: 'β₁ of adam and adamw (default 0.9)' },
    beta2: { type: 'number', min: 0, max: 0.99999, help: 'β₂ of adam and adamw (default 0.999)' },
    schedule: { type: 'choice', choices: SCHEDULES, help: 'learning-rate schedule over all steps, optim.schedule.byName (default: per task)' },
    'min-lr': { type: 'number', min: 0, help: 'floor of cosine and warmupCosine (default: --lr / 100)' },
    'warmup-steps': { type: 'int', min: 0, help: 'warmupCosine: updates of the linear ramp (default: 5% of the run)' },
    'step-size': { type: 'int', min: 1, help: 'step and exponential: the lr is multiplied by --gamma every this many updates (default: a third of the run)' },
    gamma: { type: 'number', greaterThan: 0, max: 1, help: 'step and exponential: the factor every --step-size updates (default 0.1), at once (step) or spread over them (exponential)' },
    hidden: { type: 'int', min: 1, max: 4096, help: 'hidden units per layer (channels for ecg, token width for the capstone) (default: per task)' },
    model: { type: 'choice', choices: MODELS, help: "'small': the task's network (default); ecg: 'capstone' (models.ecgNet: conv + attention, label smoothing, clipping, augmentation); tabular tasks: 'forest' (trees.RandomForest) or 'boosted' (trees.GradientBoosting), saved as one JSON file" },
    trees: { type: 'int', min: 1, max: 100_000, help: `--model forest|boosted: trees, or boosting rounds (default ${ENSEMBLE_DEFAULTS.forest.trees})` },
    'max-depth': { type: 'int', min: 1, max: 64, help: `--model forest|boosted: deepest split level (default: unlimited for forest, ${ENSEMBLE_DEFAULTS.boosted.maxDepth} for boosted; --lr is the boosting η, default ${ENSEMBLE_DEFAULTS.boosted.lr})` },
    seed: { type: 'int', min: 0, default: 0, help: 'seed of the initial weights, dropout and batch order' },
    out: { type: 'string', metavar: 'FILE', help: 'where to write the weights (default: groundup-<task>.safetensors)' },
    json: { type: 'boolean', help: 'print the result as one JSON object on the last line' },
    quiet: { type: 'boolean', help: 'no progress bar' },
  },
  notes: [
    'tasks:',
    ...TASKS.map((t) => {
      const d = DEFAULTS[t];
      return `  ${t.padEnd(8)} ${d.about}\n           defaults: --epochs ${d.epochs} --lr ${d.lr} --batch-size ${d.batchSize} --hidden ${d.hidden} --optimizer ${d.optimizer} --schedule ${d.schedule}`;
    }),
    `  --task ecg --model capstone: models.ecgNet (Conv1d·BatchNorm·GELU·MaxPool stem, positional encoding, residual self-attention, Linear head)`,
    `           defaults: --epochs ${CAPSTONE_DEFAULTS.epochs} --lr ${CAPSTONE_DEFAULTS.lr} --batch-size ${CAPSTONE_DEFAULTS.batchSize} --hidden ${CAPSTONE_DEFAULTS.hidden} --optimizer adamw --schedule warmupCosine;`,
    `           label smoothing ${CAPSTONE_RECIPE.labelSmoothing}, gradient norm clipped to ${CAPSTONE_RECIPE.clipNorm}, augmentation: noise σ ${CAPSTONE_RECIPE.augment.noise}, scale ${CAPSTONE_RECIPE.augment.scale.join('–')}, time shift ±${CAPSTONE_RECIPE.augment.shift}`,
    '',
    'The train/test split of each task is fixed, so runs with different settings are judged on the same test set.',
    'spirals and moons are the library\'s recipes (recipes.spirals, recipes.moons): chapter 5 of the guide trains the same run.',
    '',
    'flags and the guide\'s URL keys: each flag is the kebab-case of the key (and of the library\'s setting):',
    '  --lr lr  --batch-size batchSize  --weight-decay weightDecay  --momentum momentum  --beta1 beta1  --beta2 beta2',
    '  --schedule schedule  --min-lr minLr  --warmup-steps warmupSteps  --step-size stepSize  --gamma gamma',
    '  --epochs epochs  --hidden hidden  --layers layers  --activation activation  --optimizer optimizer  --seed seed',
    'old spellings: --schedule none (now constant) and warmup-cosine (now warmupCosine) still work, with a note;',
    '  --optimizer sgd now means plain SGD (it used to add momentum 0.9: that is --optimizer momentum).',
    '',
    'your own table:  groundup train --csv data.csv --target species [--test-split 0.2]',
    `  The target decides the kind: text labels, or whole numbers with at most ${data.MAX_INTEGER_CLASSES} distinct values, mean`,
    `  classification (2 … ${data.MAX_CLASSES} classes); any other numbers mean regression (MSE on the standardised target).`,
    '  Features must be numbers without empty cells; each is standardised with the training rows\' mean and std.',
    '  The delimiter (, ; tab |) is detected; with ; a decimal comma (5,1) reads as 5.1. A byte-order mark and quoted',
    `  fields ("a, b") are fine. Defaults: MLP ${CSV_DEFAULTS.layers} × ${CSV_DEFAULTS.hidden} ${CSV_DEFAULTS.activation}, ${CSV_DEFAULTS.optimizer} lr ${CSV_DEFAULTS.lr}, batch ${CSV_DEFAULTS.batchSize}, about ${CSV_DEFAULTS.steps} updates.`,
    '  The sidecar lists the feature columns, their normalisation and the class names, for groundup eval/predict --csv.',
    'JSON: { task, epochs, trainLoss, testAccuracy, macroF1, seconds, weights }',
  ],
} satisfies CommandSpec;

/**
 * Old spellings still read, with a note on stderr: `--schedule none` is now `constant`,
 * `--schedule warmup-cosine` is `warmupCosine` (the library's and the guide's names).
 */
export const DEPRECATED_SCHEDULES: Record<string, ScheduleName> = { none: 'constant', 'warmup-cosine': 'warmupCosine' };

export function renameDeprecated(argv: string[], ctx: Context): string[] {
  return argv.map((a, i) => {
    const inline = a.startsWith('--schedule=') ? a.slice('--schedule='.length) : null;
    const value = inline ?? (argv[i - 1] === '--schedule' ? a : null);
    const now = value !== null ? DEPRECATED_SCHEDULES[value] : undefined;
    if (!now) return a;
    ctx.err(`groundup train: --schedule ${value} is now spelled ${now} (the old name still works for now)\n`);
    return inline !== null ? `--schedule=${now}` : now;
  });
}

/** The Trainer's settings from the flags (the same camelCase names; undefined = the default). */
export function trainerSettings(f: {
  optimizer: OptimizerName;
  lr: number;
  weightDecay: number;
  schedule: ScheduleName;
  epochs: number;
  batchSize: number;
  seed: number;
  flags: SettingFlags;
}): recipes.TrainSettings {
  const { flags } = f;
  const decays = f.schedule === 'cosine' || f.schedule === 'warmupCosine';
  return {
    optimizer: f.optimizer,
    lr: f.lr,
    weightDecay: f.weightDecay,
    momentum: flags.momentum,
    beta1: flags.beta1,
    beta2: flags.beta2,
    schedule: f.schedule,
    minLr: flags['min-lr'] ?? (decays ? f.lr / 100 : undefined),
    warmupSteps: flags['warmup-steps'],
    stepSize: flags['step-size'],
    gamma: flags.gamma,
    epochs: f.epochs,
    batchSize: f.batchSize,
    seed: f.seed,
  };
}

/** The optimizer and schedule flags beyond lr/weight decay (kebab-case of the library's settings). */
export interface SettingFlags {
  momentum?: number;
  beta1?: number;
  beta2?: number;
  'min-lr'?: number;
  'warmup-steps'?: number;
  'step-size'?: number;
  gamma?: number;
}

/** Runs the Trainer epoch by epoch under a progress bar; a diverging loss becomes an error naming --lr. */
export function runEpochs(t: recipes.Trainer, ctx: Context, quiet: boolean): number {
  const bar = new ProgressBar(ctx, { label: 'epoch', total: t.epochs, rateUnit: 'steps/s', quiet });
  try {
    return t.fit((epoch, l) => bar.update(epoch, { loss: l, steps: t.step }));
  } catch (e) {
    if (e instanceof ValueError && e.message.includes('the loss became'))
      throw new Error(`groundup train: ${e.message.replace(/^recipes\.Trainer: /, '').replace('lower lr', 'lower --lr')}`);
    throw e;
  }
}

/** One random augmentation of a batch [N, leads, L], from the global (seeded) generator. */
function augmentBatch(x: Tensor, r: Recipe): Tensor {
  const { augment } = data;
  const shift = Math.min(r.augment.shift, x.shape[2]! - 1);
  return augment.timeShift(augment.scale(augment.noise(x, r.augment.noise), r.augment.scale), shift);
}

export async function train(argv: string[], ctx: Context): Promise<ExitCode> {
  // the shorthand people type: `groundup train spirals` = `groundup train --task spirals`
  if (argv[0] !== undefined && !argv[0].startsWith('-')) argv = ['--task', ...argv];
  const { help, flags } = parseArgs(trainSpec, renameDeprecated(argv, ctx));
  if (help) return ctx.out(helpText(trainSpec)), 0;
  const t0 = performance.now();
  if (flags.csv !== undefined) {
    if (flags.task) throw new UsageError(`groundup train: give --task or --csv, not both`);
    if (flags.model) throw new UsageError(`groundup train: --model goes with --task; a table trains an MLP (--layers, --hidden, --activation)`);
    return trainCsv({ ...flags, csv: flags.csv }, ctx);
  }
  for (const k of ['target', 'features', 'kind'] as const)
    if (flags[k] !== undefined) throw new UsageError(`groundup train: --${k} goes with --csv FILE`);

  // 1. settings: the task's defaults, overridden by the flags
  if (!flags.task) throw new UsageError(`groundup train: --task or --csv is required (tasks: ${TASKS.join(', ')})`);
  const task: TaskName = flags.task;
  const modelName: ModelName = flags.model ?? 'small';
  if (modelName === 'capstone' && task !== 'ecg') throw new UsageError(`groundup train: --model capstone is the ECG network; use it with --task ecg (not ${task})`);
  const capstone = modelName === 'capstone';
  if (isEnsemble(modelName)) return trainEnsemble(ctx, modelName, task, flags, t0);
  const d = capstone ? { ...DEFAULTS.ecg, ...CAPSTONE_DEFAULTS } : DEFAULTS[task];
  const recipe: Recipe | undefined = capstone ? CAPSTONE_RECIPE : undefined;
  const epochs = flags.epochs ?? d.epochs;
  const lr = flags.lr ?? d.lr;
  const batchSize = flags['batch-size'] ?? d.batchSize;
  const optimizerName = flags.optimizer ?? d.optimizer;
  const weightDecay = flags['weight-decay'] ?? (optimizerName === 'adamw' ? 0.01 : 0);
  const scheduleName = flags.schedule ?? d.schedule;
  const hidden = flags.hidden ?? d.hidden;
  const seed = flags.seed;
  const out = resolve(ctx.cwd, flags.out ?? `groundup-${task}.safetensors`);
  const say = (line: string) => (flags.json ? ctx.err(line + '\n') : ctx.out(line));

  // 2. data: the fixed train/test split, preprocessing fitted on the training inputs only
  const split = await loadSplit(task);
  const pre = fitPreprocess(task, split.xTrain);
  const xTrain = applyPreprocess(pre, split.xTrain);
  const xTest = applyPreprocess(pre, split.xTest);
  const nTrain = xTrain.shape[0]!;
  if (batchSize > nTrain) throw new UsageError(`groundup train: --batch-size ${batchSize} is larger than the ${nTrain} training samples of ${task}`);
  const classes = split.classNames.length;
  say(`${task}: ${nTrain} training / ${xTest.shape[0]} test samples, ${classes} classes, input ${JSON.stringify(xTrain.shape.slice(1))}`);

  // 3. model: same seed ⇒ same initial weights
  manualSeed(seed);
  const modelConfig = modelConfigFor(task, xTrain, classes, hidden, modelName);
  if (modelConfig.kind !== 'mlp' && (flags.layers !== undefined || flags.activation !== undefined))
    throw new UsageError(`groundup train: --layers and --activation shape an MLP; --task ${task} trains a ${modelConfig.kind}`);
  // written out even at their defaults, so a reader of the file (the guide) need not know them
  if (modelConfig.kind === 'mlp') Object.assign(modelConfig, { layers: flags.layers ?? 2, activation: flags.activation ?? 'relu' });
  const model = buildModel(modelConfig);
  say(`model: ${model.numParameters()} parameters\n${model.toString()}`);

  // 4. the library's Trainer: optimizer, schedule over every update, the seeded batch order
  const trainer = new recipes.Trainer(
    model,
    xTrain,
    split.yTrain,
    // a last batch of one sample would break BatchNorm's variance, so drop it in that case only
    { ...trainerSettings({ optimizer: optimizerName, lr, weightDecay, schedule: scheduleName, epochs, batchSize, seed, flags }), dropLast: nTrain % batchSize === 1, clipNorm: recipe?.clipNorm },
    recipe
      ? {
          // the capstone sees each batch freshly distorted (noise, amplitude scale, time shift) and smoothed labels
          transform: (xb) => augmentBatch(xb, recipe),
          loss: (logits, yb) => loss.crossEntropy(logits, yb, { labelSmoothing: recipe.labelSmoothing }),
        }
      : {},
  );
  say(`training: ${epochs} epochs × ${trainer.stepsPerEpoch} steps, ${optimizerName} (lr ${lr}, weight decay ${weightDecay}), schedule ${scheduleName}`);
  if (recipe)
    say(
      `recipe: label smoothing ${recipe.labelSmoothing}, clip gradient norm ${recipe.clipNorm}, ` +
        `augment noise σ ${recipe.augment.noise}, scale ${recipe.augment.scale.join('–')}, shift ±${recipe.augment.shift}`,
    );

  // 5. the loop (forward, loss, backward, step), epoch by epoch; trainLoss = the last epoch's mean
  const trainLoss = runEpochs(trainer, ctx, flags.quiet);

  // 6. evaluation on the held-out test set
  const r = report(model, xTest, split.yTest, classes);
  const seconds = (performance.now() - t0) / 1000;
  for (const line of reportLines(r, split.classNames, xTest.shape[0]!)) say(line);

  // 7. save: weights as safetensors (loadable by PyTorch), the description as JSON beside them
  const file: ModelFile = {
    format: 'groundup-model',
    version: 1,
    task,
    classNames: split.classNames,
    model: modelConfig,
    preprocess: pre,
    data: split.data,
    training: { epochs, lr, batchSize, optimizer: optimizerName, weightDecay, schedule: scheduleName, seed, ...(recipe ? { recipe } : {}) },
    results: { trainLoss, testAccuracy: r.accuracy, macroF1: r.macroF1, seconds },
  };
  const saved = io.saveModelFile(model.stateDict(), { ...file, source: 'cli' } as unknown as io.ModelFile);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, saved.weights);
  writeFileSync(sidecarPath(out), saved.sidecar);
  say(`saved ${out} and ${sidecarPath(out)} (${seconds.toFixed(1)} s)`);

  if (flags.json) {
    const result: RunResult = { task, epochs, trainLoss, testAccuracy: r.accuracy, macroF1: r.macroF1, seconds, weights: out };
    ctx.out(JSON.stringify(result));
  }
  return 0;
}
