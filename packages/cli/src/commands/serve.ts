/**
 * `groundup serve`: start the guide (packages/guide/serve.mjs) and keep it running until Ctrl-C.
 *
 *   groundup serve --port 8080
 */
import { join } from 'node:path';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import type { Context, ExitCode } from '../context.js';
import { findRoot, runNode } from '../repo.js';

export const SERVE_SCRIPT = 'packages/guide/serve.mjs';

export const serveSpec = {
  name: 'serve',
  summary: 'serve the guide on http://127.0.0.1:<port> (runs packages/guide/serve.mjs)',
  flags: {
    port: { type: 'int', min: 1, max: 65535, help: 'TCP port (default: $PORT, else 5173)' },
  },
} satisfies CommandSpec;

export async function serve(argv: string[], ctx: Context): Promise<ExitCode> {
  const { help, flags } = parseArgs(serveSpec, argv);
  if (help) return ctx.out(helpText(serveSpec)), 0;
  return serveFrom(findRoot(SERVE_SCRIPT, ctx.cwd), flags.port, ctx);
}

/** Starts the guide found under `root` (null: not found). */
export async function serveFrom(root: string | null, port: number | undefined, ctx: Context): Promise<ExitCode> {
  if (!root) {
    ctx.err(`groundup serve: the guide's server (${SERVE_SCRIPT}) was not found; run this from the groundup repository, after \`npm run build\`\n`);
    return 1;
  }
  const args = port !== undefined ? ['--port', String(port)] : [];
  const env = port !== undefined ? { PORT: String(port) } : {};
  const code = await runNode(join(root, SERVE_SCRIPT), args, ctx, { cwd: root, env });
  return code === 0 ? 0 : code === 2 ? 2 : 1;
}
