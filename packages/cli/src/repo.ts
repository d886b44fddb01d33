/**
 * Finding files of the groundup repository (bench/run.mjs, packages/guide/serve.mjs) from the CLI:
 * first upward from the working directory, then upward from where the CLI itself lives.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import type { Context } from './context.js';

function* upward(dir: string): Generator<string> {
  let d = resolve(dir);
  for (;;) {
    yield d;
    const parent = dirname(d);
    if (parent === d) return;
    d = parent;
  }
}

/** The directory that holds `relPath`, searching from `cwd` and from this file upward; null if none. */
export function findRoot(relPath: string, cwd: string): string | null {
  for (const start of [cwd, dirname(fileURLToPath(import.meta.url))])
    for (const d of upward(start)) if (existsSync(join(d, relPath))) return d;
  return null;
}

export interface SpawnOptions {
  cwd: string;
  /** Send the child's stdout to our stderr (keeps our stdout for one JSON line). */
  stdoutToStderr?: boolean;
  env?: Record<string, string | undefined>;
}

/**
 * Runs `node script ...args` and resolves with its exit code. Output is passed through the
 * context line by line; Ctrl-C is forwarded to the child.
 */
export function runNode(script: string, args: string[], ctx: Context, o: SpawnOptions): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ['inherit', 'pipe', 'pipe'] });
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (o.stdoutToStderr) return ctx.err(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const l of lines) ctx.out(l);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ctx.err(chunk));
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt).on('SIGTERM', onTerm);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      if (pending) ctx.out(pending);
      resolvePromise(code ?? (signal ? 130 : 1));
    });
  });
}
