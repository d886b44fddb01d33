import { h } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { prose } from '../../lib/prose.js';
import { texNum } from '../../lib/tex.js';
import type { ChapterPage, SectionContext } from '../types.js';
import './ch05.css';
import { adam, convexity, intro, learningRate, liveTraining, lossLandscape, momentum, schedules, sgdVariants, weightDecay } from './content.js';
import { bowlCurvature, l2Minimum, lossAndGradient, type Landscape } from './model.js';
import { kv, mount as mountRace, type RaceContext, type RaceOptions } from './race-widget.js';
import { mount as mountSchedule } from './schedule-widget.js';
import { mount as mountLasso } from './lasso-widget.js';
import { lassoPath } from './content.js';
import { mount as mountStarts } from './starts-widget.js';
import { mount as mountTrain } from './train-widget.js';
import { mount as mountVariants } from './variants-widget.js';

const pair = (p: [number, number], d = 3) => `(${texNum(p[0], d)},\\ ${texNum(p[1], d)})`;

/** The gradient step at the shown step k of the first optimizer's path. */
function gdStep(c: RaceContext, id: 'sgd' = 'sgd'): string {
  const p = c.paths.get(id)!;
  const j = Math.max(0, Math.min(c.k, p.xs.length - 1) - 1);
  const at: [number, number] = [p.xs[j]!, p.ys[j]!];
  const { grad } = lossAndGradient(c.land, at);
  const next: [number, number] = [p.xs[j + 1] ?? NaN, p.ys[j + 1] ?? NaN];
  return (
    `\\begin{aligned}&${c.land.tex} \\\\` +
    `&\\theta_{${j + 1}} = \\theta_{${j}} - \\eta\\, \\nabla L(\\theta_{${j}}) = ${pair(at)} - ${c.settings.lr} \\cdot ${pair(grad)} = ${pair(next)}\\end{aligned}`
  );
}

const SGD_SRC = { file: 'optim/sgd.ts', name: 'SGD' };
const STEP_SRC = { file: 'optim/optimizer.ts', name: 'Optimizer' };

const curvature = (() => {
  let c: ReturnType<typeof bowlCurvature> | null = null;
  return () => (c ??= bowlCurvature());
})();

const l2Cache = new Map<string, [number, number]>();
const l2Point = (land: Landscape, lambda: number) => {
  const key = `${land.id}:${lambda}`;
  if (!l2Cache.has(key)) l2Cache.set(key, l2Minimum(land, lambda));
  return l2Cache.get(key)!;
};

const RACES: Record<string, RaceOptions> = {
  landscape: {
    id: 'ch5-land',
    title: 'Gradient descent on a loss landscape',
    caption: 'Move the start or the learning rate; press Step to walk one update at a time.',
    optimizers: ['sgd'],
    landscapes: ['bowl', 'rosenbrock', 'wells'],
    controls: ['landscape', 'lr', 'steps', 'start'],
    defaults: { land: 'bowl', lr: 0.1, lrAdaptive: 0.01, beta: 0, weightDecay: 0, steps: 60 },
    lrRange: [0.001, 1],
    sources: [SGD_SRC],
    formula: (c) => gdStep(c),
    extra: (c) => {
      const { loss, grad } = lossAndGradient(c.land, c.start);
      return kv([
        ['loss at the start', fmtNum(loss, 4), 'start-loss'],
        ['gradient at the start', `(${fmtNum(grad[0], 4)}, ${fmtNum(grad[1], 4)})`, 'start-grad'],
      ]);
    },
  },
  lr: {
    id: 'ch5-lr',
    title: 'Too small, just right, too large',
    caption: 'Try the presets. Past 2/λmax the path climbs out of the bowl, and the library stops it with an error.',
    optimizers: ['sgd'],
    landscapes: ['bowl'],
    controls: ['lr', 'steps'],
    defaults: { land: 'bowl', lr: 0.3, lrAdaptive: 0.01, beta: 0, weightDecay: 0, steps: 300 },
    lrRange: [0.005, 1.2],
    lrPresets: [
      { label: 'too small (0.01)', lr: 0.01 },
      { label: 'just right (0.3)', lr: 0.3 },
      { label: 'too large (0.42)', lr: 0.42 },
      { label: 'far too large (1)', lr: 1 },
    ],
    sources: [SGD_SRC, STEP_SRC],
    formula: (c) => {
      const { eigenvalues } = curvature();
      const lmax = Math.max(...eigenvalues);
      const f = Math.abs(1 - c.settings.lr * lmax);
      return `\\begin{aligned}&\\theta_{t+1} = \\theta_t - \\eta \\nabla L(\\theta_t), \\qquad \\lambda_{\\max}(H) = ${texNum(lmax)} \\\\ &|1 - \\eta \\lambda_{\\max}| = |1 - ${c.settings.lr} \\cdot ${texNum(lmax)}| = ${texNum(f)} \\ ${f < 1 ? '< 1:\\ \\text{the steep direction shrinks}' : '> 1:\\ \\text{the steep direction grows every step}'}\\end{aligned}`;
    },
    extra: (c) => {
      const { eigenvalues, criticalLr } = curvature();
      const lmax = Math.max(...eigenvalues);
      const f = Math.abs(1 - c.settings.lr * lmax);
      const p = c.paths.get('sgd')!;
      const verdict = p.error
        ? 'diverged: the weights overflowed and the library refused to go on (see the message under the plot).'
        : f >= 1
          ? 'diverging: the loss grows every step.'
          : p.losses.at(-1)! - p.losses.at(-2)! > -1e-6 && p.losses.at(-1)! < 0.21
            ? 'converged to the bottom of the bowl.'
            : 'still on its way down.';
      const box = kv([
        ['Hessian eigenvalues (linalg.eigh)', `${fmtNum(Math.min(...eigenvalues), 3)}, ${fmtNum(lmax, 3)}`, 'eig'],
        ['largest safe η = 2 / λmax', fmtNum(criticalLr, 4), 'critical'],
        ['factor per step |1 − ηλmax|', fmtNum(f, 3), 'factor'],
      ]);
      return h('div', null, box, h('p', { class: 'ch5-explain', 'data-verdict': '' }, `η = ${c.settings.lr}: ${verdict}`));
    },
  },
  momentum: {
    id: 'ch5-mom',
    title: 'SGD with and without momentum',
    caption: 'Same learning rate for all three; change β and watch the path bend around the valley.',
    optimizers: ['sgd', 'momentum', 'nesterov'],
    landscapes: ['rosenbrock', 'ravine', 'wells'],
    controls: ['landscape', 'lr', 'beta', 'steps'],
    defaults: { land: 'rosenbrock', lr: 0.004, lrAdaptive: 0.05, beta: 0.9, weightDecay: 0, steps: 200 },
    lrRange: [0.0005, 0.1],
    sources: [SGD_SRC],
    formula: (c) => {
      const p = c.paths.get('momentum')!;
      const j = Math.max(1, Math.min(c.k, p.xs.length - 1));
      const prev: [number, number] = [p.xs[j - 1]!, p.ys[j - 1]!];
      const g = lossAndGradient(c.land, prev).grad;
      // the step taken was η·v, so the velocity is read off the library's path
      const v: [number, number] = [(p.xs[j - 1]! - p.xs[j]!) / c.settings.lr, (p.ys[j - 1]! - p.ys[j]!) / c.settings.lr];
      return (
        `\\begin{aligned}&v_t = \\beta\\, v_{t-1} + \\nabla L(\\theta_{t-1}), \\qquad \\theta_t = \\theta_{t-1} - \\eta\\, v_t \\qquad (\\beta = ${c.settings.beta},\\ \\eta = ${c.settings.lr}) \\\\` +
        `&t = ${j}:\\quad \\nabla L = ${pair(g)}, \\quad v_{${j}} = ${pair(v)}, \\quad \\theta_{${j}} = ${pair([p.xs[j]!, p.ys[j]!])}\\end{aligned}`
      );
    },
  },
  adam: {
    id: 'ch5-adam',
    title: 'SGD, momentum, RMSprop, Adam and AdamW',
    caption: 'Press Step and open the formula tab: Adam’s bias correction with this step’s numbers.',
    optimizers: ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw'],
    landscapes: ['rosenbrock', 'ravine', 'bowl', 'wells'],
    controls: ['landscape', 'lr', 'lrAdaptive', 'beta', 'steps'],
    defaults: { land: 'rosenbrock', lr: 0.004, lrAdaptive: 0.05, beta: 0.9, weightDecay: 0.01, steps: 200 },
    lrRange: [0.0005, 0.1],
    sources: [{ file: 'optim/adam.ts', name: 'AdamBase' }, { file: 'optim/rmsprop.ts', name: 'RMSprop' }, SGD_SRC],
    formula: (c) => {
      const p = c.paths.get('adam')!;
      const tr = p.adam!;
      const t = Math.max(1, Math.min(c.k, tr.g.length));
      const b1 = c.settings.beta;
      const b2 = 0.999;
      const g = tr.g[t - 1]!;
      const m = tr.m[t - 1]!;
      const v = tr.v[t - 1]!;
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      const mh = m / c1;
      const vh = v / c2;
      const stepX = (c.settings.lrAdaptive * mh) / (Math.sqrt(vh) + 1e-8);
      const n = (x: number) => (Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(3).replace(/e([+-]\d+)/, '\\times 10^{$1}') : texNum(x, 4));
      return (
        `\\begin{aligned}&\\text{Adam, weight } x, \\text{ step } t = ${t}\\ (\\beta_1 = ${b1},\\ \\beta_2 = ${b2},\\ \\eta = ${c.settings.lrAdaptive}): \\\\` +
        `&g_{${t}} = ${n(g)}, \\quad m_{${t}} = \\beta_1 m_{${t - 1}} + (1 - \\beta_1)\\, g_{${t}} = ${n(m)}, \\quad v_{${t}} = \\beta_2 v_{${t - 1}} + (1-\\beta_2)\\, g_{${t}}^2 = ${n(v)} \\\\` +
        `&1 - \\beta_1^{${t}} = ${n(c1)}, \\quad 1 - \\beta_2^{${t}} = ${n(c2)}, \\quad \\hat m_{${t}} = \\frac{${n(m)}}{${n(c1)}} = ${n(mh)}, \\quad \\hat v_{${t}} = \\frac{${n(v)}}{${n(c2)}} = ${n(vh)} \\\\` +
        `&x_{${t}} = x_{${t - 1}} - \\eta\\, \\frac{\\hat m_{${t}}}{\\sqrt{\\hat v_{${t}}} + \\varepsilon} = ${n(p.xs[t - 1]!)} - ${stepX < 0 ? `(${n(stepX)})` : n(stepX)} = ${n(p.xs[t]!)}\\end{aligned}`
      );
    },
  },
  decay: {
    id: 'ch5-decay',
    title: 'L2 penalty inside Adam vs decoupled weight decay (AdamW)',
    caption: 'Same λ, same learning rate, same start: change λ and compare where each one settles.',
    optimizers: ['adam-l2', 'adamw'],
    landscapes: ['ravine'],
    controls: ['weightDecay', 'lrAdaptive', 'steps'],
    defaults: { land: 'ravine', lr: 0.01, lrAdaptive: 0.05, beta: 0.9, weightDecay: 1, steps: 400 },
    sources: [{ file: 'optim/adam.ts', name: 'AdamBase' }, { file: 'optim/adam.ts', name: 'AdamW' }],
    markers: (c) => {
      const m = c.land.minima[0]!;
      const l2 = l2Point(c.land, c.settings.weightDecay);
      return [
        { series: { label: 'no decay: minimum', color: 'text', points: true }, xy: [[m.x], [m.y]] },
        { series: { label: 'L2-penalised minimum', color: 'muted', points: true }, xy: [[l2[0]], [l2[1]]] },
      ];
    },
    formula: (c) => {
      const a = c.paths.get('adam-l2')!;
      const w = c.paths.get('adamw')!;
      const lam = c.settings.weightDecay;
      return (
        `\\begin{aligned}&\\text{Adam + L2:}\\ \\ g \\leftarrow g + \\lambda\\theta, \\text{ then the Adam step} &&\\Rightarrow ${pair([a.xs.at(-1)!, a.ys.at(-1)!])} \\\\` +
        `&\\text{AdamW:}\\ \\ \\theta \\leftarrow \\theta\\,(1 - \\eta\\lambda) = \\theta \\cdot ${texNum(1 - c.settings.lrAdaptive * lam, 4)}, \\text{ then the Adam step on } g &&\\Rightarrow ${pair([w.xs.at(-1)!, w.ys.at(-1)!])} \\\\` +
        `&\\lambda = ${lam},\\ \\eta = ${c.settings.lrAdaptive},\\ ${c.steps} \\text{ steps}\\end{aligned}`
      );
    },
    extra: (c) => {
      const a = c.paths.get('adam-l2')!;
      const w = c.paths.get('adamw')!;
      const l2 = l2Point(c.land, c.settings.weightDecay);
      const dist = Math.hypot(a.xs.at(-1)! - w.xs.at(-1)!, a.ys.at(-1)! - w.ys.at(-1)!);
      return kv([
        ['L2-penalised minimum (SGD, weightDecay λ)', `(${fmtNum(l2[0], 4)}, ${fmtNum(l2[1], 4)})`, 'l2min'],
        ['distance between the two end points', fmtNum(dist, 4), 'gap'],
      ]);
    },
  },
};

const wideProse = (el: HTMLElement, ctx: SectionContext, text: string) => {
  ctx.wide();
  el.classList.add('ch5');
  el.append(prose(text));
};

export const page: ChapterPage = {
  intro: (el) => {
    el.append(prose(intro));
  },
  sections: {
    'loss-landscape': (el, ctx) => {
      wideProse(el, ctx, lossLandscape);
      const w = mountRace(el, RACES.landscape!);
      return () => w.destroy();
    },
    convexity: (el, ctx) => {
      wideProse(el, ctx, convexity);
      const w = mountStarts(el, { id: 'ch5-starts' });
      return () => w.destroy();
    },
    'sgd-variants': (el, ctx) => {
      wideProse(el, ctx, sgdVariants);
      const w = mountVariants(el, { id: 'ch5-variants' });
      return () => w.destroy();
    },
    'learning-rate': (el, ctx) => {
      wideProse(el, ctx, learningRate);
      const w = mountRace(el, RACES.lr!);
      return () => w.destroy();
    },
    schedules: (el, ctx) => {
      wideProse(el, ctx, schedules);
      const w = mountSchedule(el, { id: 'ch5-sched' });
      return () => w.destroy();
    },
    momentum: (el, ctx) => {
      wideProse(el, ctx, momentum);
      const w = mountRace(el, RACES.momentum!);
      return () => w.destroy();
    },
    adam: (el, ctx) => {
      wideProse(el, ctx, adam);
      const w = mountRace(el, RACES.adam!);
      return () => w.destroy();
    },
    'weight-decay': (el, ctx) => {
      wideProse(el, ctx, weightDecay);
      const w = mountRace(el, RACES.decay!);
      return () => w.destroy();
    },
    'lasso-path': (el, ctx) => {
      wideProse(el, ctx, lassoPath);
      const w = mountLasso(el, { id: 'lasso' });
      return () => w.destroy();
    },
    'live-training': (el, ctx) => {
      wideProse(el, ctx, liveTraining);
      const w = mountTrain(el, { id: 'ch5-train' });
      return () => w.destroy();
    },
  },
};
