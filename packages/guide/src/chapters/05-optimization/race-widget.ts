/**
 * Optimizers on a loss landscape: the surface as a banded heatmap, one path per optimizer (each
 * step the library's own `opt.step()`), a loss curve, and Step / Play buttons that reveal the path
 * one update at a time (requestAnimationFrame; no animation under prefers-reduced-motion).
 * Used by several sections with different optimizers, landscapes and controls.
 */
import uPlot from 'uplot';
import { h, prefersReducedMotion, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { axis, themedPlot, type ThemedPlot } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type SourceRef, type Widget } from '../../lib/widget.js';
import { landscapePlot, type PathSeries } from './landscape-plot.js';
import { LANDSCAPES, OPT_NAMES, landscapeGrid, lossAndGradient, pathCode, runPath, type LandscapeId, type OptId, type OptSettings, type Path } from './model.js';

export const OPT_COLORS: Record<OptId, string> = {
  sgd: 'text',
  momentum: 'linalg',
  nesterov: 'probability',
  rmsprop: 'information',
  adam: 'calculus',
  adamw: 'probability',
  'adam-l2': 'calculus',
};

type Control = 'lr' | 'lrAdaptive' | 'beta' | 'weightDecay' | 'steps' | 'start' | 'landscape';

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

const LOG_STEPS = 200;
const toLog = (v: number, [a, b]: [number, number]) => Math.round((Math.log(v / a) / Math.log(b / a)) * LOG_STEPS);
const fromLog = (i: number, [a, b]: [number, number]) => Number((a * (b / a) ** (i / LOG_STEPS)).toPrecision(2));

export function mount(el: HTMLElement, o: RaceOptions): Widget {
  const d = o.defaults;
  const land0 = LANDSCAPES[d.land];
  const state = urlState(o.id, { land: d.land as string, lr: d.lr, lra: d.lrAdaptive, beta: d.beta, wd: d.weightDecay, steps: d.steps, sx: (d.start ?? land0.start)[0], sy: (d.start ?? land0.start)[1] });
  const frame = widgetFrame(el, { id: o.id, title: o.title, branch: 'optimization', caption: o.caption, sources: o.sources });
  const lrRange = o.lrRange ?? [0.0005, 1];
  const has = (c: Control) => o.controls.includes(c);

  // ---- controls ----
  const out: Record<string, HTMLOutputElement> = {};
  const slider = (key: string, label: string, attrs: Record<string, number>, value: number) => {
    const input = h('input', { type: 'range', 'data-control': key, ...attrs, value });
    out[key] = h('output', { class: 'num' });
    frame.controls.append(h('label', null, `${label} `, out[key]!, input));
    return input;
  };
  const inputs: Record<string, HTMLInputElement | HTMLSelectElement> = {};
  if (has('landscape') && o.landscapes.length > 1) {
    const sel = h('select', { 'data-control': 'land' }, ...o.landscapes.map((l) => h('option', { value: l }, LANDSCAPES[l].name)));
    frame.controls.append(h('label', null, 'landscape ', sel));
    inputs.land = sel;
  }
  if (has('lr')) inputs.lr = slider('lr', o.optimizers.some((x) => x === 'sgd' || x === 'momentum' || x === 'nesterov') && has('lrAdaptive') ? 'η (SGD family)' : 'learning rate η', { min: 0, max: LOG_STEPS, step: 1 }, toLog(state.get().lr, lrRange));
  if (has('lrAdaptive')) inputs.lra = slider('lra', 'η (adaptive)', { min: 0, max: LOG_STEPS, step: 1 }, toLog(state.get().lra, [0.001, 1]));
  // on a log slider several of the 200 positions round to the same η (two significant figures):
  // an arrow key moves to the next position whose η differs, so every key press changes something
  for (const [key, range] of [['lr', lrRange], ['lra', [0.001, 1]]] as [string, [number, number]][]) {
    const inp = inputs[key] as HTMLInputElement | undefined;
    inp?.addEventListener('keydown', (e) => {
      const dir = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -1 : 0;
      if (!dir) return;
      e.preventDefault();
      const i0 = Number(inp.value);
      const now = key === 'lr' ? state.get().lr : state.get().lra;
      let i = i0 + dir;
      while (i > 0 && i < LOG_STEPS && fromLog(i, range) === now) i += dir;
      i = Math.max(0, Math.min(LOG_STEPS, i));
      if (i === i0) return;
      inp.value = String(i);
      inp.dispatchEvent(new Event('input', { bubbles: true }));
      inp.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
  if (has('beta')) inputs.beta = slider('beta', 'momentum β', { min: 0, max: 0.99, step: 0.01 }, state.get().beta);
  if (has('weightDecay')) inputs.wd = slider('wd', 'weight decay λ', { min: 0, max: 3, step: 0.1 }, state.get().wd);
  if (has('steps')) inputs.steps = slider('steps', 'steps', { min: 10, max: 400, step: 10 }, state.get().steps);
  if (has('start')) {
    inputs.sx = slider('sx', `start ${land0.axes[0].split(' ')[0]}`, { min: land0.xRange[0], max: land0.xRange[1], step: 0.05 }, state.get().sx);
    inputs.sy = slider('sy', `start ${land0.axes[1].split(' ')[0]}`, { min: land0.yRange[0], max: land0.yRange[1], step: 0.05 }, state.get().sy);
  }
  if (o.lrPresets) {
    const row = h('div', { class: 'ch5-presets', role: 'group', 'aria-label': 'learning-rate presets' });
    for (const p of o.lrPresets) {
      const b = h('button', { type: 'button', 'data-preset': p.lr }, p.label);
      b.addEventListener('click', () => {
        state.set({ lr: p.lr });
        (inputs.lr as HTMLInputElement).value = String(toLog(p.lr, lrRange));
        recompute();
      });
      row.append(b);
    }
    frame.controls.append(row);
  }
  const stepBtn = h('button', { type: 'button', 'data-action': 'step' }, 'Step');
  const playBtn = h('button', { type: 'button', 'data-action': 'play', 'aria-pressed': 'false' }, 'Play');
  const resetBtn = h('button', { type: 'button', 'data-action': 'reset' }, 'Back to 0');
  frame.controls.append(h('div', { class: 'ch5-buttons' }, stepBtn, playBtn, resetBtn));

  /** Reads the one control that changed (the others keep their exact values). */
  const readControl = (key: string) => {
    const s = state.get();
    const inp = inputs[key];
    if (!inp) return;
    const patch: Record<string, number | string> = {};
    if (key === 'land') patch.land = inp.value;
    else if (key === 'lr') patch.lr = fromLog(Number(inp.value), lrRange);
    else if (key === 'lra') patch.lra = fromLog(Number(inp.value), [0.001, 1]);
    else patch[key] = Number(inp.value);
    if (patch.land && patch.land !== s.land) {
      const l = LANDSCAPES[patch.land as LandscapeId];
      patch.sx = l.start[0];
      patch.sy = l.start[1];
    }
    state.set(patch);
  };
  frame.controls.addEventListener('input', (e) => {
    const key = (e.target as HTMLElement).dataset.control;
    if (!key || key === 'land') return;
    readControl(key);
    recompute();
  });
  frame.controls.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).dataset.control !== 'land') return;
    readControl('land');
    syncInputs();
    recompute();
  });

  // ---- picture ----
  const landHost = h('div', { class: 'ch5-landscape', role: 'img', 'aria-label': 'loss landscape: darker bands are lower loss; lines are optimizer paths. The numbers below give each path’s position.' });
  const lossHost = h('div', { class: 'ch5-losschart', role: 'img', 'aria-label': 'loss against step for each optimizer, log scale' });
  const status = h('p', { class: 'ch5-status', 'aria-live': 'polite' });
  frame.picture.append(landHost, lossHost, status);

  const landOf = () => LANDSCAPES[(state.get().land as LandscapeId) in LANDSCAPES ? (state.get().land as LandscapeId) : d.land];
  const ctx = (): RaceContext => {
    const s = state.get();
    return { land: landOf(), settings: { lr: s.lr, lrAdaptive: s.lra, beta: s.beta, weightDecay: s.wd }, start: [s.sx, s.sy], steps: s.steps, paths, k };
  };
  let paths = new Map<OptId, Path>();
  let k = 0;
  let markerCount = 0;
  const seriesFor = (c: RaceContext): PathSeries[] => {
    const ms = o.markers?.(c) ?? [];
    markerCount = ms.length;
    return [
      ...o.optimizers.map((id) => ({ label: OPT_NAMES[id], color: OPT_COLORS[id], width: id === 'sgd' ? 2.5 : 2, dash: id === 'adamw' || id === 'nesterov' ? [6, 4] : undefined })),
      { label: 'start', color: 'text', points: true },
      ...ms.map((m) => m.series),
    ];
  };
  let plot = landscapePlot(landHost, land0, landscapeGrid(land0), seriesFor(ctx()));
  let plotLand = land0.id;

  let lossPlot: ThemedPlot | null = null;
  const lossData = (): uPlot.AlignedData => {
    const steps = state.get().steps;
    const xs = Array.from({ length: steps + 1 }, (_, i) => i);
    return [xs, ...o.optimizers.map((id) => xs.map((i) => {
      const L = paths.get(id)?.losses[i];
      return i <= k && L !== undefined && Number.isFinite(L) && L > 0 ? L : null;
    }))] as uPlot.AlignedData;
  };

  // ---- numbers ----
  const cells = new Map<OptId, Record<'k' | 'x' | 'y' | 'loss', HTMLElement>>();
  const land = landOf();
  const headX = h('th', { scope: 'col' }, land.axes[0].split(' ')[0]);
  const headY = h('th', { scope: 'col' }, land.axes[1].split(' ')[0]);
  const table = h(
    'table',
    { 'aria-label': 'where each optimizer is after the shown step' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'optimizer'), h('th', { scope: 'col' }, 'step'), headX, headY, h('th', { scope: 'col' }, 'loss'))),
    h(
      'tbody',
      null,
      ...o.optimizers.map((id) => {
        const c = { k: h('td', { 'data-opt': id, 'data-col': 'k' }), x: h('td', { 'data-opt': id, 'data-col': 'x' }), y: h('td', { 'data-opt': id, 'data-col': 'y' }), loss: h('td', { 'data-opt': id, 'data-col': 'loss' }) };
        cells.set(id, c);
        return h('tr', null, h('th', { scope: 'row' }, h('span', { class: 'ch5-swatch', 'data-color': OPT_COLORS[id] }), OPT_NAMES[id]), c.k, c.x, c.y, c.loss);
      }),
    ),
  );
  const extraHost = h('div', { class: 'ch5-extra' });
  frame.numbers.append(table, extraHost);

  function syncInputs(): void {
    const s = state.get();
    if (inputs.land) inputs.land.value = s.land;
    if (inputs.lr) inputs.lr.value = String(toLog(s.lr, lrRange));
    if (inputs.lra) inputs.lra.value = String(toLog(s.lra, [0.001, 1]));
    if (inputs.beta) inputs.beta.value = String(s.beta);
    if (inputs.wd) inputs.wd.value = String(s.wd);
    if (inputs.steps) inputs.steps.value = String(s.steps);
    const l = landOf();
    for (const [key, r] of [['sx', l.xRange], ['sy', l.yRange]] as const) {
      const inp = inputs[key] as HTMLInputElement | undefined;
      if (!inp) continue;
      inp.min = String(r[0]);
      inp.max = String(r[1]);
      inp.value = String(s[key]);
    }
  }

  /** Runs every optimizer afresh (the library's steps) and shows the whole path. */
  function recompute(): void {
    stop();
    const c = ctx();
    paths = new Map(o.optimizers.map((id) => [id, runPath(c.land, id, c.start, c.steps, c.settings)]));
    k = c.steps;
    if (plotLand !== c.land.id) {
      plot.destroy();
      landHost.textContent = '';
      plot = landscapePlot(landHost, c.land, landscapeGrid(c.land), seriesFor(c));
      plotLand = c.land.id;
      headX.textContent = c.land.axes[0].split(' ')[0]!;
      headY.textContent = c.land.axes[1].split(' ')[0]!;
    }
    if (!lossPlot)
      lossPlot = themedPlot(
        lossHost,
        (t, width) => ({
          width,
          height: 170,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: false }, y: { distr: 3 } },
          axes: [
            axis(t, { label: 'step', labelSize: 16 }),
            // log scale: small losses as powers of ten (1e-4), so no label rounds to "0"
            axis(t, { size: 52, label: 'loss', labelSize: 16, values: (_u, vs) => vs.map((v) => (v == null ? '' : v >= 0.01 ? String(v) : v.toExponential(0))) }),
          ],
          series: [{}, ...o.optimizers.map((id) => ({ stroke: (t as Record<string, string>)[OPT_COLORS[id]] ?? t.text, width: 1.5, spanGaps: false, points: { show: false } }))],
        }),
        lossData(),
      );
    show();
  }

  /**
   * Shows the paths up to step k: the plots, the table, the status, the formula and the code.
   * While playing (`light`), the formula, code and extra numbers wait until the animation stops.
   */
  function show(light = false): void {
    const c = ctx();
    for (const [key, el] of Object.entries(out)) {
      const s = state.get();
      const v = { lr: s.lr, lra: s.lra, beta: s.beta, wd: s.wd, steps: s.steps, sx: s.sx, sy: s.sy }[key]!;
      setLive(el, key === 'steps' ? String(v) : fmtNum(v, key === 'lr' || key === 'lra' ? 4 : 2));
    }
    const trimmed: [number[], number[]][] = o.optimizers.map((id) => {
      const p = paths.get(id)!;
      const n = Math.min(k, p.xs.length - 1) + 1;
      return [p.xs.slice(0, n), p.ys.slice(0, n)];
    });
    const ms = o.markers?.(c) ?? [];
    if (ms.length !== markerCount) {
      plot.destroy();
      landHost.textContent = '';
      plot = landscapePlot(landHost, c.land, landscapeGrid(c.land), seriesFor(c));
    }
    plot.setPaths([...trimmed, [[c.start[0]], [c.start[1]]], ...ms.map((m) => m.xy)]);
    lossPlot?.setData(lossData());
    const notes: string[] = [];
    for (const id of o.optimizers) {
      const p = paths.get(id)!;
      const cell = cells.get(id)!;
      const j = Math.min(k, p.xs.length - 1);
      setLive(cell.k, String(j));
      setLive(cell.x, fmtNum(p.xs[j]!, 4));
      setLive(cell.y, fmtNum(p.ys[j]!, 4));
      setLive(cell.loss, fmtNum(p.losses[j] ?? NaN, 4));
      if (p.error && k > p.error.step) notes.push(`${OPT_NAMES[id]} stopped at step ${p.error.step}: the library threw ${p.error.name}: “${p.error.message}”`);
    }
    status.textContent = '';
    status.classList.toggle('ch5-error', notes.length > 0);
    for (const n of notes) status.append(h('span', { 'data-error': '' }, n));
    if (light) return;
    extraHost.textContent = '';
    const ex = o.extra?.(c);
    if (ex) extraHost.append(ex);
    frame.setFormula(o.formula(c));
    frame.setCode(pathCode(c.land, o.optimizers[o.optimizers.length - 1]!, c.start, k, c.settings));
  }

  // ---- step / play ----
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
    const steps = state.get().steps;
    k = k >= steps ? 1 : k + 1;
    show();
  });
  resetBtn.addEventListener('click', () => {
    stop();
    k = 0;
    show();
  });
  playBtn.addEventListener('click', () => {
    if (raf) return stop();
    const steps = state.get().steps;
    if (prefersReducedMotion()) {
      // no animation: go straight to the end
      k = steps;
      show();
      return;
    }
    if (k >= steps) k = 0;
    playBtn.setAttribute('aria-pressed', 'true');
    playBtn.textContent = 'Pause';
    // about two seconds for the whole path, whatever its length
    const perFrame = Math.max(1, Math.round(steps / 120));
    const tick = () => {
      k = Math.min(steps, k + perFrame);
      show(true);
      if (k >= steps || !frame.visible) return stop();
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
  });
  frame.onVisibility((v) => {
    if (!v) stop();
  });

  syncInputs();
  recompute();
  return {
    update() {
      syncInputs();
      recompute();
    },
    destroy() {
      stop();
      plot.destroy();
      lossPlot?.destroy();
      frame.destroy();
    },
  };
}

/** A small helper for extra numbers: label/value rows with data attributes. */
export function kv(rows: [string, string, string][]): HTMLElement {
  return h('dl', { class: 'ch5-kv' }, ...rows.flatMap(([label, value, key]) => [h('dt', null, label), h('dd', { class: 'num', 'data-value': key }, value)]));
}

export { lossAndGradient };
