/**
 * Chapter 5's computations, with no DOM: the widgets and the tests both call these.
 *
 * Everything goes through the library's public API: each landscape is a function written with
 * tensor ops (so the heatmap and the optimizer's gradients come from the same code), each path is
 * the library's optimizer stepping two 1-element parameters, the data loader cuts the regression
 * data into batches, and the schedules are `optim.schedule.*`.
 */
import { data, Generator, io, linalg, loss, manualSeed, nn, noGrad, optim, randn, recipes, tensor, ValueError, type Tensor } from 'groundup';

// ---------------------------------------------------------------------------------------------
// The regression data behind the "bowl": 64 points near the line y = 2x − 1
// ---------------------------------------------------------------------------------------------

export const REG_N = 64;
export const REG_SEED = 5;

export interface Regression {
  x: Tensor; // [64]
  y: Tensor; // [64]
}

let regCache: Regression | null = null;
/** x ~ N(1, 1), y = 2x − 1 + 0.5·noise, from a fixed seed (the same in Node and the browser). */
export function regressionData(): Regression {
  if (regCache) return regCache;
  const g = new Generator(REG_SEED);
  const x = randn([REG_N], { generator: g }).add(1);
  const y = x.mul(2).sub(1).add(randn([REG_N], { generator: g }).mul(0.5));
  return (regCache = { x, y });
}

/** Mean squared error of the line y = w·x + b, for K pairs (w, b) at once: w, b [K] → [K]. */
export function regressionLoss(w: Tensor, b: Tensor, d: Regression = regressionData()): Tensor {
  const pred = w.unsqueeze(1).mul(d.x.unsqueeze(0)).add(b.unsqueeze(1)); // [K, 64]
  return pred.sub(d.y.unsqueeze(0)).square().mean(1);
}

/** The Hessian of the bowl, 2/N·[[Σx², Σx], [Σx, N]], and its eigenvalues (linalg.eigh). */
export function bowlCurvature(): { hessian: number[][]; eigenvalues: number[]; criticalLr: number } {
  const { x } = regressionData();
  const sxx = x.square().mean().item();
  const sx = x.mean().item();
  const H = tensor([
    [2 * sxx, 2 * sx],
    [2 * sx, 2],
  ]);
  const ev = Array.from(linalg.eigh(H).values.data);
  return { hessian: H.toArray() as number[][], eigenvalues: ev, criticalLr: 2 / Math.max(...ev) };
}

// ---------------------------------------------------------------------------------------------
// Landscapes: a loss of two parameters, written with tensor ops
// ---------------------------------------------------------------------------------------------

export type LandscapeId = 'bowl' | 'rosenbrock' | 'wells' | 'ravine';

export interface Landscape {
  id: LandscapeId;
  name: string;
  /** Elementwise: x, y [K] → loss [K]. */
  f(x: Tensor, y: Tensor): Tensor;
  xRange: [number, number];
  yRange: [number, number];
  start: [number, number];
  /** Names of the two parameters (axis labels). */
  axes: [string, string];
  /** Known minima, marked on the plot. */
  minima: { x: number; y: number; label: string }[];
  /** The same function as JavaScript for the code cell (may define data first). */
  code: string;
  /** The formula in TeX. */
  tex: string;
}

export const LANDSCAPES: Record<LandscapeId, Landscape> = {
  bowl: {
    id: 'bowl',
    name: 'bowl: a line fitted to 64 points (MSE)',
    f: (w, b) => regressionLoss(w, b),
    xRange: [-1, 5],
    yRange: [-4, 3],
    start: [-0.5, 2.5],
    axes: ['w (slope)', 'b (intercept)'],
    minima: [], // filled in below from least squares
    code: [
      `// 64 points near y = 2x − 1, from seed ${REG_SEED}`,
      `const g = new Generator(${REG_SEED});`,
      `const X = randn([${REG_N}], { generator: g }).add(1);`,
      `const Y = X.mul(2).sub(1).add(randn([${REG_N}], { generator: g }).mul(0.5));`,
      `const f = (w, b) => w.unsqueeze(1).mul(X.unsqueeze(0)).add(b.unsqueeze(1)).sub(Y.unsqueeze(0)).square().mean(1);`,
    ].join('\n'),
    tex: 'L(w, b) = \\tfrac{1}{64}\\textstyle\\sum_i (w x_i + b - y_i)^2',
  },
  rosenbrock: {
    id: 'rosenbrock',
    name: 'banana valley (Rosenbrock)',
    // (1 − x)² + 10 (y − x²)²
    f: (x, y) => x.neg().add(1).square().add(y.sub(x.square()).square().mul(10)),
    xRange: [-2, 2],
    yRange: [-1, 3],
    start: [-1.5, 2.5],
    axes: ['x', 'y'],
    minima: [{ x: 1, y: 1, label: 'minimum (1, 1)' }],
    code: 'const f = (x, y) => x.neg().add(1).square().add(y.sub(x.square()).square().mul(10));',
    tex: 'L(x, y) = (1 - x)^2 + 10\\,(y - x^2)^2',
  },
  wells: {
    id: 'wells',
    name: 'two valleys (non-convex)',
    // (x² − 1)² + 0.3x + y²: a deeper valley at x ≈ −1, a shallower one at x ≈ +1, a saddle between
    f: (x, y) => x.square().sub(1).square().add(x.mul(0.3)).add(y.square()),
    xRange: [-2, 2],
    yRange: [-1.5, 1.5],
    start: [0.3, 1.2],
    axes: ['x', 'y'],
    minima: [
      { x: -1.0356, y: 0, label: 'global minimum' },
      { x: 0.9598, y: 0, label: 'local minimum' },
    ],
    code: 'const f = (x, y) => x.square().sub(1).square().add(x.mul(0.3)).add(y.square());',
    tex: 'L(x, y) = (x^2 - 1)^2 + 0.3\\,x + y^2',
  },
  ravine: {
    id: 'ravine',
    name: 'ravine: steep in x, flat in y',
    // 10 (x − 1)² + 0.5 (y − 1)²
    f: (x, y) => x.sub(1).square().mul(10).add(y.sub(1).square().mul(0.5)),
    xRange: [-0.5, 2],
    yRange: [-0.5, 2],
    start: [-0.2, -0.2],
    axes: ['x', 'y'],
    minima: [{ x: 1, y: 1, label: 'minimum (1, 1)' }],
    code: 'const f = (x, y) => x.sub(1).square().mul(10).add(y.sub(1).square().mul(0.5));',
    tex: 'L(x, y) = 10\\,(x - 1)^2 + 0.5\\,(y - 1)^2',
  },
};

/** Least squares for the bowl: the bottom of the bowl, found with the normal equations (2×2). */
export function bowlMinimum(): [number, number] {
  const { x, y } = regressionData();
  const sx = x.mean().item();
  const sy = y.mean().item();
  const sxx = x.square().mean().item();
  const sxy = x.mul(y).mean().item();
  const w = (sxy - sx * sy) / (sxx - sx * sx);
  return [w, sy - w * sx];
}
{
  const [w, b] = bowlMinimum();
  LANDSCAPES.bowl.minima.push({ x: w, y: b, label: 'least squares' });
}

export interface Grid {
  /** G×G values, row-major with y ascending by row, x ascending along a row. */
  z: Float32Array;
  G: number;
  min: number;
  max: number;
}

const gridCache = new Map<string, Grid>();
/** The landscape on a G×G grid over its ranges, in one batched tensor evaluation. */
export function landscapeGrid(land: Landscape, G = 90): Grid {
  const key = `${land.id}:${G}`;
  const hit = gridCache.get(key);
  if (hit) return hit;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j < G; j++)
    for (let i = 0; i < G; i++) {
      xs.push(land.xRange[0] + ((i + 0.5) / G) * (land.xRange[1] - land.xRange[0]));
      ys.push(land.yRange[0] + ((j + 0.5) / G) * (land.yRange[1] - land.yRange[0]));
    }
  const z = noGrad(() => land.f(tensor(xs), tensor(ys))).data as Float32Array;
  let min = Infinity;
  let max = -Infinity;
  for (const v of z) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const g = { z: Float32Array.from(z), G, min, max };
  gridCache.set(key, g);
  return g;
}

// ---------------------------------------------------------------------------------------------
// Optimizers and paths
// ---------------------------------------------------------------------------------------------

export type OptId = 'sgd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam' | 'adamw' | 'adam-l2';

export interface OptSettings {
  /** Learning rate for the SGD family. */
  lr: number;
  /** Learning rate for the adaptive ones (RMSprop, Adam, AdamW). */
  lrAdaptive: number;
  /** Momentum β (SGD) and β₁ (Adam). */
  beta: number;
  /** λ for weight decay, used by 'adam-l2' (L2 in the gradient) and 'adamw' (decoupled) only. */
  weightDecay: number;
}

export const OPT_NAMES: Record<OptId, string> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  nesterov: 'SGD + Nesterov',
  rmsprop: 'RMSprop',
  adam: 'Adam',
  adamw: 'AdamW (decoupled decay)',
  'adam-l2': 'Adam + L2 (λw in the gradient)',
};

/**
 * The library's optimizer for a race entry: `optim.make` with its names and settings. The race
 * gives the SGD family and the adaptive rules a learning rate each (lr, lrAdaptive) and one β for
 * momentum μ and Adam's β₁; 'adam-l2' is optim.make's 'adam' with weightDecay (L2 in the gradient).
 */
export function optimizerCall(id: OptId, s: OptSettings): { name: optim.OptimizerName; settings: optim.OptimizerSettings } {
  switch (id) {
    case 'sgd':
      return { name: 'sgd', settings: { lr: s.lr } };
    case 'momentum':
    case 'nesterov':
      return { name: id, settings: { lr: s.lr, momentum: s.beta } };
    case 'rmsprop':
      return { name: 'rmsprop', settings: { lr: s.lrAdaptive } };
    case 'adam':
      return { name: 'adam', settings: { lr: s.lrAdaptive, beta1: s.beta } };
    case 'adam-l2':
      return { name: 'adam', settings: { lr: s.lrAdaptive, beta1: s.beta, weightDecay: s.weightDecay } };
    case 'adamw':
      return { name: 'adamw', settings: { lr: s.lrAdaptive, beta1: s.beta, weightDecay: s.weightDecay } };
  }
}

export function makeOptimizer(id: OptId, params: Tensor[], s: OptSettings): optim.Optimizer {
  const c = optimizerCall(id, s);
  return optim.make(c.name, params, c.settings);
}

/** The code (for the code tab) that builds the same optimizer. */
export function optimizerCode(id: OptId, s: OptSettings): string {
  const c = optimizerCall(id, s);
  return optim.code(c.name, c.settings, '[x, y]');
}

/** Adam's internals for the first parameter (x) after each step, read from `opt.state(0)`. */
export interface AdamTrace {
  g: number[];
  m: number[];
  v: number[];
}

export interface Path {
  xs: number[];
  ys: number[];
  /** Loss at each visited point (losses[k] is the loss at (xs[k], ys[k])). */
  losses: number[];
  /** Set when the library refused to go on (backward on a non-finite loss, or a step on a non-finite gradient). */
  error: { step: number; name: string; message: string } | null;
  adam?: AdamTrace;
}

/** Runs `steps` updates of optimizer `id` from `start` on the landscape; every step is the library's. */
export function runPath(land: Landscape, id: OptId, start: [number, number], steps: number, s: OptSettings): Path {
  const px = tensor([start[0]], { requiresGrad: true });
  const py = tensor([start[1]], { requiresGrad: true });
  const opt = makeOptimizer(id, [px, py], s);
  const path: Path = { xs: [start[0]], ys: [start[1]], losses: [], error: null };
  const trace: AdamTrace | undefined = id === 'adam' || id === 'adamw' || id === 'adam-l2' ? { g: [], m: [], v: [] } : undefined;
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    const L = land.f(px, py).sum();
    path.losses.push(L.item());
    try {
      L.backward(); // refuses a NaN or infinite loss with a ValueError
      opt.step(); // refuses a NaN or infinite gradient the same way
    } catch (e) {
      if (e instanceof ValueError) {
        path.error = { step: t, name: e.name, message: e.message };
        break;
      }
      throw e;
    }
    path.xs.push(px.data[0]!);
    path.ys.push(py.data[0]!);
    if (trace) {
      const st = opt.state(0)!;
      trace.g.push(px.grad!.data[0]!);
      trace.m.push((st.expAvg as Tensor).data[0]!);
      trace.v.push((st.expAvgSq as Tensor).data[0]!);
    }
  }
  if (!path.error) path.losses.push(noGrad(() => land.f(px, py).sum().item()));
  if (trace) path.adam = trace;
  return path;
}

/** The code cell's program: the same landscape, optimizer and number of steps. */
export function pathCode(land: Landscape, id: OptId, start: [number, number], steps: number, s: OptSettings): string {
  return [
    land.code,
    `const x = tensor([${start[0]}], { requiresGrad: true });`,
    `const y = tensor([${start[1]}], { requiresGrad: true });`,
    `const opt = ${optimizerCode(id, s)};`,
    `for (let t = 0; t < ${steps}; t++) {`,
    `  opt.zeroGrad();`,
    `  const L = f(x, y).sum();`,
    `  L.backward();   // throws a ValueError if L is NaN or infinite`,
    `  opt.step();`,
    `}`,
    `console.log('loss', f(x, y).sum().item());`,
    `[x.item(), y.item()]`,
  ].join('\n');
}

/**
 * Where plain SGD settles on the loss plus the L2 penalty ½λ‖θ‖² (SGD's weightDecay is exactly
 * that penalty's gradient): the L2-regularised minimum, found by the library, not by a formula.
 */
export function l2Minimum(land: Landscape, lambda: number, steps = 3000, lr = 0.02): [number, number] {
  const m = land.minima[0] ?? { x: land.start[0], y: land.start[1] };
  const px = tensor([m.x], { requiresGrad: true });
  const py = tensor([m.y], { requiresGrad: true });
  const opt = new optim.SGD([px, py], { lr, weightDecay: lambda });
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    land.f(px, py).sum().backward();
    opt.step();
  }
  return [px.data[0]!, py.data[0]!];
}

/** Loss and gradient at one point, by autograd. */
export function lossAndGradient(land: Landscape, p: [number, number]): { loss: number; grad: [number, number] } {
  const px = tensor([p[0]], { requiresGrad: true });
  const py = tensor([p[1]], { requiresGrad: true });
  const L = land.f(px, py).sum();
  L.backward();
  return { loss: L.item(), grad: [px.grad!.data[0]!, py.grad!.data[0]!] };
}

/** Starting points spread along the top of the plot (for the convexity widget). */
export function spreadStarts(land: Landscape, n: number): [number, number][] {
  const [x0, x1] = land.xRange;
  const [y0, y1] = land.yRange;
  const y = y0 + 0.85 * (y1 - y0);
  return Array.from({ length: n }, (_, i) => [x0 + ((i + 0.5) / n) * (x1 - x0), y] as [number, number]);
}

// ---------------------------------------------------------------------------------------------
// Batch, mini-batch and stochastic gradient descent on the regression
// ---------------------------------------------------------------------------------------------

export interface VariantRun {
  batchSize: number;
  /** Parameters after each update, starting with the initial ones. */
  ws: number[];
  bs: number[];
  /** Full-data loss after each update (index 0: before any). */
  losses: number[];
  /** Samples seen at each entry (0, b, 2b, …), so runs with different batch sizes share an axis. */
  seen: number[];
  updatesPerEpoch: number;
}

export const VARIANT_START: [number, number] = [-0.5, 2.5];

/** Trains y = w·x + b with `optim.SGD` on batches from `data.DataLoader` (shuffled, seeded). */
export function trainVariant(batchSize: number, lr: number, epochs: number, seed = 1): VariantRun {
  const d = regressionData();
  const w = tensor([VARIANT_START[0]], { requiresGrad: true });
  const b = tensor([VARIANT_START[1]], { requiresGrad: true });
  const opt = new optim.SGD([w, b], { lr });
  const loader = new data.DataLoader(d.x, d.y, { batchSize, shuffle: true, seed });
  const full = () => noGrad(() => regressionLoss(w, b, d).item());
  const run: VariantRun = { batchSize, ws: [w.data[0]!], bs: [b.data[0]!], losses: [full()], seen: [0], updatesPerEpoch: loader.length };
  let seen = 0;
  for (let e = 0; e < epochs; e++)
    for (const [xb, yb] of loader) {
      opt.zeroGrad();
      loss.mse(xb.mul(w).add(b), yb).backward();
      opt.step();
      seen += xb.shape[0]!;
      run.ws.push(w.data[0]!);
      run.bs.push(b.data[0]!);
      run.losses.push(full());
      run.seen.push(seen);
    }
  return run;
}

// ---------------------------------------------------------------------------------------------
// Learning-rate schedules
// ---------------------------------------------------------------------------------------------

/** The schedules the widget offers: the library's names (optim.schedule.NAMES) minus constant. */
export type ScheduleKind = Exclude<optim.ScheduleName, 'constant'>;

/** The widget's settings: optim.schedule.byName's, every one given. */
export interface ScheduleSettings {
  lr: number;
  totalSteps: number;
  warmupSteps: number;
  stepSize: number;
  gamma: number;
  minLr: number;
}

/** optim.schedule.byName with the settings the kind reads (gamma: the factor per stepSize steps, for step and exponential). */
export function makeSchedule(kind: optim.ScheduleName, s: ScheduleSettings): optim.Schedule {
  return optim.schedule.byName(kind, scheduleSettingsFor(kind, s));
}

/** Only the settings schedule `kind` reads (so the code cell shows no unused ones). */
export function scheduleSettingsFor(kind: optim.ScheduleName, s: ScheduleSettings): optim.ScheduleSettings {
  switch (kind) {
    case 'constant':
      return { lr: s.lr };
    case 'step':
    case 'exponential':
      return { lr: s.lr, stepSize: s.stepSize, gamma: s.gamma };
    case 'cosine':
      return { lr: s.lr, totalSteps: s.totalSteps, minLr: s.minLr };
    case 'warmupCosine':
      return { lr: s.lr, warmupSteps: s.warmupSteps, totalSteps: s.totalSteps, minLr: s.minLr };
  }
}

/** The exponential schedule's per-step factor: γ^(1/stepSize), so it matches the step schedule at multiples of stepSize. */
export function expGamma(s: ScheduleSettings): number {
  return Number((s.gamma ** (1 / s.stepSize)).toPrecision(6));
}

export function scheduleCode(kind: optim.ScheduleName, s: ScheduleSettings): string {
  const o = scheduleSettingsFor(kind, s);
  return `optim.schedule.byName('${kind}', { ${Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(', ')} })`;
}

/** lrAt(t) for t = 0 … totalSteps + 10% (to show what happens after the end). */
export function scheduleCurve(kind: optim.ScheduleName, s: ScheduleSettings): { t: number[]; lr: number[] } {
  const sched = makeSchedule(kind, s);
  const end = Math.round(s.totalSteps * 1.1);
  const t: number[] = [];
  const lr: number[] = [];
  for (let k = 0; k <= end; k++) {
    t.push(k);
    lr.push(sched.lrAt(k));
  }
  return { t, lr };
}

// ---------------------------------------------------------------------------------------------
// Live training: an MLP on spirals
// ---------------------------------------------------------------------------------------------

/**
 * The widget's run: the library's spirals recipe (recipes.spirals: the CLI's 600 points and fixed
 * split, models.mlp, recipes.Trainer), so `groundup train spirals` with the same flags is the same
 * run. The widget's own defaults (a tanh net of 32 units, lr 0.02) differ from the CLI's and are
 * printed as the flags that reproduce it.
 */
export type SpiralSettings = Pick<recipes.RecipeSettings, 'optimizer' | 'lr' | 'hidden' | 'batchSize' | 'epochs' | 'schedule' | 'seed'>;

/** What the widget fixes: the network's depth and activation. */
export const SPIRAL_FIXED = { layers: 2, activation: 'tanh' } as const;
export const SPIRAL_DEFAULTS: SpiralSettings = { optimizer: 'adam', lr: 0.02, hidden: 32, batchSize: 32, epochs: 60, schedule: 'cosine', seed: 0 };

/** The class names `groundup train --task spirals` writes, so the files agree. */
export const SPIRAL_CLASSES = recipes.spirals.classNames;
/** The widget's network in the model-file format (the CLI builds it with models.mlp). */
export const spiralNet = (hidden: number) => ({ kind: 'mlp', inFeatures: 2, hidden, layers: SPIRAL_FIXED.layers, activation: SPIRAL_FIXED.activation, classes: 3 });

/** The recipe's complete settings for the widget's choices. */
export const spiralRecipeSettings = (s: SpiralSettings): recipes.RecipeSettings => recipes.settings('spirals', { ...s, ...SPIRAL_FIXED });

/** The CLI command that trains this very run (the flags are the kebab-case of the URL keys). */
export function spiralCommand(s: SpiralSettings): string {
  const d = recipes.spirals.defaults;
  const flags: string[] = [`--activation ${SPIRAL_FIXED.activation}`];
  const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  for (const k of ['optimizer', 'lr', 'hidden', 'batchSize', 'epochs', 'schedule', 'seed'] as const) if (s[k] !== d[k]) flags.push(`--${kebab(k)} ${s[k]}`);
  return `groundup train spirals ${flags.join(' ')}`;
}

export class SpiralTrainer {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly xTest: Tensor;
  readonly yTest: Tensor;
  readonly model: nn.Sequential;
  readonly trainer: recipes.Trainer;
  readonly accs: number[] = [];

  constructor(readonly o: SpiralSettings) {
    const d = recipes.spirals.load();
    [this.x, this.y, this.xTest, this.yTest] = [d.xTrain, d.yTrain, d.xTest, d.yTest];
    const s = spiralRecipeSettings(o);
    manualSeed(s.seed);
    this.model = recipes.spirals.model(s);
    this.trainer = new recipes.Trainer(this.model, this.x, this.y, recipes.trainSettings(s));
  }

  get steps(): number {
    return this.trainer.step;
  }
  /** The loss of each update's mini-batch. */
  get losses(): number[] {
    return this.trainer.losses;
  }
  get opt(): optim.Optimizer {
    return this.trainer.optimizer;
  }

  /** `n` updates; records the training accuracy after the last. */
  train(n: number): void {
    this.trainer.steps(n);
    this.accs.push(this.accuracy());
  }

  /** Accuracy on the training points (or on the held-out ones). */
  accuracy(which: 'train' | 'test' = 'train'): number {
    const [x, y] = which === 'train' ? [this.x, this.y] : [this.xTest, this.yTest];
    return noGrad(() => {
      const pred = this.model.eval().forward(x).argmax(-1).data;
      let hit = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === y.data[i]) hit++;
      return hit / pred.length;
    });
  }

  /** The model as the two files `groundup train` writes (task spirals; `groundup eval --weights` reads them). */
  save(): { weights: Uint8Array; sidecar: string } {
    const s = spiralRecipeSettings(this.o);
    return io.saveModelFile(this.model.stateDict(), {
      format: 'groundup-model',
      version: 1,
      task: 'spirals',
      kind: 'classification',
      classNames: SPIRAL_CLASSES,
      model: spiralNet(this.o.hidden),
      preprocess: { kind: 'none' },
      data: { ...recipes.spirals.data, split: 'shuffle', splitSeed: recipes.spirals.split.seed, testFraction: recipes.spirals.split.testFraction },
      training: { optimizer: s.optimizer, lr: s.lr, batchSize: s.batchSize, schedule: s.schedule, epochs: s.epochs, steps: this.steps, seed: s.seed },
      results: { trainLoss: this.trainer.epochLosses.at(-1) ?? this.losses.at(-1) ?? null, trainAccuracy: this.accuracy() },
      source: 'guide:ch5-train',
    });
  }

  /** Takes the weights of a model file of this very network (io.expectModel refuses any other). */
  load(file: io.ModelFile, tensors: Record<string, Tensor>): void {
    io.expectModel(file, spiralNet(this.o.hidden), "this widget's MLP");
    this.model.loadStateDict(tensors);
  }

  /** Predicted class on a G×G grid over [−1.3, 1.3]², rows with y ascending. */
  boundary(G = 60, lim = 1.3): Int32Array {
    const pts: number[][] = [];
    for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) pts.push([-lim + ((i + 0.5) / G) * 2 * lim, -lim + ((j + 0.5) / G) * 2 * lim]);
    return Int32Array.from(noGrad(() => this.model.eval().forward(tensor(pts)).argmax(-1).data));
  }
}

// ---------------------------------------------------------------------------------------------
// A schedule driving a real run: the spirals recipe trained with the chosen learning-rate schedule
// ---------------------------------------------------------------------------------------------

/** A small, quick spirals run (for the schedule widget): 16 hidden units, Adam, batch 32. */
export const SCHEDULE_RUN = { optimizer: 'adam', hidden: 16, batchSize: 32, seed: 0 } as const;

/**
 * Trains the spirals recipe for `totalSteps` updates with schedule `kind` (settings `s`) and
 * returns each update's mini-batch loss and the lr it used. Every number is the library's.
 */
export function scheduleRun(kind: optim.ScheduleName, s: ScheduleSettings): { losses: number[]; lrs: number[] } {
  const d = recipes.spirals.load();
  const perEpoch = Math.ceil(d.xTrain.shape[0]! / SCHEDULE_RUN.batchSize);
  const epochs = Math.ceil(s.totalSteps / perEpoch);
  const rs = recipes.settings('spirals', { ...SCHEDULE_RUN, ...SPIRAL_FIXED, epochs, lr: s.lr });
  manualSeed(rs.seed);
  const model = recipes.spirals.model(rs);
  // the widget's schedule over the widget's totalSteps (the Trainer's own run is rounded up to whole epochs)
  const t = new recipes.Trainer(model, d.xTrain, d.yTrain, recipes.trainSettings(rs), { schedule: makeSchedule(kind, s) });
  const lrs: number[] = [];
  for (let k = 0; k < s.totalSteps; k++) {
    lrs.push(t.lr);
    t.trainStep();
  }
  return { losses: t.losses.slice(), lrs };
}
