/**
 * Optimizers on a loss landscape: the surface as a banded heatmap, one path per optimizer (each
 * step the library's own `opt.step()`), a loss curve, and Step / Play buttons that reveal the path
 * one update at a time (requestAnimationFrame; no animation under prefers-reduced-motion).
 * Used by several sections with different optimizers, landscapes and controls. A diverging run is
 * cut where its loss passes 1e6 or it leaves the picture, and says so (divergence.ts).
 * Controls: race-controls.ts; loss chart: race-loss.ts.
 */
import { h, prefersReducedMotion, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Frame, type SourceRef, type Widget } from '../../lib/widget.js';
import { DIVERGED_LOSS, DIVERGENCE_WHY, divergence, divergenceNote, firstOutside, lastShown, type Divergence } from './divergence.js';
import { landscapePlot, type PathSeries } from './landscape-plot.js';
import { LANDSCAPES, OPT_NAMES, landscapeGrid, lossAndGradient, pathCode, type Landscape, type LandscapeId, type OptId, type OptSettings, type Path } from './model.js';
import { pathCache } from './path-cache.js';
import { raceControls, raceRules, type RaceState } from './race-controls.js';
import { raceLossChart } from './race-loss.js';

export const OPT_COLORS: Record<OptId, string> = {
  sgd: 'text',
  momentum: 'linalg',
  nesterov: 'probability',
  rmsprop: 'information',
  adam: 'calculus',
  adamw: 'probability',
  'adam-l2': 'calculus',
};

export type Control = 'lr' | 'lrAdaptive' | 'beta' | 'weightDecay' | 'steps' | 'start' | 'landscape';

export interface RaceOptions {
  id: string;
  title: string;
  caption: string;
  optimizers: OptId[];
  landscapes: LandscapeId[];
  controls: Control[];
  defaults: { land: LandscapeId; lr: number; lrAdaptive: number; beta: number; weightDecay: number; steps: number; start?: [number, number] };
  /** lr slider range (log scale). */
  lrRange?: [number, number];
  lrPresets?: { label: string; lr: number }[];
  sources: SourceRef[];
  /** The formula tab, given the current state, the paths and the step shown. */
  formula(c: RaceContext): string;
  /** Extra numbers under the table (e.g. the critical learning rate); return null for none. */
  extra?(c: RaceContext): HTMLElement | null;
  /** Extra series drawn on the landscape (markers), appended after the paths. */
  markers?(c: RaceContext): { series: PathSeries; xy: [number[], number[]] }[];
}

export interface RaceContext {
  land: (typeof LANDSCAPES)[LandscapeId];
  settings: OptSettings;
  start: [number, number];
  steps: number;
  paths: Map<OptId, Path>;
  /** The step shown (0 … steps). */
  k: number;
}

/** The table of where each optimizer is; returns the cells by optimizer. */
function positionTable(optimizers: OptId[], axes: [string, string]) {
  const cells = new Map<OptId, Record<'k' | 'x' | 'y' | 'loss', HTMLElement>>();
  const headX = h('th', { scope: 'col' }, axes[0].split(' ')[0]);
  const headY = h('th', { scope: 'col' }, axes[1].split(' ')[0]);
  const rows = optimizers.map((id) => {
    const td = (col: string) => h('td', { 'data-opt': id, 'data-col': col });
    const c = { k: td('k'), x: td('x'), y: td('y'), loss: td('loss') };
    cells.set(id, c);
    return h('tr', null, h('th', { scope: 'row' }, h('span', { class: 'ch5-swatch', 'data-color': OPT_COLORS[id] }), OPT_NAMES[id]), c.k, c.x, c.y, c.loss);
  });
  const table = h(
    'table',
    { 'aria-label': 'where each optimizer is after the shown step' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'optimizer'), h('th', { scope: 'col' }, 'step'), headX, headY, h('th', { scope: 'col' }, 'loss'))),
    h('tbody', null, ...rows),
  );
  return {
    table,
    cells,
    setAxes(a: [string, string]) {
      headX.textContent = a[0].split(' ')[0]!;
      headY.textContent = a[1].split(' ')[0]!;
    },
  };
}

/** Step / Play / Back to 0: reveals the path one update at a time (no animation under reduced motion). */
function player(frame: Frame, steps: () => number, k: { get(): number; set(v: number): void }, show: (light?: boolean) => void) {
  const stepBtn = h('button', { type: 'button', 'data-action': 'step' }, 'Step');
  const playBtn = h('button', { type: 'button', 'data-action': 'play', 'aria-pressed': 'false' }, 'Play');
  const resetBtn = h('button', { type: 'button', 'data-action': 'reset' }, 'Back to 0');
  frame.controls.append(h('div', { class: 'ch5-buttons' }, stepBtn, playBtn, resetBtn));
  let raf = 0;
  const stop = () => {
    const wasPlaying = raf !== 0;
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    playBtn.setAttribute('aria-pressed', 'false');
    playBtn.textContent = 'Play';
    if (wasPlaying) show(); // bring the formula and code up to the step reached
  };
  stepBtn.addEventListener('click', () => {
    stop();
    k.set(k.get() >= steps() ? 1 : k.get() + 1);
    show();
  });
  resetBtn.addEventListener('click', () => {
    stop();
    k.set(0);
    show();
  });
  playBtn.addEventListener('click', () => {
    if (raf) return stop();
    const n = steps();
    if (prefersReducedMotion()) {
      k.set(n); // no animation: go straight to the end
      show();
      return;
    }
    if (k.get() >= n) k.set(0);
    playBtn.setAttribute('aria-pressed', 'true');
    playBtn.textContent = 'Pause';
    const perFrame = Math.max(1, Math.round(n / 120)); // about two seconds for the whole path
    const tick = () => {
      k.set(Math.min(n, k.get() + perFrame));
      show(true);
      if (k.get() >= n || !frame.visible) return stop();
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
  });
  frame.onVisibility((v) => {
    if (!v) stop();
  });
  return { stop };
}

/** What the status line says about each run: where it diverged, and what the library refused. */
function statusNotes(optimizers: OptId[], paths: Map<OptId, Path>, divs: Map<OptId, Divergence | null>, k: number): { diverged: string[]; errors: string[] } {
  const diverged: string[] = [];
  const errors: string[] = [];
  for (const id of optimizers) {
    const p = paths.get(id)!;
    const d = divs.get(id);
    if (d && k >= d.step) diverged.push(divergenceNote(OPT_NAMES[id], d));
    if (p.error && k > p.error.step) errors.push(`${OPT_NAMES[id]} stopped at step ${p.error.step}: the library threw ${p.error.name}: “${p.error.message}”`);
  }
  return { diverged, errors };
}

/** The landscape picture with the paths, the start and the widget's markers; rebuilt when the landscape or the markers change. */
function raceLandscape(host: HTMLElement, o: RaceOptions, land0: Landscape, c0: RaceContext, onPick: (x: number, y: number) => void) {
  const v = { plot: null as unknown as ReturnType<typeof landscapePlot>, id: land0.id, markerCount: 0 };
  const seriesFor = (c: RaceContext): PathSeries[] => {
    const ms = o.markers?.(c) ?? [];
    v.markerCount = ms.length;
    return [
      ...o.optimizers.map((id) => ({ label: OPT_NAMES[id], color: OPT_COLORS[id], width: id === 'sgd' ? 2.5 : 2, dash: id === 'adamw' || id === 'nesterov' ? [6, 4] : undefined })),
      { label: 'start', color: 'text', points: true },
      ...ms.map((m) => m.series),
    ];
  };
  v.plot = landscapePlot(host, land0, landscapeGrid(land0), seriesFor(c0), { onClick: onPick });
  return Object.assign(v, {
    rebuild(c: RaceContext) {
      v.plot.destroy();
      host.textContent = '';
      v.plot = landscapePlot(host, c.land, landscapeGrid(c.land), seriesFor(c), { onClick: onPick });
      v.id = c.land.id;
    },
  });
}

/** Each path up to step k, stopped at its divergence or one point after it leaves the picture. */
function shownPaths(optimizers: OptId[], paths: Map<OptId, Path>, divs: Map<OptId, Divergence | null>, k: number, land: Landscape): [number[], number[]][] {
  return optimizers.map((id) => {
    const p = paths.get(id)!;
    const n = Math.min(lastShown(p, k, divs.get(id)!), firstOutside(p, land.xRange, land.yRange)) + 1;
    return [p.xs.slice(0, n), p.ys.slice(0, n)];
  });
}

/** The position table at step k (a diverged run shows "> 1e6" for its loss). */
function fillTable(table: ReturnType<typeof positionTable>, optimizers: OptId[], paths: Map<OptId, Path>, divs: Map<OptId, Divergence | null>, k: number): void {
  for (const id of optimizers) {
    const p = paths.get(id)!;
    const cell = table.cells.get(id)!;
    const dv = divs.get(id);
    const j = lastShown(p, k, dv ?? null);
    setLive(cell.k, String(j));
    setLive(cell.x, fmtNum(p.xs[j]!, 4));
    setLive(cell.y, fmtNum(p.ys[j]!, 4));
    setLive(cell.loss, dv && k >= dv.step ? `> ${DIVERGED_LOSS.toExponential(0).replace('+', '')}` : fmtNum(p.losses[j] ?? NaN, 4));
  }
}

/** The status line: divergence notes (with the why) and the library's refusals. */
function showStatus(status: HTMLElement, notes: { diverged: string[]; errors: string[] }): void {
  status.textContent = '';
  status.classList.toggle('ch5-error', notes.diverged.length + notes.errors.length > 0);
  for (const n of notes.diverged) status.append(h('span', { 'data-diverged': '' }, n));
  if (notes.diverged.length) status.append(h('span', { class: 'ch5-why' }, DIVERGENCE_WHY));
  for (const n of notes.errors) status.append(h('span', { 'data-error': '' }, n));
}

function racePicture(frame: Frame) {
  const landHost = h('div', { class: 'ch5-landscape', role: 'img', 'aria-label': 'loss landscape: darker bands are lower loss, thin lines are contours; thick lines are optimizer paths (press or drag on it to move the start). The numbers below give each path’s position.' });
  const lossHost = h('div', { class: 'ch5-losschart', role: 'img', 'aria-label': 'loss against step for each optimizer, log scale' });
  const status = h('p', { class: 'ch5-status', 'aria-live': 'polite' });
  frame.picture.append(landHost, lossHost, status);
  return { landHost, lossHost, status };
}

/** The race's URL state: the landscape, both learning rates, β, λ, the steps and the start. */
function raceState(o: RaceOptions, lrRange: [number, number]) {
  const d = o.defaults;
  const start0 = d.start ?? LANDSCAPES[d.land].start;
  return urlState<RaceState>(o.id, { land: d.land as string, lr: d.lr, lrAdaptive: d.lrAdaptive, beta: d.beta, weightDecay: d.weightDecay, steps: d.steps, sx: start0[0], sy: start0[1] }, raceRules(o, lrRange));
}

export function mount(el: HTMLElement, o: RaceOptions): Widget {
  const d = o.defaults;
  const land0 = LANDSCAPES[d.land];
  const lrRange = o.lrRange ?? [0.0005, 1];
  const state = raceState(o, lrRange);
  const frame = widgetFrame(el, { id: o.id, title: o.title, branch: 'optimization', caption: o.caption, sources: o.sources, state });
  const controls = raceControls(frame.controls, o, state, lrRange, () => recompute());

  const { landHost, lossHost, status } = racePicture(frame);

  const landOf = () => LANDSCAPES[(state.get().land as LandscapeId) in LANDSCAPES ? (state.get().land as LandscapeId) : d.land];
  const runs = pathCache(); // only the runs whose settings changed are computed again
  let paths = new Map<OptId, Path>();
  let divs = new Map<OptId, Divergence | null>();
  let k = 0;
  const ctx = (): RaceContext => {
    const s = state.get();
    return { land: landOf(), settings: { lr: s.lr, lrAdaptive: s.lrAdaptive, beta: s.beta, weightDecay: s.weightDecay }, start: [s.sx, s.sy], steps: s.steps, paths, k };
  };
  // press or drag on the landscape to move the start (clamped to the picture, as the URL rule does)
  const land = raceLandscape(landHost, o, land0, ctx(), (x, y) => {
    const l = landOf();
    const r2 = (v: number) => Math.round(v * 100) / 100;
    state.set({ sx: r2(Math.min(l.xRange[1], Math.max(l.xRange[0], x))), sy: r2(Math.min(l.yRange[1], Math.max(l.yRange[0], y))) });
    controls.sync();
    recompute();
  });
  const lossChart = raceLossChart(lossHost, o.optimizers, (t, id) => t[OPT_COLORS[id]] ?? t.text!);
  const table = positionTable(o.optimizers, land0.axes);
  const extraHost = h('div', { class: 'ch5-extra' });
  frame.numbers.append(table.table, extraHost);

  /** Runs every optimizer afresh (the library's steps) and shows the whole path. */
  function recompute(): void {
    play.stop();
    const c = ctx();
    paths = new Map(o.optimizers.map((id) => [id, runs.run(c.land, id, c.start, c.steps, c.settings)]));
    divs = new Map(o.optimizers.map((id) => [id, divergence(paths.get(id)!)]));
    k = c.steps;
    if (land.id !== c.land.id) {
      land.rebuild(c);
      table.setAxes(c.land.axes);
    }
    show();
  }

  /** Shows the paths up to step k; while playing (`light`) the formula, code and extras wait. */
  function show(light = false): void {
    const c = ctx();
    const ms = o.markers?.(c) ?? [];
    if (ms.length !== land.markerCount) land.rebuild(c);
    land.plot.setPaths([...shownPaths(o.optimizers, paths, divs, k, c.land), [[c.start[0]], [c.start[1]]], ...ms.map((m) => m.xy)]);
    lossChart.show(paths, divs, k, state.get().steps);
    fillTable(table, o.optimizers, paths, divs, k);
    showStatus(status, statusNotes(o.optimizers, paths, divs, k));
    if (light) return;
    extraHost.textContent = '';
    const ex = o.extra?.(c);
    if (ex) extraHost.append(ex);
    frame.setFormula(o.formula(c));
    frame.setCode(pathCode(c.land, o.optimizers[o.optimizers.length - 1]!, c.start, k, c.settings));
  }

  const play = player(frame, () => state.get().steps, { get: () => k, set: (v) => (k = v) }, show);
  controls.sync();
  recompute();
  return {
    update() {
      controls.sync();
      recompute();
    },
    destroy() {
      play.stop();
      land.plot.destroy();
      lossChart.destroy();
      frame.destroy();
    },
  };
}

/** A small helper for extra numbers: label/value rows with data attributes. */
export function kv(rows: [string, string, string][]): HTMLElement {
  return h('dl', { class: 'ch5-kv' }, ...rows.flatMap(([label, value, key]) => [h('dt', null, label), h('dd', { class: 'num', 'data-value': key }, value)]));
}

export { lossAndGradient };
