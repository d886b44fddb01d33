/**
 * recipes.Trainer and the task recipes: the loop's update against a gradient worked by hand, the
 * seeded batch order, the per-epoch mean, the schedule reaching the optimizer, and the errors.
 */
import { describe, expect, it } from 'vitest';
import { ValueError, manualSeed, nn, optim, recipes, tensor } from '../index.js';

/** y = w·x + b with w = 0.5, b = 0 to start. */
function line() {
  const m = new nn.Linear(1, 1);
  m.weight.data.set([0.5]);
  m.bias!.data.set([0]);
  return m;
}
const X = tensor([[1], [2], [3], [4]]);
const Y = tensor([[3], [5], [7], [9]]); // y = 2x + 1

describe('recipes.Trainer', () => {
  it('one full-batch SGD update on MSE moves w, b by −η·∂L (gradient worked by hand)', () => {
    const m = line();
    const t = new recipes.Trainer(m, X, Y, { optimizer: 'sgd', lr: 0.01 }, { loss: 'mse' });
    const L = t.trainStep();
    // residuals r = 0.5x − (2x + 1) = −1.5x − 1: −2.5, −4, −5.5, −7
    const r = [-2.5, -4, -5.5, -7];
    expect(L).toBeCloseTo(r.reduce((a, v) => a + v * v, 0) / 4, 5);
    const gw = (2 / 4) * r.reduce((a, v, i) => a + v * (i + 1), 0); // ∂L/∂w = 2/N Σ r x
    const gb = (2 / 4) * r.reduce((a, v) => a + v, 0);
    expect(m.weight.data[0]).toBeCloseTo(0.5 - 0.01 * gw, 5);
    expect(m.bias!.data[0]).toBeCloseTo(0 - 0.01 * gb, 5);
    expect(t.epoch).toBe(1);
    expect(t.done).toBe(true);
  });

  it('the batch order is set by the seed: same seed, same losses; another seed, other losses', () => {
    const run = (seed: number) => {
      const t = new recipes.Trainer(line(), X, Y, { optimizer: 'sgd', lr: 0.01, batchSize: 1, epochs: 2, seed }, { loss: 'mse' });
      t.fit();
      return t.losses;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it("an epoch's loss is the sample-weighted mean of its batches' losses (a last batch of 1 counts once)", () => {
    const t = new recipes.Trainer(line(), X.narrow(0, 0, 3), Y.narrow(0, 0, 3), { optimizer: 'sgd', lr: 0.001, batchSize: 2, epochs: 1 }, { loss: 'mse' });
    const l = t.fit();
    expect(t.losses).toHaveLength(2);
    expect(l).toBeCloseTo((2 * t.losses[0]! + 1 * t.losses[1]!) / 3, 6);
  });

  it("the schedule sets each update's lr: cosine over epochs × stepsPerEpoch, in closed form", () => {
    const t = new recipes.Trainer(line(), X, Y, { optimizer: 'sgd', lr: 0.02, schedule: 'cosine', batchSize: 2, epochs: 3 }, { loss: 'mse' });
    expect(t.totalSteps).toBe(6);
    for (let k = 0; k < 6; k++) {
      t.trainStep();
      expect(t.optimizer.lr).toBeCloseTo(0.01 * (1 + Math.cos((Math.PI * k) / 6)), 12);
    }
  });

  it('a diverging run stops with a ValueError that says where and what to change', () => {
    const t = new recipes.Trainer(line(), X, Y, { optimizer: 'sgd', lr: 5, epochs: 50 }, { loss: 'mse' });
    expect(() => t.fit()).toThrow(ValueError);
    expect(() => new recipes.Trainer(line(), X, Y, { optimizer: 'sgd', lr: 5, epochs: 50 }, { loss: 'mse' }).fit()).toThrow(/the loss became (Infinity|NaN) at update \d+ \(epoch \d+\); lower lr \(now 5\)/);
  });

  it('bad settings are typed errors naming the valid choices', () => {
    expect(() => new recipes.Trainer(line(), X, Y, { optimizer: 'adagrad' as 'adam' })).toThrow(/unknown optimizer "adagrad"; choose one of sgd, momentum/);
    expect(() => new recipes.Trainer(line(), X, Y, { schedule: 'warmup-cosine' as 'cosine' })).toThrow(/unknown schedule "warmup-cosine"; choose one of constant/);
    expect(() => new recipes.Trainer(line(), X, Y, { batch_size: 2 } as recipes.TrainSettings)).toThrow(/unknown setting "batch_size".*batchSize/);
    expect(() => new recipes.Trainer(line(), X, Y, { batchSize: 5 })).toThrow(/batchSize 5 is larger than the 4 training samples/);
    expect(() => new recipes.Trainer(line(), X, Y, { epochs: 0 })).toThrow(/epochs must be an integer ≥ 1, got 0/);
  });
});

describe('task recipes', () => {
  it('spirals: 480 training / 120 test points, three classes; the split is a permutation of all 600', () => {
    const d = recipes.spirals.load();
    expect(d.xTrain.shape).toEqual([480, 2]);
    expect(d.xTest.shape).toEqual([120, 2]);
    const { train, test } = recipes.splitIndices(600, 0.2, 2024);
    expect(new Set([...train, ...test]).size).toBe(600);
  });

  it('settings: the defaults, overridden; cosine decays to lr/100 unless minLr is given', () => {
    const s = recipes.settings('spirals', { lr: 0.02, batchSize: undefined });
    expect(s).toMatchObject({ optimizer: 'adam', schedule: 'cosine', lr: 0.02, batchSize: 32, hidden: 64, layers: 2, activation: 'relu', minLr: 0.0002 });
    expect(recipes.settings('spirals', { schedule: 'constant' }).minLr).toBeUndefined();
    expect(() => recipes.settings('spirals', { activation: 'swish' as 'relu' })).toThrow(/unknown activation "swish"/);
    expect(() => recipes.settings('circles' as 'spirals')).toThrow(/unknown task "circles"; choose one of spirals, moons/);
    expect(() => recipes.settings('spirals', { batchSize: 1000 })).toThrow(/larger than the 480 training samples/);
  });

  it('a short spirals run from the recipe learns: loss falls below ln 3 in 3 epochs', () => {
    const s = recipes.settings('spirals', { epochs: 3, seed: 1 });
    manualSeed(s.seed);
    const d = recipes.spirals.load();
    const t = new recipes.Trainer(recipes.spirals.model(s), d.xTrain, d.yTrain, recipes.trainSettings(s));
    t.fit();
    expect(t.epochLosses).toHaveLength(3);
    expect(t.epochLosses[2]).toBeLessThan(Math.log(3));
  });
});

describe('recipes.Trainer with a schedule object', () => {
  it('extras.schedule replaces the named schedule: each update uses its lrAt', () => {
    const sched = optim.schedule.step({ lr: 0.01, stepSize: 2, gamma: 0.5 });
    const t = new recipes.Trainer(line(), X, Y, { optimizer: 'sgd', lr: 0.01, batchSize: 2, epochs: 3, schedule: 'cosine' }, { loss: 'mse', schedule: sched });
    const seen: number[] = [];
    for (let k = 0; k < 6; k++) {
      t.trainStep();
      seen.push(t.optimizer.lr);
    }
    expect(seen).toEqual([0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025]);
    expect(() => new recipes.Trainer(line(), X, Y, {}, { schedule: {} as never })).toThrow(/extras.schedule must be a schedule/);
  });
});
