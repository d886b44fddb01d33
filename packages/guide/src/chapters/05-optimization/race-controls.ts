/**
 * The race widget's controls (lib/controls.ts): landscape, learning rates on log sliders, β, weight
 * decay, steps, the start point, learning-rate presets. Each control writes its key into the state
 * and calls `changed`; `sync` puts every control back to the state (after a preset or a new landscape).
 */
import { h } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { logSlider, select, slider, type Slider } from '../../lib/controls.js';
import type { UrlState } from '../../lib/state.js';
import { LANDSCAPES, type LandscapeId } from './model.js';
import type { RaceOptions } from './race-widget.js';

export type RaceState = { land: string; lr: number; lrAdaptive: number; beta: number; weightDecay: number; steps: number; sx: number; sy: number };
export const LRA_RANGE: [number, number] = [0.001, 1];

/** Nesterov's look-ahead is a step along the momentum: with β = 0 there is none, and the library refuses it. */
export const betaMin = (o: RaceOptions) => (o.optimizers.includes('nesterov') ? 0.01 : 0);

export function raceRules(o: RaceOptions, lrRange: [number, number]) {
  const landOf = (s: RaceState) => LANDSCAPES[(s.land as LandscapeId) in LANDSCAPES ? (s.land as LandscapeId) : o.defaults.land];
  return {
    land: { oneOf: o.landscapes },
    lr: { min: lrRange[0], max: lrRange[1] },
    lrAdaptive: { min: LRA_RANGE[0], max: LRA_RANGE[1] },
    beta: { min: betaMin(o), max: 0.99 },
    weightDecay: { min: 0, max: 3 },
    steps: { min: 10, max: 400, int: true },
    sx: { min: (s: RaceState) => landOf(s).xRange[0], max: (s: RaceState) => landOf(s).xRange[1] },
    sy: { min: (s: RaceState) => landOf(s).yRange[0], max: (s: RaceState) => landOf(s).yRange[1] },
  };
}

export function raceControls(host: HTMLElement, o: RaceOptions, state: UrlState<RaceState>, lrRange: [number, number], changed: (landChanged: boolean) => void): { sync(): void } {
  const has = (c: RaceOptions['controls'][number]) => o.controls.includes(c);
  const s = state.get();
  const set = (patch: Partial<RaceState>) => (state.set(patch), changed(false));
  const lr4 = (v: number) => fmtNum(v, 4);
  const sliders: Partial<Record<keyof RaceState, Slider>> = {};
  let land: ReturnType<typeof select<string>> | null = null;
  if (has('landscape') && o.landscapes.length > 1) {
    land = select('landscape', 'land', o.landscapes.map((l) => [l, LANDSCAPES[l].name] as [string, string]), s.land, (v) => {
      const l = LANDSCAPES[v as LandscapeId];
      state.set({ land: v, sx: l.start[0], sy: l.start[1] });
      sync();
      changed(true);
    });
    host.append(land.row);
  }
  const sgdFamily = o.optimizers.some((x) => x === 'sgd' || x === 'momentum' || x === 'nesterov');
  if (has('lr')) sliders.lr = logSlider(sgdFamily && has('lrAdaptive') ? 'η (SGD family)' : 'learning rate η', 'lr', { min: lrRange[0], max: lrRange[1], value: s.lr, fmt: lr4 }, (v) => set({ lr: v }));
  if (has('lrAdaptive')) sliders.lrAdaptive = logSlider('η (adaptive)', 'lrAdaptive', { min: LRA_RANGE[0], max: LRA_RANGE[1], value: s.lrAdaptive, fmt: lr4 }, (v) => set({ lrAdaptive: v }));
  if (has('beta')) sliders.beta = slider('momentum β', 'beta', { min: betaMin(o), max: 0.99, step: 0.01, value: s.beta }, (v) => set({ beta: v }));
  if (has('weightDecay')) sliders.weightDecay = slider('weight decay λ', 'weightDecay', { min: 0, max: 3, step: 0.1, value: s.weightDecay }, (v) => set({ weightDecay: v }));
  if (has('steps')) sliders.steps = slider('steps', 'steps', { min: 10, max: 400, step: 10, value: s.steps }, (v) => set({ steps: v }));
  if (has('start')) {
    const l0 = LANDSCAPES[o.defaults.land];
    sliders.sx = slider(`start ${l0.axes[0].split(' ')[0]}`, 'sx', { min: l0.xRange[0], max: l0.xRange[1], step: 0.05, value: s.sx }, (v) => set({ sx: v }));
    sliders.sy = slider(`start ${l0.axes[1].split(' ')[0]}`, 'sy', { min: l0.yRange[0], max: l0.yRange[1], step: 0.05, value: s.sy }, (v) => set({ sy: v }));
  }
  for (const c of Object.values(sliders)) host.append(c.row);
  if (o.lrPresets) {
    const row = h('div', { class: 'ch5-presets', role: 'group', 'aria-label': 'learning-rate presets' });
    for (const p of o.lrPresets) {
      const b = h('button', { type: 'button', 'data-preset': p.lr }, p.label);
      b.addEventListener('click', () => {
        state.set({ lr: p.lr });
        sliders.lr?.set(p.lr);
        changed(false);
      });
      row.append(b);
    }
    host.append(row);
  }
  function sync(): void {
    const st = state.get();
    land?.set(st.land);
    const l = LANDSCAPES[(st.land as LandscapeId) in LANDSCAPES ? (st.land as LandscapeId) : o.defaults.land];
    for (const [key, r] of [['sx', l.xRange], ['sy', l.yRange]] as const) {
      const inp = sliders[key]?.input;
      if (!inp) continue;
      inp.min = String(r[0]);
      inp.max = String(r[1]);
    }
    for (const [key, c] of Object.entries(sliders) as [keyof RaceState, Slider][]) c.set(st[key] as number);
  }
  return { sync };
}
