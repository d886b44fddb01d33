#!/usr/bin/env node
// Committed entry point so that npm links the `groundup` command at install time, before the
// TypeScript build has produced dist/. Run `npm run build` first.
import { existsSync } from 'node:fs';
const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('groundup: the CLI is not built yet; run `npm run build` in the repository root');
  process.exit(1);
}
await import(main.href);
