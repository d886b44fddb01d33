/**
 * `groundup eval`: load a model saved by `groundup train` and measure it on its task's test set.
 *
 *   groundup eval --weights groundup-spirals.safetensors
 *
 * The model, the preprocessing and the train/test split are rebuilt from the description saved
 * with the weights (the JSON sidecar, or the copy in the safetensors header), so the accuracy is
 * the one training reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import { type Context, type ExitCode, UsageError } from '../context.js';
import { evalEnsemble, looksLikeEnsembleFile } from '../ensemble.js';
import { type RunResult, report, reportLines } from '../evaluate.js';
import { loadInto, readModel } from '../model-io.js';
import { TASKS, type ModelFile, applyPreprocess, buildModel, isTask, loadSplit } from '../tasks.js';
import { evalCsv } from './predict.js';

export const evalSpec = {
  name: 'eval',
  summary: 'evaluate saved weights on their task: accuracy, macro-F1 and the confusion matrix',
  flags: {
    weights: { type: 'string', metavar: 'FILE', help: 'a .safetensors file written by groundup train, or the .json file of --model forest|boosted (required)' },
    task: { type: 'choice', choices: TASKS, help: 'the task (read from the model file; if given, it must match)' },
    csv: { type: 'string', metavar: 'FILE', help: 'for a model of a table (train --csv): the CSV to measure it on, with the same columns' },
    split: { type: 'choice', choices: ['all', 'test'] as const, default: 'all' as 'all' | 'test', help: 'with --csv: every row, or only the rows training held out (its seed and fraction)' },
    json: { type: 'boolean', help: 'print the result as one JSON object on the last line' },
  },
  notes: [
    'JSON: { task, epochs, trainLoss, testAccuracy, macroF1, seconds, weights } (epochs and trainLoss are those of training)',
    'A model of a table needs --csv; its feature columns are found by name. JSON then: { task: "csv", kind, rows, testAccuracy, macroF1 | testRmse, testMae, testR2, seconds, weights }',
  ],
} satisfies CommandSpec;

export async function evaluate(argv: string[], ctx: Context): Promise<ExitCode> {
  const { help, flags } = parseArgs(evalSpec, argv);
  if (help) return ctx.out(helpText(evalSpec)), 0;
  const t0 = performance.now();
  const say = (line: string) => (flags.json ? ctx.err(line + '\n') : ctx.out(line));

  // 1. the weights and their description
  if (!flags.weights) throw new UsageError('groundup eval: --weights FILE is required (a .safetensors file written by groundup train)');
  const path = resolve(ctx.cwd, flags.weights);
  if (!existsSync(path)) throw new UsageError(`groundup eval: no such file ${path}`);
  const bytes = new Uint8Array(readFileSync(path));
  if (looksLikeEnsembleFile(bytes)) return evalEnsemble(ctx, path, bytes, flags, t0); // --model forest|boosted
  const loaded = readModel('groundup eval', flags.weights, ctx); // io.loadModelFile checks the description and the tensors
  if (loaded.file.task === 'csv') return evalCsv('groundup eval', loaded, flags, ctx, t0);
  if (flags.csv) throw new UsageError(`groundup eval: --csv is for a model of a table; this one was trained on the task ${loaded.file.task}`);
  if (!isTask(loaded.file.task)) throw new UsageError(`groundup eval: ${path} was trained on "${loaded.file.task}", not a task this CLI knows (${TASKS.join(', ')}, csv)`);
  const file = loaded.file as unknown as ModelFile;
  if (flags.task && flags.task !== file.task) throw new UsageError(`groundup eval: --task ${flags.task} does not match the model, which was trained on ${file.task}`);

  // 2. the same model, with the saved weights (strict: every name and shape must match)
  const model = buildModel(file.model);
  loadInto('groundup eval', loaded, model);

  // 3. the same test set and preprocessing as in training
  const split = await loadSplit(file.task);
  const xTest = applyPreprocess(file.preprocess, split.xTest);

  // 4. measure
  const r = report(model, xTest, split.yTest, split.classNames.length);
  const seconds = (performance.now() - t0) / 1000;
  say(`${file.task}: model from ${path}` + (file.training ? ` (trained ${file.training.epochs} epochs, ${file.training.optimizer}, lr ${file.training.lr})` : ''));
  for (const line of reportLines(r, split.classNames, xTest.shape[0]!)) say(line);

  if (flags.json) {
    const result: RunResult = {
      task: file.task,
      epochs: file.training?.epochs ?? 0,
      trainLoss: file.results?.trainLoss ?? NaN,
      testAccuracy: r.accuracy,
      macroF1: r.macroF1,
      seconds,
      weights: path,
    };
    ctx.out(JSON.stringify(result));
  }
  return 0;
}
