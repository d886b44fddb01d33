/**
 * What a command needs from the outside world, passed in rather than reached for, so a test can
 * run a command in-process and read what it printed.
 */
import process from 'node:process';

export interface Context {
  /** Writes one line to stdout (results, tables, the final JSON line). */
  out(line: string): void;
  /** Writes text to stderr as is (progress, warnings); the caller adds newlines. */
  err(text: string): void;
  /** Whether stderr is a terminal that can redraw a line in place. */
  isTTY: boolean;
  /** Environment variables (CI=true turns the progress bar into plain lines). */
  env: Record<string, string | undefined>;
  /** The directory relative paths are resolved against. */
  cwd: string;
}

/** The real terminal. */
export function processContext(): Context {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (text) => process.stderr.write(text),
    isTTY: !!process.stderr.isTTY,
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * A mistake in how the command was called (unknown flag, bad value, unknown task). The CLI prints
 * its message and exits with code 2, never a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command's result: the process exit code (0 ok, 1 failure, 2 usage). */
export type ExitCode = 0 | 1 | 2;

export type Command = (argv: string[], ctx: Context) => Promise<ExitCode>;
