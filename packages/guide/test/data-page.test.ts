/**
 * The "your data" page (#/data) in Chromium: iris written out as a CSV, uploaded through the file
 * input, trains to ≥ 90 % held-out accuracy; export → import gives identical predictions; the
 * page's file evaluates in the CLI with the same accuracy and a CLI file loads in the page; every
 * bad file shows its message with line and column; a 50 MB file parses in the worker with progress
 * while input is still handled within 100 ms.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { data } from 'groundup';
import { run } from '../../cli/src/cli.js';
import { capture, lastJson } from '../../cli/src/testing/capture.js';
import { goto, shots, useGuide } from './browser.js';

const guide = useGuide();
const dir = mkdtempSync(join(tmpdir(), 'groundup-data-page-'));
const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));

function irisCsv(): string {
  const d = data.iris();
  const lines = ['sepal_length,sepal_width,petal_length,petal_width,species'];
  for (let i = 0; i < 150; i++) lines.push([...Array.from(d.x.data.subarray(i * 4, i * 4 + 4), (v) => v.toFixed(1)), d.classNames[d.y.data[i]!]].join(','));
  return lines.join('\n') + '\n';
}

async function upload(page: Page, path: string) {
  await page.setInputFiles('[data-action="pick-csv"]', path);
}
const parsed = (page: Page) => page.waitForFunction(() => /^Read |is-error/.test((document.querySelector('[data-parse-status]')?.textContent ?? '') + (document.querySelector('[data-parse-status]')?.className ?? '')));
/** The held-out accuracy the page shows, exactly (the text rounds it to 0.01 %). */
const score = async (page: Page) => page.getAttribute('[data-score]', 'data-score');
const accuracyOf = (s: string | null) => Number(s);

async function download(page: Page, prefix: string): Promise<string[]> {
  const got: string[] = [];
  const done = new Promise<void>((resolve) =>
    page.on('download', async (d) => {
      const p = join(dir, `${prefix}-${d.suggestedFilename()}`);
      await d.saveAs(p);
      if (got.push(p) === 2) resolve();
    }),
  );
  await page.click('[data-action="download-model"]');
  await done;
  page.removeAllListeners('download');
  return got.sort(); // .json, .safetensors
}

async function cli(...argv: string[]) {
  const ctx = capture({ cwd: dir });
  return { code: await run(argv, ctx), ctx };
}

describe('the "your data" page', () => {
  it('iris.csv through the file input: summary, training to ≥ 90 %, pause/resume, export → import, page ↔ CLI', async () => {
    const { page, errors } = await guide.open({ height: 1400 });
    await goto(page, guide.url, '#/data');
    const iris = file('iris.csv', irisCsv());
    await upload(page, iris);
    await parsed(page);
    expect(await page.textContent('[data-parse-status]')).toContain('150 rows × 5 columns');
    expect(await page.textContent('[data-col="species"] [data-type]')).toBe('text');
    expect(await page.textContent('[data-col="petal_length"] td:nth-child(3)')).toBe('1 … 6.9');
    expect(await page.textContent('[data-kind]')).toMatch(/^Classification into 3 classes/);
    expect(await page.inputValue('select[data-ctl="target"]')).toBe('species');

    // pause and resume a long run, then stop it by training again with 100 epochs
    await page.selectOption('select[data-ctl="epochs"]', '1000');
    await page.click('[data-action="train"]');
    await page.waitForFunction(() => /epoch [3-9]\d* of 1000|epoch \d{2,} of 1000/.test(document.querySelector('[data-train-status]')?.textContent ?? ''));
    await page.click('[data-action="pause"]');
    await page.waitForFunction(() => /paused after epoch (\d+)/.test(document.querySelector('[data-train-status]')?.textContent ?? ''));
    const at = await page.textContent('[data-last]');
    await page.waitForTimeout(300);
    expect(await page.textContent('[data-last]')).toBe(at); // nothing moves while paused
    await page.click('[data-action="pause"]'); // resume
    await page.waitForFunction((a) => document.querySelector('[data-last]')?.textContent !== a, at);
    await page.click('[data-action="pause"]');
    await page.waitForFunction(() => /paused/.test(document.querySelector('[data-train-status]')?.textContent ?? ''));

    await goto(page, guide.url, '#/'); // leaving the page ends its worker
    await goto(page, guide.url, '#/data');
    await upload(page, iris);
    await parsed(page);
    await page.selectOption('select[data-ctl="epochs"]', '100');
    await page.click('[data-action="train"]');
    await page.waitForSelector('[data-score]', { timeout: 60_000 });
    const trained = await score(page);
    const acc = accuracyOf(trained);
    expect(acc).toBeGreaterThanOrEqual(0.9);
    expect(await page.$$eval('[data-confusion] tbody tr', (r) => r.length)).toBe(3);
    const preds = await page.textContent('[data-predictions] tbody');
    await page.screenshot({ path: `${shots}data-page-iris.png`, fullPage: true });

    // page → CLI: the same held-out rows give the same accuracy
    const [json, weights] = await download(page, 'page');
    const e = await cli('eval', '--weights', weights!, '--csv', iris, '--split', 'test', '--json');
    expect(e.code, e.ctx.stderr).toBe(0);
    expect(lastJson<{ testAccuracy: number }>(e.ctx).testAccuracy).toBeCloseTo(acc, 10);

    // export → import: a fresh page with the table, then the files: the very same predictions
    await goto(page, guide.url, '#/');
    await goto(page, guide.url, '#/data');
    await upload(page, iris);
    await parsed(page);
    await page.setInputFiles('[data-action="load-model"]', [weights!, json!]);
    await page.waitForFunction(() => /Loaded the model/.test(document.querySelector('[data-model-status]')?.textContent ?? ''));
    expect(accuracyOf(await score(page))).toBe(acc);
    expect(await page.textContent('[data-predictions] tbody')).toBe(preds);

    // CLI → page: a model trained by the CLI shows the accuracy `groundup eval --split test` gives
    const t = await cli('train', '--csv', iris, '--target', 'species', '--hidden', '16', '--activation', 'tanh', '--seed', '4', '--epochs', '200', '--out', 'cli.safetensors', '--json');
    expect(t.code, t.ctx.stderr).toBe(0);
    const cliAcc = lastJson<{ testAccuracy: number }>(t.ctx).testAccuracy;
    await page.setInputFiles('[data-action="load-model"]', [join(dir, 'cli.safetensors')]);
    await page.waitForFunction(() => /from cli/.test(document.querySelector('[data-model-status]')?.textContent ?? ''));
    expect(accuracyOf(await score(page))).toBeCloseTo(cliAcc, 10);
    expect(await page.inputValue('select[data-ctl="activation"]')).toBe('tanh');

    // a model of a task (not a table) is refused with a message
    expect((await cli('train', 'moons', '--epochs', '1', '--out', 'moons.safetensors')).code).toBe(0);
    await page.setInputFiles('[data-action="load-model"]', [join(dir, 'moons.safetensors')]);
    await page.waitForFunction(() => /Refused/.test(document.querySelector('[data-model-status]')?.textContent ?? ''));
    expect(await page.textContent('[data-model-status]')).toContain('a model of the task "moons", not of a table');
    expect(errors).toEqual([]);
  });

  it('bad files show their message with line and column; targets that cannot train say why', async () => {
    const { page, errors } = await guide.open();
    await goto(page, guide.url, '#/data');
    const bad: [string, string, RegExp][] = [
      ['ragged.csv', 'a,b,y\n1,2,x\n3,4\n', /^line 3, column 3: the row has 2 fields but the header has 3/],
      ['empty.csv', '', /^the file is empty/],
      ['header.csv', 'a,b,y\n', /^the table has a header \(a, b, y\) but no data rows/],
      ['quote.csv', 'a,y\n1,"x\n', /^line 2: a quoted field is never closed/],
    ];
    for (const [name, text, message] of bad) {
      await upload(page, file(name, text));
      await page.waitForFunction(() => document.querySelector('[data-parse-status]')?.classList.contains('is-error'));
      expect(await page.textContent('[data-parse-status]'), name).toMatch(message);
      await page.evaluate(() => document.querySelector('[data-parse-status]')!.classList.remove('is-error'));
    }
    // read fine: a BOM, quoted commas, ; with decimal commas; a text cell keeps its column out of the features
    await upload(page, file('semi.csv', '\uFEFFa;b;y\n1,5;"x, 1";p\n2,5;y;q\n3,5;z;p\n'));
    await parsed(page);
    expect(await page.textContent('[data-col="a"] td:nth-child(3)')).toBe('1.5 … 3.5');
    expect(await page.isDisabled('[data-feature="b"]')).toBe(true);
    expect(await page.textContent('[data-features]')).toContain('b (text)');
    const train = async (csv: string, name: string) => {
      await upload(page, file(name, csv));
      await parsed(page);
      await page.click('[data-action="train"]');
      return page.textContent('[data-train-status]');
    };
    expect(await train('a,y\n1,x\n2,x\n3,x\n', 'one.csv')).toMatch(/Cannot train: target column "y" \(column 2\) holds a single class \("x"\)/);
    expect(await train('a,y\n' + Array.from({ length: 1000 }, (_, i) => `${i},id${i}`).join('\n'), 'ids.csv')).toMatch(/1000 distinct values, too many classes/);
    await page.screenshot({ path: `${shots}data-page-bad.png` });
    expect(errors).toEqual([]);
  });

  it('a 50 MB file parses in the worker with progress; input is handled within 100 ms meanwhile', async () => {
    const { page, errors } = await guide.open();
    await goto(page, guide.url, '#/data');
    const row = '0.123456789,1.23456789,2.3456789,3.456789,7\n'; // 44 bytes
    const big = file('big.csv', 'a,b,c,d,label\n' + row.repeat(Math.ceil(50e6 / row.length)));
    await page.evaluate(() => {
      const w = window as unknown as { lags: number[]; progress: number[]; delays: number[] };
      w.lags = [];
      w.progress = [];
      w.delays = [];
      let last = performance.now();
      const tick = () => {
        const now = performance.now();
        w.lags.push(now - last - 20);
        last = now;
        const p = document.querySelector<HTMLProgressElement>('[data-parse-progress]');
        if (p && !p.hidden) w.progress.push(p.value);
        if (!/^Read /.test(document.querySelector('[data-parse-status]')?.textContent ?? '')) setTimeout(tick, 20);
      };
      setTimeout(tick, 20);
      document.querySelector('[data-paste]')!.addEventListener('keydown', (e) => w.delays.push(performance.now() - e.timeStamp));
    });
    await upload(page, big);
    await page.waitForFunction(() => ((window as unknown as { progress: number[] }).progress.some((p) => p > 0 && p < 1)), null, { timeout: 60_000 });
    await page.focus('[data-paste]');
    for (let i = 0; i < 5; i++) await page.keyboard.press('x');
    await page.waitForFunction(() => /^Read /.test(document.querySelector('[data-parse-status]')?.textContent ?? ''), null, { timeout: 120_000 });
    const r = await page.evaluate(() => window as unknown as { lags: number[]; progress: number[]; delays: number[] }).then(() =>
      page.evaluate(() => {
        const w = window as unknown as { lags: number[]; progress: number[]; delays: number[] };
        return { lags: w.lags, progress: w.progress, delays: w.delays };
      }),
    );
    expect(await page.textContent('[data-parse-status]')).toContain(`${(Math.ceil(50e6 / row.length)).toLocaleString('en')} rows × 5 columns`);
    expect(r.delays.length).toBe(5);
    expect(Math.max(...r.delays)).toBeLessThan(100); // each key press reached its handler within 100 ms
    // the main thread's 20 ms timer keeps its beat: parsing 50 MB here would stall it for seconds; the
    // bound leaves room for a scheduler hiccup when the test machine's two cores are busy
    const sorted = [...r.lags].sort((x, y) => x - y);
    expect(sorted[Math.floor(sorted.length / 2)]!).toBeLessThan(20);
    expect(sorted.at(-1)!).toBeLessThan(500);
    expect(new Set(r.progress.filter((p) => p > 0 && p < 1)).size).toBeGreaterThanOrEqual(3);
    expect(await page.inputValue('[data-paste]')).toBe('xxxxx');
    expect(errors).toEqual([]);
  }, 180_000);
});
