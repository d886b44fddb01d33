import { describe, expect, it } from 'vitest';
import { LANDSCAPES, runPath, type OptId, type OptSettings } from './model.js';
import { pathCache, settingsKey } from './path-cache.js';

const base: OptSettings = { lr: 0.004, lrAdaptive: 0.05, beta: 0.9, weightDecay: 0.5 };
const IDS: OptId[] = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adam-l2', 'adamw'];
const land = LANDSCAPES.rosenbrock;

describe('pathCache: a run is reused only when nothing it reads has changed', () => {
  it('the key leaves out exactly the knobs a run does not depend on', () => {
    // change each knob in turn: a run whose key stays the same must come out identical
    const knobs: Partial<OptSettings>[] = [{ lr: 0.002 }, { lrAdaptive: 0.02 }, { beta: 0.5 }, { weightDecay: 2 }];
    for (const id of IDS) {
      const p0 = runPath(land, id, land.start, 30, base);
      for (const k of knobs) {
        const s = { ...base, ...k };
        const p = runPath(land, id, land.start, 30, s);
        if (settingsKey(id, s) === settingsKey(id, base)) expect(p, `${id} ${JSON.stringify(k)}`).toEqual(p0);
        else expect(p.xs, `${id} ${JSON.stringify(k)}`).not.toEqual(p0.xs);
      }
    }
  });
  it('returns the same numbers as a fresh run, and runs each distinct setting once', () => {
    const c = pathCache(4);
    const a = c.run(land, 'adam', land.start, 40, base);
    expect(a).toEqual(runPath(land, 'adam', land.start, 40, base));
    expect(c.run(land, 'adam', land.start, 40, { ...base, lr: 0.3 })).toBe(a); // SGD's η: Adam's run is reused
    expect(c.run(land, 'adam', land.start, 41, base)).not.toBe(a);
    expect(c.size).toBe(2);
    for (let i = 0; i < 5; i++) c.run(land, 'sgd', land.start, 10 + i, base);
    expect(c.size).toBe(4); // bounded: the oldest went first
  });
});
