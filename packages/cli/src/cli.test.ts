/**
 * The dispatcher and the edges of every command: help, bad flags (exit 2 with a message, never a
 * stack trace), the bench summary, serve without a guide, the progress bar.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS, run } from './cli.js';
import { summariseBench } from './commands/bench.js';
import { serveFrom } from './commands/serve.js';
import { ProgressBar, formatDuration } from './progress.js';
import { capture } from './testing/capture.js';

async function exitOf(...argv: string[]) {
  const ctx = capture();
  const code = await run(argv, ctx);
  return { code, err: ctx.stderr, out: ctx.stdout.join('\n') };
}

describe('groundup (dispatch and help)', () => {
  it('--help lists every command; <command> --help prints its flags; exit 0', async () => {
    const top = await exitOf('--help');
    expect(top.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(top.out).toContain(name);
    for (const name of Object.keys(COMMANDS)) {
      const r = await exitOf(name, '--help');
      expect(r.code, name).toBe(0);
      expect(r.out, name).toContain(`usage: groundup ${name}`);
    }
    const t = await exitOf('train', '--help');
    for (const flag of ['--task', '--epochs', '--lr', '--batch-size', '--optimizer', '--seed', '--hidden', '--schedule', '--out', '--json'])
      expect(t.out).toContain(flag);
  });

  it('an unknown command is exit 2 with the list of commands', async () => {
    const r = await exitOf('trian');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "trian"');
    expect(r.err).toContain('train, eval, predict, verify');
  });
});

describe('bad flags and values: exit 2, a clear message, no stack trace', () => {
  const cases: [string[], string][] = [
    [['train', '--task', 'spirals', '--epochs', '-3'], '--epochs must be ≥ 1, got -3'],
    [['train', '--task', 'spirals', '--epochs', '0'], '--epochs must be ≥ 1, got 0'],
    [['train', '--task', 'spirals', '--lr', '0'], '--lr must be > 0, got 0'],
    [['train', '--task', 'spirals', '--lr', '-1e-3'], '--lr must be > 0'],
    [['train', '--task', 'mnist'], '--task must be one of spirals, moons, iris, digits, fashion, ecg; got "mnist"'],
    [['train'], '--task or --csv is required'],
    [['train', '--task', 'iris', '--batch-size', '1000'], '--batch-size 1000 is larger than the 120 training samples of iris'],
    [['train', '--task', 'spirals', '--optimizer', 'lbfgs'], '--optimizer must be one of sgd, momentum, nesterov, rmsprop, adam, adamw'],
    [['train', '--task', 'spirals', '--schedule', 'linear'], '--schedule must be one of constant, step, exponential, cosine, warmupCosine'],
    [['train', '--task', 'spirals', '--learning-rate', '0.1'], 'unknown flag --learning-rate'],
    [['eval'], '--weights FILE is required'],
    [['eval', '--weights', '/nonexistent/w.safetensors'], 'no such file'],
    [['verify', '--chapter', '9'], '--chapter must be ≤ 7, got 9'],
    [['bench', '--fast'], 'unknown flag --fast'],
    [['serve', '--port', '70000'], '--port must be ≤ 65535'],
  ];
  for (const [argv, message] of cases)
    it(`groundup ${argv.join(' ')}`, async () => {
      const r = await exitOf(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    });

  it('a file that is not a groundup model is a usage error too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'groundup-cli-'));
    try {
      writeFileSync(join(dir, 'junk.safetensors'), 'not a model');
      writeFileSync(join(dir, 'junk.json'), '{"format":"something else"}');
      const r = await exitOf('eval', '--weights', join(dir, 'junk.safetensors'));
      expect(r.code).toBe(2);
      expect(r.err).toContain('is not a groundup model file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('groundup bench --json summary', () => {
  it('turns bench-results.json (GFLOP/s, steps/s, ms) into { results: { workload: { ms, gflops?, stepsPerSec? } } }', () => {
    const s = summariseBench({
      results: { 'groundup wasm 1T': { matmul: 26.8435456, conv1d: 10, mlp: 250, fwdMs: 1.5, bwdMs: 2.5, mlpLoss: 0.01 } },
    });
    // 2·512³ = 268,435,456 FLOP at 26.8435456 GFLOP/s is 10 ms
    expect(s.results['matmul 512³ · groundup wasm 1T']).toEqual({ ms: expect.closeTo(10, 10), gflops: 26.8435456 });
    // 2·32·32·994·12·7 = 170,999,808 FLOP at 10 GFLOP/s is 17.0999808 ms
    expect(s.results['conv1d [32,12,1000]·32×7 · groundup wasm 1T']!.ms).toBeCloseTo(17.0999808, 9);
    expect(s.results['MLP 784-256-128-10 Adam step · groundup wasm 1T']).toEqual({ ms: 4, stepsPerSec: 250 });
    expect(s.results['MLP forward · groundup wasm 1T']).toEqual({ ms: 1.5 });
    expect(s.results['MLP backward · groundup wasm 1T']).toEqual({ ms: 2.5 });
    expect(Object.keys(s.results)).toHaveLength(5);
  });

  it('refuses a file without results', () => {
    expect(() => summariseBench({ date: 'x' })).toThrow('no "results" object');
  });
});

describe('groundup serve without the guide', () => {
  it('says where the server was expected and exits 1', async () => {
    const ctx = capture();
    expect(await serveFrom(null, 8080, ctx)).toBe(1);
    expect(ctx.stderr).toContain('packages/guide/serve.mjs');
  });
});

describe('progress bar', () => {
  it('on a terminal: one line redrawn with \\r, bar, percentage, loss, rate and ETA; newline at the end', () => {
    const ctx = capture({ isTTY: true });
    let t = 0;
    const bar = new ProgressBar(ctx, { label: 'epoch', total: 4, rateUnit: 'steps/s', now: () => t });
    t = 1000;
    bar.update(1, { loss: 0.5, steps: 10 });
    t = 4000;
    bar.update(4, { loss: 0.25, steps: 40 });
    const frames = ctx.stderr.split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toContain('epoch 1/4 [######------------------]  25%  loss 0.5000  10.0 steps/s  ETA 0:03');
    expect(frames[1]).toMatch(/epoch 4\/4 \[#{24}\] 100% {2}loss 0\.2500 {2}10\.0 steps\/s {2}0:04 *\n$/); // padded to wipe the longer previous frame
  });

  it('with CI=true: plain lines, thinned to about twenty', () => {
    const ctx = capture({ isTTY: true, env: { CI: 'true' } });
    const bar = new ProgressBar(ctx, { label: 'epoch', total: 100 });
    for (let i = 1; i <= 100; i++) bar.update(i, { loss: 1 / i });
    const lines = ctx.stderr.trim().split('\n');
    expect(ctx.stderr).not.toContain('\r');
    expect(lines.length).toBeLessThanOrEqual(21);
    expect(lines.at(-1)).toMatch(/^epoch 100\/100 {2}loss 0\.0100/);
  });

  it('formats durations', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(NaN)).toBe('--:--');
  });
});
