/**
 * The CLI and the guide train one run: `groundup train spirals …` (the CLI's path: flags →
 * settings → tasks.ts data → recipes.Trainer) and chapter 5's widget model (SpiralTrainer, what its
 * worker runs) with the same settings and seed end with the same training loss, to the bit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { train } from '../../../../cli/src/commands/train.js';
import { capture, lastJson } from '../../../../cli/src/testing/capture.js';
import { SPIRAL_DEFAULTS, SpiralTrainer, spiralCommand, type SpiralSettings } from './model.js';

async function cliLoss(s: SpiralSettings): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'groundup-parity-'));
  try {
    const argv = spiralCommand(s).split(' ').slice(2); // the printed command, without "groundup train"
    const ctx = capture({ cwd: dir });
    expect(await train([...argv, '--out', 'p.safetensors', '--json', '--quiet'], ctx), ctx.stderr).toBe(0);
    return lastJson<{ trainLoss: number }>(ctx).trainLoss;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function guideLoss(s: SpiralSettings): number {
  const t = new SpiralTrainer(s);
  t.train(t.trainer.totalSteps);
  return t.trainer.epochLosses.at(-1)!;
}

describe('the same seed through the CLI and through the guide', () => {
  const runs: [string, SpiralSettings][] = [
    ['the widget defaults, 3 epochs, seed 2', { ...SPIRAL_DEFAULTS, epochs: 3, seed: 2 }],
    ['plain SGD, full batch, constant lr', { ...SPIRAL_DEFAULTS, optimizer: 'sgd', lr: 0.1, batchSize: 480, schedule: 'constant', epochs: 20 }],
    ['momentum, warmupCosine, batch 8', { ...SPIRAL_DEFAULTS, optimizer: 'momentum', lr: 0.05, batchSize: 8, schedule: 'warmupCosine', epochs: 2, seed: 7 }],
  ];
  it.each(runs)('%s: the same final training loss', async (_name, s) => {
    const cli = await cliLoss(s);
    expect(Number.isFinite(cli)).toBe(true);
    expect(guideLoss(s)).toBe(cli);
  });

  it('a different seed gives a different loss (the comparison can fail)', async () => {
    const s = { ...SPIRAL_DEFAULTS, epochs: 2 };
    expect(guideLoss({ ...s, seed: 1 })).not.toBe(await cliLoss(s));
  });
});
