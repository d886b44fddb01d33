// Shared by start.mjs and test.mjs: run a command, install dependencies when they are missing.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export const root = new URL('..', import.meta.url).pathname;

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

export function must(cmd, args, opts) {
  const code = run(cmd, args, opts);
  if (code !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} exited with ${code}`);
    process.exit(code);
  }
}

/** npm install when node_modules is missing or older than the lockfile / package.json. */
export function ensureInstalled() {
  const marker = `${root}node_modules/.package-lock.json`;
  const newest = ['package.json', 'package-lock.json', 'packages/groundup/package.json', 'packages/claims/package.json', 'packages/cli/package.json', 'packages/guide/package.json']
    .map((f) => `${root}${f}`)
    .filter(existsSync)
    .map((f) => statSync(f).mtimeMs)
    .reduce((a, b) => Math.max(a, b), 0);
  if (existsSync(marker) && statSync(marker).mtimeMs >= newest) return;
  console.log('› installing dependencies (npm install)…');
  must('npm', ['install', '--no-audit', '--no-fund']);
}

/** Debian's Chromium for the browser tests: installed with apt-get when it is missing. */
export function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  console.log('› installing Chromium from Debian (apt-get install chromium)…');
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => (sudo.length ? must('sudo', ['apt-get', ...args], { env }) : must('apt-get', args, { env }));
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', 'chromium']);
}
