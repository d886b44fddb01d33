/**
 * The dispatcher: `groundup <command> [flags]` → the command's function, and every error turned
 * into a message and an exit code (2 for a usage mistake, 1 for a failure), never a stack trace
 * (set GROUNDUP_DEBUG=1 to see one).
 */
import { bench } from './commands/bench.js';
import { demo } from './commands/demo.js';
import { evaluate } from './commands/eval.js';
import { predict } from './commands/predict.js';
import { serve } from './commands/serve.js';
import { train } from './commands/train.js';
import { verify } from './commands/verify.js';
import { type Command, type Context, type ExitCode, UsageError } from './context.js';

interface Entry {
  run: Command;
  summary: string;
}

export const COMMANDS: Record<string, Entry> = {
  train: { run: train, summary: 'train on a built-in task (spirals, moons, iris, digits, fashion, ecg) or your CSV (--csv) and save it' },
  eval: { run: evaluate, summary: 'evaluate saved weights: accuracy, macro-F1, confusion matrix (--csv for a model of a table)' },
  predict: { run: predict, summary: 'apply a model of a table to the rows of a CSV and write its predictions' },
  verify: { run: verify, summary: "check every claim of the guide against the library and print a table" },
  bench: { run: bench, summary: 'run the benchmark (groundup vs TensorFlow.js)' },
  serve: { run: serve, summary: 'start the guide in the browser' },
  demo: { run: demo, summary: "the spec's headline numbers, computed by the library" },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    'groundup — the math behind machine learning, runnable',
    '',
    'usage: groundup <command> [flags]      groundup <command> --help',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(width)}  ${v.summary}`),
    '',
    'With --json, train, eval, verify and bench print one JSON object as their last line.',
  ].join('\n');
}

/** Runs `groundup ...argv` and returns the exit code. */
export async function run(argv: readonly string[], ctx: Context): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.out(usage());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    ctx.out('groundup 0.1.0');
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    ctx.err(`groundup: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (groundup --help)\n`);
    return 2;
  }
  try {
    return await entry.run(rest, ctx);
  } catch (e) {
    const debug = ctx.env.GROUNDUP_DEBUG === '1';
    if (e instanceof UsageError) {
      ctx.err(`${e.message}\n`);
      if (debug) ctx.err(`${e.stack}\n`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    ctx.err(`groundup ${name}: ${err.name === 'Error' ? '' : err.name + ': '}${err.message}\n`);
    if (debug) ctx.err(`${err.stack}\n`);
    return 1;
  }
}
