/**
 * `groundup serve`: serve the guide's production build (packages/guide/serve.mjs: built first when
 * missing or older than its sources, then served with the COOP/COEP headers it needs) until Ctrl-C.
 *
 *   groundup serve --port 8080
 *   groundup serve --dev          # Vite's dev server instead
 *
 * The guide is not part of the published CLI package: it lives in the groundup repository, so this
 * command works inside a checkout (found upward from the working directory or from the CLI).
 */
import { join } from 'node:path';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import type { Context, ExitCode } from '../context.js';
import { findRoot, runNode } from '../repo.js';

export const SERVE_SCRIPT = 'packages/guide/serve.mjs';

export const serveSpec = {
  name: 'serve',
  summary: 'serve the built guide on http://127.0.0.1:<port> (runs packages/guide/serve.mjs; needs the groundup repository)',
  flags: {
    port: { type: 'int', min: 1, max: 65535, help: 'TCP port (default: $PORT, else 5173)' },
    dev: { type: 'boolean', help: "Vite's dev server instead of the production build (an edit reloads the page)" },
  },
  notes: [
    'The production build is packages/guide/dist (npm run build); it is rebuilt first when missing or older than a source file.',
    'An installed CLI without the repository cannot serve the guide: clone the repository and run `npm start` there.',
  ],
} satisfies CommandSpec;

export async function serve(argv: string[], ctx: Context): Promise<ExitCode> {
  const { help, flags } = parseArgs(serveSpec, argv);
  if (help) return ctx.out(helpText(serveSpec)), 0;
  return serveFrom(findRoot(SERVE_SCRIPT, ctx.cwd), flags.port, ctx, flags.dev === true);
}

/** Starts the guide found under `root` (null: not found). */
export async function serveFrom(root: string | null, port: number | undefined, ctx: Context, dev = false): Promise<ExitCode> {
  if (!root) {
    ctx.err(
      `groundup serve: the guide's server (${SERVE_SCRIPT}) was not found above ${ctx.cwd} or the CLI. ` +
        'The guide is not part of the installed CLI package; it needs the groundup repository with its dependencies: ' +
        'clone it, then run `npm start` (install, build, serve) or, after `npm install && npm run build`, `npx groundup serve` inside it.\n',
    );
    return 1;
  }
  const args = [...(port !== undefined ? ['--port', String(port)] : []), ...(dev ? ['--dev'] : [])];
  const env = port !== undefined ? { PORT: String(port) } : {};
  const code = await runNode(join(root, SERVE_SCRIPT), args, ctx, { cwd: root, env });
  return code === 0 ? 0 : code === 2 ? 2 : 1;
}
