#!/usr/bin/env node
// Builds the guide for production (`vite build`: bundled, one chunk per chapter, only the woff2
// fonts, sw.js for offline use) into packages/guide/dist, or into another folder.
//   node packages/guide/build.mjs [outDir]
// As a module: `await buildGuide({ outDir, quiet })`. The build runs in a child process with
// NODE_ENV=production, so a caller under vitest (NODE_ENV=test) still gets a production build,
// and its own process is left as it was.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const guideDir = fileURLToPath(new URL('.', import.meta.url));
export const defaultOutDir = join(guideDir, 'dist');

/** Where Vite's command line is, or null when Vite is not installed (e.g. an installed CLI). */
export function viteBin() {
  try {
    const pkg = createRequire(join(guideDir, 'package.json')).resolve('vite/package.json');
    const bin = join(dirname(pkg), 'bin', 'vite.js');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/**
 * Runs `vite build`; resolves when done, rejects with the build's output when it fails.
 * `lenient` (the browser tests): a missing export is a warning, not an error (vite.config.ts).
 */
export function buildGuide({ outDir = defaultOutDir, quiet = false, lenient = false } = {}) {
  const bin = viteBin();
  if (!bin) return Promise.reject(new Error('Vite is not installed: run `npm install` in the groundup repository first'));
  const args = [bin, 'build', '--config', join(guideDir, 'vite.config.ts'), '--outDir', resolve(outDir), '--emptyOutDir', '--logLevel', quiet ? 'warn' : 'info'];
  return new Promise((resolveP, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: guideDir,
      env: { ...process.env, NODE_ENV: 'production', NO_COLOR: '1', FORCE_COLOR: '0', ...(lenient ? { GUIDE_BUILD_LENIENT: '1' } : {}) },
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let log = '';
    child.stdout?.on('data', (d) => (log += d));
    child.stderr?.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolveP() : reject(new Error(`vite build exited with ${code}${log ? `:\n${log.replace(/\x1b\[[0-9;]*m/g, '').slice(-4000)}` : ''}`))));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : defaultOutDir;
  await buildGuide({ outDir }).catch((e) => {
    console.error(String(e.message ?? e));
    process.exit(1);
  });
}
