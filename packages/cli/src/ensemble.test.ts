/**
 * `groundup train --model forest|boosted` and `groundup eval` on the saved JSON file, in-process:
 * the same JSON line as the MLP, a model file eval reads back to the same accuracy, and clear
 * usage errors.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trees } from 'groundup';
import { run } from './cli.js';
import { evaluate } from './commands/eval.js';
import { train } from './commands/train.js';
import type { EnsembleFile } from './ensemble.js';
import { capture, lastJson } from './testing/capture.js';
import type { RunResult } from './evaluate.js';

describe('tree ensembles in the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'groundup-trees-'));
  const results: Record<string, RunResult> = {};

  beforeAll(async () => {
    for (const [model, extra] of [
      ['forest', ['--trees', '30', '--seed', '2']],
      ['boosted', ['--trees', '30', '--max-depth', '2', '--lr', '0.3']],
    ] as const) {
      const ctx = capture({ cwd: dir });
      expect(await train(['--task', 'iris', '--model', model, ...extra, '--json'], ctx)).toBe(0);
      results[model] = lastJson<RunResult>(ctx);
      expect(ctx.stdout).toHaveLength(1);
      expect(ctx.stderr).toContain('confusion matrix');
    }
    return () => rmSync(dir, { recursive: true, force: true });
  });

  for (const model of ['forest', 'boosted'] as const) {
    it(`${model}: the MLP's JSON result, a model file beside it, and eval reproduces the accuracy`, async () => {
      const r = results[model]!;
      expect(Object.keys(r).sort()).toEqual(['epochs', 'macroF1', 'seconds', 'task', 'testAccuracy', 'trainLoss', 'weights']);
      expect(r).toMatchObject({ task: 'iris', epochs: 30, weights: join(dir, `groundup-iris-${model}.json`) });
      expect(r.testAccuracy).toBeGreaterThanOrEqual(0.9); // iris: 3 classes, 30 test flowers
      expect(r.trainLoss).toBeGreaterThan(0);
      expect(r.trainLoss).toBeLessThan(0.5);
      const file = JSON.parse(readFileSync(r.weights, 'utf8')) as EnsembleFile;
      expect(file).toMatchObject({ format: 'groundup-model', task: 'iris', model: { kind: model, nEstimators: 30 } });
      const ctx = capture({ cwd: dir });
      expect(await evaluate(['--weights', r.weights, '--json'], ctx)).toBe(0);
      const e = lastJson<RunResult>(ctx);
      expect(e.testAccuracy).toBe(r.testAccuracy);
      expect(e.macroF1).toBe(r.macroF1);
      expect(e.epochs).toBe(30);
      expect(e.trainLoss).toBe(r.trainLoss);
    });
  }

  it('the saved trees are the library’s own format: trees.*.fromJSON loads them', () => {
    const f = JSON.parse(readFileSync(results.boosted!.weights, 'utf8')) as EnsembleFile;
    const gb = trees.GradientBoosting.fromJSON(f.ensemble as trees.GradientBoostingJSON);
    expect(gb.trees()).toHaveLength(30 * 3); // softprob: one tree per class per round
    expect(gb.maxDepth).toBe(2);
    expect(gb.learningRate).toBe(0.3);
  });

  it('usage errors: a damaged model file, a task that does not match, and a model for another kind of task', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"groundup-model","task":"iris","model":{"kind":"forest"}}');
    let ctx = capture({ cwd: dir });
    expect(await run(['eval', '--weights', bad], ctx)).toBe(2);
    expect(ctx.stderr).toMatch(/not a tree-ensemble model file/);
    writeFileSync(bad, '{ not json');
    ctx = capture({ cwd: dir });
    expect(await run(['eval', '--weights', bad], ctx)).toBe(2);
    expect(ctx.stderr).toMatch(/not valid JSON/);
    ctx = capture({ cwd: dir });
    expect(await run(['eval', '--weights', results.forest!.weights, '--task', 'digits'], ctx)).toBe(2);
    expect(ctx.stderr).toMatch(/does not match the model, which was trained on iris/);
    ctx = capture({ cwd: dir });
    expect(await run(['train', '--task', 'iris', '--model', 'trees'], ctx)).toBe(2);
    expect(ctx.stderr).toMatch(/forest/);
  });
});
