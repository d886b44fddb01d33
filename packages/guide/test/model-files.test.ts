/**
 * Model files between the page and the CLI, in Chromium: chapter 5's live-training widget
 * downloads its MLP as safetensors + sidecar; `groundup eval --weights` reads that file; the files
 * load back into the page with identical predictions; a CLI-trained file of the same network loads
 * in the page; another network and a hostile file are refused with a message.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { io } from 'groundup';
import { run } from '../../cli/src/cli.js';
import { capture, lastJson } from '../../cli/src/testing/capture.js';
import { goto, shots, useGuide } from './browser.js';

const guide = useGuide();
const dir = mkdtempSync(join(tmpdir(), 'groundup-page-files-'));
const W = '[data-widget="ch5-train"]';

/** Clicks Download model and saves the two files it offers under dir/prefix. */
async function downloadModel(page: Page, root: string, prefix: string): Promise<string[]> {
  const got: string[] = [];
  const done = new Promise<void>((resolve) => {
    page.on('download', async (d) => {
      const path = join(dir, `${prefix}-${d.suggestedFilename()}`);
      await d.saveAs(path);
      got.push(path);
      if (got.length === 2) resolve();
    });
  });
  await page.click(`${root} [data-action="download-model"]`);
  await done;
  page.removeAllListeners('download');
  return got.sort(); // .json before .safetensors
}

async function cli(...argv: string[]) {
  const ctx = capture({ cwd: dir });
  return { code: await run(argv, ctx), ctx };
}

describe('model files: page ↔ CLI', () => {
  it("chapter 5's MLP: download → groundup eval, load back with identical predictions, CLI file loads, bad files refused", async () => {
    const { page, errors } = await guide.open();
    await goto(page, guide.url, '#/ch/5');
    const root = W;
    await page.waitForSelector(`${root} [data-action="download-model"]`);
    await page.click(`${root} [data-action="step50"]`);
    await page.click(`${root} [data-action="step50"]`);
    // the widget trains in a worker: wait for its report of the 100th update
    await page.waitForFunction((s) => document.querySelector(s)?.textContent === '100', `${root} [data-train="step"]`);
    const acc = await page.textContent(`${root} [data-train="acc"]`);

    // page → CLI: the downloaded pair is a model file the CLI evaluates on its spirals task
    const [json, weights] = await downloadModel(page, root, 'ch5');
    expect(json).toMatch(/groundup-spirals-page\.json$/);
    const side = io.parseModelFile(readFileSync(json!, 'utf8'));
    expect(side).toMatchObject({ task: 'spirals', source: 'guide:ch5-train', model: { kind: 'mlp', inFeatures: 2, hidden: 32, layers: 2, activation: 'tanh', classes: 3 } });
    const e = await cli('eval', '--weights', weights!, '--json');
    expect(e.code, e.ctx.stderr).toBe(0);
    expect(lastJson<{ task: string; testAccuracy: number }>(e.ctx)).toMatchObject({ task: 'spirals' });
    expect(lastJson<{ testAccuracy: number }>(e.ctx).testAccuracy).toBeGreaterThan(0.4); // 100 updates: well above chance (1/3)

    // export → import: after Reset the accuracy is that of random weights; loading restores it exactly
    await page.click(`${root} [data-action="reset"]`);
    await page.setInputFiles(`${root} [data-action="load-model"]`, [weights!, json!]);
    await page.waitForFunction((s) => /Loaded the weights/.test(document.querySelector(s)?.textContent ?? ''), `${root} [data-model-status]`);
    expect(await page.textContent(`${root} [data-train="acc"]`)).toBe(acc);
    const [, again] = await downloadModel(page, root, 'ch5-again');
    // identical predictions: the weights that come back out are the very bytes that went in
    const flat = (f: string) => Object.entries(io.loadSafetensors(new Uint8Array(readFileSync(f)))).map(([k, v]) => [k, v.shape, Array.from(v.data)]);
    expect(flat(again!)).toEqual(flat(weights!));

    // CLI → page: the same network trained by the CLI, with 16 hidden units (the widget adopts them)
    const t = await cli('train', 'spirals', '--activation', 'tanh', '--hidden', '16', '--epochs', '60', '--lr', '0.02', '--out', 'cli-spirals.safetensors', '--json');
    expect(t.code, t.ctx.stderr).toBe(0);
    const cliAcc = lastJson<{ testAccuracy: number }>(t.ctx).testAccuracy;
    await page.setInputFiles(`${root} [data-action="load-model"]`, [join(dir, 'cli-spirals.safetensors')]);
    await page.waitForFunction((s) => /Loaded the weights \(16 hidden units, from cli\)/.test(document.querySelector(s)?.textContent ?? ''), `${root} [data-model-status]`);
    expect(await page.inputValue(`${root} select[data-ctl="hidden"]`)).toBe('16');
    const pageAcc = Number((await page.textContent(`${root} [data-train="acc"]`))!.replace(/[^0-9.]/g, '')) / 100;
    expect(cliAcc).toBeGreaterThan(0.8);
    expect(pageAcc).toBeGreaterThan(0.7); // the page's 300 noisier points, seen by a net trained on the CLI's 600

    // another network (ReLU) and a hostile file are refused; the model in the page is kept
    expect((await cli('train', 'spirals', '--epochs', '1', '--out', 'relu.safetensors')).code).toBe(0);
    await page.setInputFiles(`${root} [data-action="load-model"]`, [join(dir, 'relu.safetensors')]);
    await page.waitForFunction((s) => /Refused/.test(document.querySelector(s)?.textContent ?? ''), `${root} [data-model-status]`);
    expect(await page.textContent(`${root} [data-model-status]`)).toContain('activation "relu" (expected "tanh")');
    writeFileSync(join(dir, 'hostile.safetensors'), Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00]), Buffer.from('{}')]));
    await page.setInputFiles(`${root} [data-action="load-model"]`, [join(dir, 'hostile.safetensors')]);
    await page.waitForFunction((s) => /loadSafetensors/.test(document.querySelector(s)?.textContent ?? ''), `${root} [data-model-status]`);
    expect(await page.textContent(`${root} [data-model-status]`)).toMatch(/^Refused: loadSafetensors: /);
    expect(await page.inputValue(`${root} select[data-ctl="hidden"]`)).toBe('16');
    await page.locator(root).screenshot({ path: `${shots}model-files-ch5.png` });
    expect(errors).toEqual([]);
  });
});
