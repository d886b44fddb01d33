/** A Context that records what a command prints, for tests. */
import { tmpdir } from 'node:os';
import type { Context } from '../context.js';

export interface Captured extends Context {
  stdout: string[];
  stderr: string;
}

export function capture(options: { isTTY?: boolean; env?: Record<string, string>; cwd?: string } = {}): Captured {
  const c: Captured = {
    stdout: [],
    stderr: '',
    out: (line) => void c.stdout.push(line),
    err: (text) => void (c.stderr += text),
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    cwd: options.cwd ?? tmpdir(),
  };
  return c;
}

/** The last stdout line, parsed as JSON. */
export function lastJson<T = unknown>(c: Captured): T {
  const last = c.stdout.flatMap((l) => l.split('\n')).at(-1);
  if (last === undefined) throw new Error('nothing was printed on stdout');
  return JSON.parse(last) as T;
}
