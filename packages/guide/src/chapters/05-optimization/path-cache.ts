/**
 * Incremental recomputation for the race widgets: a run depends on the landscape, the start, the
 * number of steps and only those settings its optimizer reads (settingsKey). Moving the adaptive
 * learning rate re-runs Adam and RMSprop, not SGD; dragging a slider back to a value seen before
 * costs nothing. One cache per widget (created in mount), bounded, oldest entries dropped first.
 */
import { runPath, type Landscape, type OptId, type OptSettings, type Path } from './model.js';

/** The part of the settings optimizer `id` reads (mirrors model.ts's makeOptimizer). */
export function settingsKey(id: OptId, s: OptSettings): string {
  switch (id) {
    case 'sgd':
      return `lr=${s.lr}`;
    case 'momentum':
    case 'nesterov':
      return `lr=${s.lr},beta=${s.beta}`;
    case 'rmsprop':
      return `lra=${s.lrAdaptive}`;
    case 'adam':
      return `lra=${s.lrAdaptive},beta=${s.beta}`;
    case 'adam-l2':
    case 'adamw':
      return `lra=${s.lrAdaptive},beta=${s.beta},wd=${s.weightDecay}`;
  }
}

export function pathCache(limit = 96) {
  const runs = new Map<string, Path>();
  return {
    run(land: Landscape, id: OptId, start: [number, number], steps: number, s: OptSettings): Path {
      const key = `${land.id}|${id}|${start[0]},${start[1]}|${steps}|${settingsKey(id, s)}`;
      const hit = runs.get(key);
      if (hit) {
        runs.delete(key); // most recently used goes last
        runs.set(key, hit);
        return hit;
      }
      const p = runPath(land, id, start, steps, s);
      runs.set(key, p);
      if (runs.size > limit) runs.delete(runs.keys().next().value!);
      return p;
    },
    get size() {
      return runs.size;
    },
  };
}
