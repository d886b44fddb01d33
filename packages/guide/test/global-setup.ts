/**
 * vitest globalSetup (root vitest.config.ts): one production build of the guide and one static
 * server (static-server.mjs, COOP/COEP) for every browser test file of a vitest run. Test files
 * read the address with `inject('guideUrl')`; `startGuide()` in browser.ts does that.
 *
 * The build is lazy: it runs when the first request reaches the server, so a run of unit tests
 * only never builds, and a run that includes browser tests builds once, from the sources as they
 * are at that moment, into a fresh temporary folder (never a shared dist/ that another run could
 * be rebuilding). In watch mode each rerun builds again on its first request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildGuide } from '../build.mjs';
import { serveStatic } from '../static-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared production build's address, e.g. http://127.0.0.1:40123/ */
    guideUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = mkdtempSync(join(tmpdir(), 'groundup-guide-test-'));
  const prepare = async () => {
    const t0 = Date.now();
    // a failure may be someone's edit caught halfway (two files saved one after the other): one retry
    await buildGuide({ outDir, quiet: true, lenient: true }).catch(async () => {
      await new Promise((r) => setTimeout(r, 5000));
      await buildGuide({ outDir, quiet: true, lenient: true });
    });
    if (process.env.GUIDE_BUILD_LOG) console.log(`guide built in ${Date.now() - t0} ms → ${outDir}`);
  };
  const running = await serveStatic({ dir: outDir, port: 0, prepare });
  project.provide('guideUrl', running.url);
  project.onTestsRerun(() => running.server.reprepare());
  return async () => {
    await running.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
