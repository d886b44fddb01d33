/**
 * `groundup train` and `groundup eval` end to end, in-process: a short run on spirals, its JSON
 * line, the files it writes, and eval reproducing the accuracy from those files alone.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'groundup';
import { run } from '../cli.js';
import { buildModel, type ModelFile } from '../tasks.js';
import { capture, lastJson } from '../testing/capture.js';
import { evaluate } from './eval.js';
import { train } from './train.js';

interface Result {
  task: string;
  epochs: number;
  trainLoss: number;
  testAccuracy: number;
  macroF1: number;
  seconds: number;
  weights: string;
}

describe('train → eval on spirals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'groundup-cli-'));
  const weights = join(dir, 'spirals.safetensors');
  let trained: Result;
  let trainCtx: ReturnType<typeof capture>;

  beforeAll(async () => {
    trainCtx = capture({ cwd: dir });
    const code = await train(['--task', 'spirals', '--epochs', '12', '--seed', '1', '--out', 'spirals.safetensors', '--json'], trainCtx);
    expect(code).toBe(0);
    trained = lastJson<Result>(trainCtx);
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('prints { task, epochs, trainLoss, testAccuracy, macroF1, seconds, weights } as the last stdout line', () => {
    expect(Object.keys(trained).sort()).toEqual(['epochs', 'macroF1', 'seconds', 'task', 'testAccuracy', 'trainLoss', 'weights']);
    expect(trained).toMatchObject({ task: 'spirals', epochs: 12, weights });
    expect(trained.trainLoss).toBeGreaterThan(0);
    expect(trained.seconds).toBeGreaterThan(0);
    expect(trainCtx.stdout).toHaveLength(1); // the human-readable report went to stderr
  });

  it('learns the spirals: test accuracy ≥ 90% and macro-F1 ≥ 0.9 after 12 epochs (3 classes: chance is 33%)', () => {
    expect(trained.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(trained.macroF1).toBeGreaterThanOrEqual(0.9);
    expect(trained.trainLoss).toBeLessThan(0.5); // ln 3 ≈ 1.1 at the start
  });

  it('reports progress on stderr as plain lines when not on a terminal', () => {
    expect(trainCtx.stderr).toMatch(/epoch +12\/12 {2}loss \d\.\d{4} {2}[\d.]+ steps\/s/);
    expect(trainCtx.stderr).not.toContain('\r');
    expect(trainCtx.stderr).toContain('confusion matrix');
  });

  it('writes safetensors that load back into the same architecture, and a sidecar describing it', () => {
    const sd = io.loadSafetensors(new Uint8Array(readFileSync(weights)));
    const file = JSON.parse(readFileSync(join(dir, 'spirals.json'), 'utf8')) as ModelFile;
    expect(file).toMatchObject({ format: 'groundup-model', task: 'spirals', model: { kind: 'mlp', inFeatures: 2, classes: 3 } });
    expect(file.training).toMatchObject({ epochs: 12, seed: 1, optimizer: 'adam' });
    const model = buildModel(file.model);
    expect(Object.keys(sd).sort()).toEqual(Object.keys(model.stateDict()).sort());
    expect(sd['0.weight']!.shape).toEqual([(file.model as { hidden: number }).hidden, 2]); // PyTorch layout [out, in]
    expect(model.loadStateDict(sd)).toBeDefined();
  });

  it('eval reproduces the test accuracy and macro-F1 exactly, from the sidecar', async () => {
    const ctx = capture({ cwd: dir });
    expect(await evaluate(['--weights', weights, '--json'], ctx)).toBe(0);
    const r = lastJson<Result>(ctx);
    expect(r).toMatchObject({ task: 'spirals', epochs: 12, trainLoss: trained.trainLoss, weights });
    expect(r.testAccuracy).toBe(trained.testAccuracy);
    expect(r.macroF1).toBe(trained.macroF1);
  });

  it('eval without --json prints accuracy, macro-F1 and the confusion matrix', async () => {
    const ctx = capture({ cwd: dir });
    expect(await evaluate(['--weights', 'spirals.safetensors', '--task', 'spirals'], ctx)).toBe(0);
    const text = ctx.stdout.join('\n');
    expect(text).toContain(`test accuracy ${(100 * trained.testAccuracy).toFixed(2)}%`);
    expect(text).toMatch(/true \\ pred +arm 0 +arm 1 +arm 2/);
  });

  it('eval falls back to the description inside the safetensors header when the sidecar is gone', async () => {
    rmSync(join(dir, 'spirals.json'));
    const ctx = capture({ cwd: dir });
    expect(await evaluate(['--weights', weights, '--json'], ctx)).toBe(0);
    expect(lastJson<Result>(ctx).testAccuracy).toBe(trained.testAccuracy);
  });

  it('eval refuses a task that does not match the model (exit 2)', async () => {
    const ctx = capture({ cwd: dir });
    expect(await run(['eval', '--weights', weights, '--task', 'moons'], ctx)).toBe(2);
    expect(ctx.stderr).toContain('--task moons does not match the model, which was trained on spirals');
  });

  it('the same seed gives the same run', async () => {
    const ctx = capture({ cwd: dir });
    await train(['--task', 'spirals', '--epochs', '12', '--seed', '1', '--out', 'again.safetensors', '--json', '--quiet'], ctx);
    const again = lastJson<Result>(ctx);
    expect(again.trainLoss).toBe(trained.trainLoss);
    expect(again.testAccuracy).toBe(trained.testAccuracy);
    expect(existsSync(join(dir, 'again.json'))).toBe(true);
  });
});

describe('the ecg model', () => {
  it('Conv1d + BatchNorm + pooling + Linear maps [N, 12, 500] to [N, classes], with PyTorch-named parameters', async () => {
    const { zeros } = await import('groundup');
    const model = buildModel({ kind: 'cnn1d', channels: 12, length: 500, hidden: 4, classes: 5 });
    expect(model.eval().forward(zeros([2, 12, 500])).shape).toEqual([2, 5]);
    const names = Object.keys(model.stateDict());
    expect(names).toContain('0.weight'); // Conv1d [4, 12, 7]
    expect(names).toContain('1.running_mean'); // BatchNorm1d buffers travel with the weights
    expect(model.stateDict()['0.weight']!.shape).toEqual([4, 12, 7]);
    expect(model.stateDict()['11.weight']!.shape).toEqual([5, 8]);
  });
});

describe('--task ecg --model capstone', () => {
  it('builds models.ecgNet from its config: [N, 12, 500] → [N, 5], attention over 62 tokens', async () => {
    const { zeros } = await import('groundup');
    const model = buildModel({ kind: 'ecgnet', leads: 12, samples: 500, width: 8, heads: 2, dropout: 0.1, classes: 5 });
    expect(model.eval().forward(zeros([2, 12, 500])).shape).toEqual([2, 5]);
    const sd = model.stateDict();
    expect(sd['stem.0.weight']!.shape).toEqual([4, 12, 7]);
    expect(sd['attn.in_proj_weight']!.shape).toEqual([24, 8]);
    expect(sd['head.weight']!.shape).toEqual([5, 8]);
  });

  it('trains one epoch with the capstone recipe, saves it, and eval reproduces the accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'groundup-cli-capstone-'));
    try {
      const ctx = capture({ cwd: dir });
      const argv = ['--task', 'ecg', '--model', 'capstone', '--epochs', '1', '--hidden', '8', '--out', 'cap.safetensors', '--json', '--quiet'];
      expect(await train(argv, ctx)).toBe(0);
      const r = lastJson<Result>(ctx);
      expect(r).toMatchObject({ task: 'ecg', epochs: 1 });
      expect(Number.isFinite(r.trainLoss)).toBe(true);
      expect(ctx.stderr).toContain('recipe: label smoothing 0.1, clip gradient norm 1');
      const file = JSON.parse(readFileSync(join(dir, 'cap.json'), 'utf8')) as ModelFile;
      expect(file.model).toMatchObject({ kind: 'ecgnet', leads: 12, samples: 500, width: 8, heads: 2, classes: 5 });
      expect(file.training.recipe).toMatchObject({ labelSmoothing: 0.1, clipNorm: 1 });
      const e = capture({ cwd: dir });
      expect(await evaluate(['--weights', 'cap.safetensors', '--json'], e)).toBe(0);
      expect(lastJson<Result>(e).testAccuracy).toBe(r.testAccuracy);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --model capstone for a task other than ecg (exit 2)', async () => {
    const ctx = capture();
    expect(await run(['train', '--task', 'spirals', '--model', 'capstone'], ctx)).toBe(2);
    expect(ctx.stderr).toContain('--model capstone is the ECG network');
  });
});

describe("the library's names (optim.make, optim.schedule.byName), as the guide uses them", () => {
  const runMoons = async (...extra: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'groundup-cli-names-'));
    try {
      const ctx = capture({ cwd: dir });
      const code = await train(['moons', '--epochs', '2', '--out', 'm.safetensors', '--json', '--quiet', ...extra], ctx);
      const file = code === 0 ? (JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as ModelFile) : null;
      return { code, ctx, file, r: code === 0 ? lastJson<Result>(ctx) : null };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("--optimizer sgd is plain SGD: the same run as momentum with --momentum 0, another than momentum's default 0.9", async () => {
    const sgd = await runMoons('--optimizer', 'sgd', '--lr', '0.05');
    const mu0 = await runMoons('--optimizer', 'momentum', '--momentum', '0', '--lr', '0.05');
    const mu9 = await runMoons('--optimizer', 'momentum', '--lr', '0.05');
    expect(sgd.r!.trainLoss).toBe(mu0.r!.trainLoss);
    expect(mu9.r!.trainLoss).not.toBe(sgd.r!.trainLoss);
    expect(sgd.file!.training).toMatchObject({ optimizer: 'sgd', lr: 0.05 });
  });

  it('the old spellings --schedule none and warmup-cosine still run, with a note, and the file records the new name', async () => {
    const old = await runMoons('--schedule', 'warmup-cosine');
    const now = await runMoons('--schedule', 'warmupCosine');
    expect(old.code).toBe(0);
    expect(old.ctx.stderr).toContain('--schedule warmup-cosine is now spelled warmupCosine');
    expect(old.file!.training.schedule).toBe('warmupCosine');
    expect(old.r!.trainLoss).toBe(now.r!.trainLoss);
    const none = await runMoons('--schedule=none');
    expect(none.ctx.stderr).toContain('--schedule none is now spelled constant');
    expect(none.file!.training.schedule).toBe('constant');
  });

  it('every schedule trains; step and exponential take --step-size and --gamma (a different run than constant)', async () => {
    const constant = await runMoons('--schedule', 'constant');
    const step = await runMoons('--schedule', 'step', '--step-size', '5', '--gamma', '0.5');
    const exp = await runMoons('--schedule', 'exponential', '--step-size', '5', '--gamma', '0.5');
    for (const x of [constant, step, exp]) expect(x.code).toBe(0);
    expect(step.r!.trainLoss).not.toBe(constant.r!.trainLoss);
    expect(exp.r!.trainLoss).not.toBe(constant.r!.trainLoss);
  });

  it('the help lists the flag ↔ URL key table', async () => {
    const ctx = capture();
    expect(await train(['--help'], ctx)).toBe(0);
    const text = ctx.stdout.join('\n');
    expect(text).toContain('--batch-size batchSize');
    expect(text).toContain('--weight-decay weightDecay');
    expect(text).toContain('--min-lr minLr');
  });
});
