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
import { io } from 'groundup';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import { type Context, type ExitCode, UsageError } from '../context.js';
import { evalEnsemble, looksLikeEnsembleFile } from '../ensemble.js';
import { type RunResult, report, reportLines } from '../evaluate.js';
import { TASKS, type ModelFile, applyPreprocess, buildModel, isTask, loadSplit, sidecarPath } from '../tasks.js';

export const evalSpec = {
  name: 'eval',
  summary: 'evaluate saved weights on their task: accuracy, macro-F1 and the confusion matrix',
  flags: {
    weights: { type: 'string', metavar: 'FILE', help: 'a .safetensors file written by groundup train, or the .json file of --model forest|boosted (required)' },
    task: { type: 'choice', choices: TASKS, help: 'the task (read from the model file; if given, it must match)' },
    json: { type: 'boolean', help: 'print the result as one JSON object on the last line' },
  },
  notes: ['JSON: { task, epochs, trainLoss, testAccuracy, macroF1, seconds, weights } (epochs and trainLoss are those of training)'],
} satisfies CommandSpec;

/** The model description: the sidecar if present, else the copy in the safetensors header. */
function readModelFile(weightsPath: string, bytes: Uint8Array): ModelFile {
  const side = sidecarPath(weightsPath);
  let text: string | undefined;
  if (existsSync(side)) text = readFileSync(side, 'utf8');
  else text = io.readSafetensorsHeader(bytes).metadata?.groundup;
  if (text === undefined) throw new UsageError(`groundup eval: ${weightsPath} has no model description (neither ${side} nor metadata in the file); was it written by groundup train?`);
  let file: ModelFile;
  try {
    file = JSON.parse(text) as ModelFile;
  } catch {
    throw new UsageError(`groundup eval: the model description for ${weightsPath} is not valid JSON`);
  }
  if (file?.format !== 'groundup-model' || !isTask(String(file.task)) || !file.model)
    throw new UsageError(`groundup eval: the model description for ${weightsPath} is not a groundup model file (format "${String(file?.format)}")`);
  return file;
}

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
  const file = readModelFile(path, bytes);
  if (flags.task && flags.task !== file.task) throw new UsageError(`groundup eval: --task ${flags.task} does not match the model, which was trained on ${file.task}`);

  // 2. the same model, with the saved weights (strict: every name and shape must match)
  const model = buildModel(file.model);
  model.loadStateDict(io.loadSafetensors(bytes));

  // 3. the same test set and preprocessing as in training
  const split = await loadSplit(file.task);
  const xTest = applyPreprocess(file.preprocess, split.xTest);

  // 4. measure
  const r = report(model, xTest, split.yTest, split.classNames.length);
  const seconds = (performance.now() - t0) / 1000;
  say(`${file.task}: model from ${path} (trained ${file.training.epochs} epochs, ${file.training.optimizer}, lr ${file.training.lr})`);
  for (const line of reportLines(r, split.classNames, xTest.shape[0]!)) say(line);

  if (flags.json) {
    const result: RunResult = {
      task: file.task,
      epochs: file.training.epochs,
      trainLoss: file.results.trainLoss,
      testAccuracy: r.accuracy,
      macroF1: r.macroF1,
      seconds,
      weights: path,
    };
    ctx.out(JSON.stringify(result));
  }
  return 0;
}
