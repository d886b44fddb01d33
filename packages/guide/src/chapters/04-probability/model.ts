/**
 * Chapter 4's computations, with no DOM: every widget calls these and the tests check them against
 * plain-JavaScript arithmetic. All probability math goes through the library's public API (`prob`,
 * tensor reductions, `data.ecg.record208`); the only arithmetic here is bookkeeping for the pictures
 * (bin edges, counts of a 1000-person population).
 */
import { Generator, data, div, nn, prob, randn, tensor, zeros, type Tensor } from 'groundup';

// ---------------------------------------------------------------------------------------------
// A Normal distribution: density from logProb, seeded samples, summary numbers
// ---------------------------------------------------------------------------------------------

export interface NormalInput {
  mean: number;
  std: number;
  n: number;
  seed: number;
}

/** The plotted range of the Normal widget (mV) and its histogram layout. */
export const NORMAL_RANGE = { lo: -6, hi: 6, bins: 48, sub: 5 } as const;

export interface NormalView {
  /** x grid (mV), bins·sub + 1 points from lo to hi */
  xs: number[];
  /** exp(logProb(x)) on the grid */
  density: number[];
  /** the histogram's height at each grid point (count / (n · bin width)), drawn as steps */
  hist: number[];
  /** the seeded draws */
  samples: Float32Array;
  /** draws outside the plotted range (counted, not drawn) */
  outside: number;
  mean: number;
  variance: number;
  std: number;
  entropy: number;
  sampleMean: number;
  sampleStd: number;
}

export function normalView(v: NormalInput): NormalView {
  const { lo, hi, bins, sub } = NORMAL_RANGE;
  const d = new prob.Normal(v.mean, v.std, { dtype: 'float64' });
  const points = bins * sub + 1;
  const step = (hi - lo) / (bins * sub);
  const xs = Array.from({ length: points }, (_, i) => lo + i * step);
  const density = Array.from(d.logProb(tensor(xs, { dtype: 'float64' })).exp().data);
  const s = d.sample([v.n], { generator: new Generator(v.seed) });
  const samples = Float32Array.from(s.data);
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (const x of samples) {
    const b = Math.floor((x - lo) / width);
    if (b < 0 || b >= bins) outside++;
    else counts[b]!++;
  }
  const hist = xs.map((_, i) => counts[Math.min(bins - 1, Math.floor(i / sub))]! / (v.n * width));
  return {
    xs,
    density,
    hist,
    samples,
    outside,
    mean: d.mean.item(),
    variance: d.variance.item(),
    std: Math.sqrt(d.variance.item()),
    entropy: d.entropy().item(),
    sampleMean: s.mean().item(),
    sampleStd: v.n > 1 ? s.std().item() : 0,
  };
}

// ---------------------------------------------------------------------------------------------
// A classifier's output: Categorical from softmax logits
// ---------------------------------------------------------------------------------------------

/** The rhythm classes of the library's synthetic ECG set, in its order. */
export const RHYTHMS = ['normal', 'afib', 'pvc', 'brady', 'tachy'] as const;
export const RHYTHM_NAMES = ['normal sinus', 'atrial fibrillation', 'PVC', 'bradycardia', 'tachycardia'] as const;

export interface CategoricalView {
  /** the temperature T the logits were divided by */
  temperature: number;
  /** z / T, the logits the softmax actually sees */
  scaled: number[];
  probs: number[];
  logProbs: number[];
  entropy: number;
  /** argmax of probs */
  predicted: number;
  /** fraction of the n seeded draws that landed on each class */
  sampled: number[];
}

/** Softmax temperature range of the widget (and its URL rule). */
export const TEMPERATURE = { min: 0.05, max: 20 } as const;

/**
 * The rhythm distribution softmax(z / T): T = 1 is the plain softmax, T < 1 sharpens it towards the
 * largest logit, T > 1 flattens it towards uniform. n seeded draws give the sampled shares.
 */
export function categoricalView(logits: number[], n: number, seed: number, temperature = 1): CategoricalView {
  if (!(Number.isFinite(temperature) && temperature > 0)) throw new RangeError(`categoricalView: temperature must be a finite number > 0, got ${temperature}`);
  const scaledT = div(tensor(logits, { dtype: 'float64' }), temperature);
  const c = new prob.Categorical({ logits: scaledT }, { dtype: 'float64' });
  const probs = Array.from(c.probs.data);
  const logProbs = Array.from(c.logProb(logits.map((_, k) => k)).data);
  const draws = c.sample([n], { generator: new Generator(seed) });
  const sampled = Array.from(prob.fitCategorical(draws, logits.length).probs.data);
  let predicted = 0;
  probs.forEach((p, k) => {
    if (p > probs[predicted]!) predicted = k;
  });
  return { temperature, scaled: Array.from(scaledT.data), probs, logProbs, entropy: c.entropy().item(), predicted, sampled };
}

// ---------------------------------------------------------------------------------------------
// Bayes' rule for a screening test, with a population of 1000 patients
// ---------------------------------------------------------------------------------------------

export interface BayesInput {
  prior: number;
  sensitivity: number;
  fpr: number;
}

export interface BayesView {
  posterior: number;
  /** P(flagged) = sensitivity·prior + fpr·(1 − prior) */
  evidence: number;
  population: number;
  /** counts in the population (rounded to whole patients) */
  sick: number;
  truePos: number;
  falseNeg: number;
  falsePos: number;
  trueNeg: number;
}

export const POPULATION = 1000;

export function bayesView(v: BayesInput, population = POPULATION): BayesView {
  const posterior = prob.bayes({ prior: v.prior, likelihood: v.sensitivity, falsePositiveRate: v.fpr });
  const sick = Math.round(population * v.prior);
  const truePos = Math.round(sick * v.sensitivity);
  const falsePos = Math.round((population - sick) * v.fpr);
  return {
    posterior,
    evidence: v.sensitivity * v.prior + v.fpr * (1 - v.prior),
    population,
    sick,
    truePos,
    falseNeg: sick - truePos,
    falsePos,
    trueNeg: population - sick - falsePos,
  };
}

// ---------------------------------------------------------------------------------------------
// Statistics of a window of the real ECG (MIT-BIH record 208)
// ---------------------------------------------------------------------------------------------

// The recording is a module of the library's own that data.ecg.record208() loads on first use;
// this chapter's page is itself loaded on demand, so it waits for the record once, here.
const record: data.EcgRecord = await data.ecg.record208();
export function ecg(): data.EcgRecord {
  return record;
}

export interface WindowInput {
  /** start in seconds */
  start: number;
  /** length in seconds */
  length: number;
  /** lag in samples (1/360 s each) */
  lag: number;
}

export interface WindowView {
  fs: number;
  /** the lag actually used (samples), after clamping */
  lag: number;
  /** first sample index and number of samples */
  i0: number;
  n: number;
  /** time (s) of each sample of the window */
  t: number[];
  /** x(t) and x(t + lag), mV */
  x: number[];
  y: number[];
  mean: number;
  variance: number;
  std: number;
  /** cov(x(t), x(t + lag)), mV² (n − 1 divisor) */
  cov: number;
  /** correlation = cov / (std_x · std_y) */
  corr: number;
  stdLagged: number;
}

/** Clamps a request so the window and its lagged copy fit inside the record. */
export function clampWindow(v: WindowInput, fs: number, total: number): WindowInput {
  const length = Math.min(Math.max(v.length, 0.1), 20);
  const lag = Math.min(Math.max(Math.round(v.lag), 0), fs);
  const maxStart = (total - lag) / fs - length;
  const start = Math.min(Math.max(v.start, 0), Math.floor(maxStart * 10) / 10);
  return { start, length, lag };
}

export function windowView(req: WindowInput): WindowView {
  const rec = ecg();
  const fs = rec.fs;
  const v = clampWindow(req, fs, rec.signal.size);
  const i0 = Math.round(v.start * fs);
  const n = Math.round(v.length * fs);
  const a = rec.signal.narrow(0, i0, n);
  const b = rec.signal.narrow(0, i0 + v.lag, n);
  const cov = prob.covariance(a, b).item();
  const std = a.std().item();
  const stdLagged = b.std().item();
  return {
    fs,
    lag: v.lag,
    i0,
    n,
    t: Array.from({ length: n }, (_, i) => (i0 + i) / fs),
    x: Array.from(a.data),
    y: Array.from(b.data),
    mean: a.mean().item(),
    variance: a.var().item(),
    std,
    cov,
    corr: cov / (std * stdLagged),
    stdLagged,
  };
}

// ---------------------------------------------------------------------------------------------
// Maximum likelihood for a Normal: resting heart rates
// ---------------------------------------------------------------------------------------------

/** The hidden truth the heart rates are drawn from (bpm); the learner does not need it. */
export const HR_TRUE = { mean: 72, std: 9 } as const;
export const HR_COUNT = 40;
export const MU_RANGE = { lo: 50, hi: 95 } as const;
export const SIGMA_RANGE = { lo: 3, hi: 25 } as const;

/** n resting heart rates (bpm), drawn by the library from N(72, 9²) with a seed, to 0.1 bpm. */
export function heartRates(seed: number, n = HR_COUNT): number[] {
  const s = new prob.Normal(HR_TRUE.mean, HR_TRUE.std, { dtype: 'float64' }).sample([n], { generator: new Generator(seed) });
  return Array.from(s.data, (x) => Math.round(x * 10) / 10);
}

/** ℓ(μ, σ) = Σᵢ log N(xᵢ; μ, σ²). */
export function logLikelihood(x: number[], mu: number, sigma: number): number {
  return new prob.Normal(mu, sigma, { dtype: 'float64' }).logProb(tensor(x, { dtype: 'float64' })).sum().item();
}

export interface MleView {
  ll: number;
  fit: { mean: number; std: number };
  llAtFit: number;
  /** μ grid (step 0.1 bpm, plus the MLE itself) and ℓ(μ, σ) along it, σ held at the learner's value */
  muGrid: number[];
  llByMu: number[];
  /** σ grid (step 0.1 bpm, plus the MLE itself) and ℓ(μ̂, σ) along it, μ held at the MLE μ̂ */
  sigmaGrid: number[];
  llBySigma: number[];
  /** the data and a fine grid merged and sorted (bpm), with the learner's density along it */
  xs: number[];
  density: number[];
  /** 0 where xs holds an observation, null elsewhere (a rug of the data) */
  rug: (number | null)[];
}

export const GRID_STEP = 0.1;

/** lo, lo + 0.1, …, hi with `extra` merged in (sorted). */
function gridWith(lo: number, hi: number, extra: number): number[] {
  const n = Math.round((hi - lo) / GRID_STEP);
  const g = Array.from({ length: n + 1 }, (_, i) => Math.round((lo + i * GRID_STEP) * 10) / 10);
  if (extra > lo && extra < hi && !g.includes(extra)) g.push(extra);
  return g.sort((a, b) => a - b);
}

export function mleView(x: number[], mu: number, sigma: number): MleView {
  const fit = prob.fitNormal(x);
  const muGrid = gridWith(MU_RANGE.lo, MU_RANGE.hi, fit.mean);
  const sigmaGrid = gridWith(SIGMA_RANGE.lo, SIGMA_RANGE.hi, fit.std);
  const data = tensor(x, { dtype: 'float64' });
  // a batch of normals, one per grid point ([G, 1]), scores every observation ([N]) → [G, N] → sum → [G]
  const col = (a: number[]) => tensor(a.map((v) => [v]), { dtype: 'float64' });
  const llByMu = Array.from(new prob.Normal(col(muGrid), sigma).logProb(data).sum(-1).data);
  const llBySigma = Array.from(new prob.Normal(fit.mean, col(sigmaGrid)).logProb(data).sum(-1).data);
  const fine = Array.from({ length: 181 }, (_, i) => 35 + i * 0.5); // 35 … 125 bpm
  const merged = [...fine.map((v) => ({ v, obs: false })), ...x.map((v) => ({ v, obs: true }))].sort((a, b) => a.v - b.v);
  const xs = merged.map((m) => m.v);
  const density = Array.from(new prob.Normal(mu, sigma, { dtype: 'float64' }).logProb(tensor(xs, { dtype: 'float64' })).exp().data);
  return {
    ll: logLikelihood(x, mu, sigma),
    fit,
    llAtFit: logLikelihood(x, fit.mean, fit.std),
    muGrid,
    llByMu,
    sigmaGrid,
    llBySigma,
    xs,
    density,
    rug: merged.map((m) => (m.obs ? 0 : null)),
  };
}

// ---------------------------------------------------------------------------------------------
// Weight initialization: the spread of activations through a deep ReLU stack
// ---------------------------------------------------------------------------------------------

export const INITS = ['std 1', 'std 0.01', 'xavier', 'he'] as const;
export type InitName = (typeof INITS)[number];
export const INIT_NAMES: Record<InitName, string> = { 'std 1': 'N(0, 1)', 'std 0.01': 'N(0, 0.01²)', xavier: 'Xavier normal', he: 'He normal' };

/** One weight matrix [out, in] drawn by the library's initializer. */
export function initWeight(kind: InitName, out: number, inp: number, g: Generator): Tensor {
  const w = zeros([out, inp]);
  if (kind === 'he') return nn.init.heNormal(w, { generator: g });
  if (kind === 'xavier') return nn.init.xavierNormal(w, { generator: g });
  return nn.init.normal(w, 0, kind === 'std 1' ? 1 : 0.01, { generator: g });
}

/**
 * A batch of `batch` inputs with unit variance through `depth` layers h ← relu(h Wᵀ) of `width`
 * units (no bias). Returns the std of the activations after each layer (index 0: the input).
 */
export function activationStds(kind: InitName, depth: number, width = 128, batch = 64, seed = 0): number[] {
  const g = new Generator(seed);
  let h = randn([batch, width], { generator: g });
  const out = [h.std().item()];
  for (let l = 0; l < depth; l++) {
    h = h.matmul(initWeight(kind, width, width, g).T).relu();
    out.push(h.std().item());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Code-cell text (the same computations, values written out)
// ---------------------------------------------------------------------------------------------

const list = (a: number[], d = 3) => `[${a.map((v) => Number(v.toFixed(d))).join(', ')}]`;

export const code = {
  init: (kind: InitName, depth: number) =>
    [
      `const g = new Generator(0);`,
      `let h = randn([64, 128], { generator: g });   // a batch of 64 inputs, 128 features`,
      `const init = ${kind === 'he' ? `(w) => nn.init.heNormal(w, { generator: g })` : kind === 'xavier' ? `(w) => nn.init.xavierNormal(w, { generator: g })` : `(w) => nn.init.normal(w, 0, ${kind === 'std 1' ? 1 : 0.01}, { generator: g })`};`,
      `const stds = [h.std().item()];`,
      `for (let l = 0; l < ${depth}; l++) {`,
      `  h = h.matmul(init(zeros([128, 128])).T).relu();`,
      `  stds.push(h.std().item());`,
      `}`,
      `stds`,
    ].join('\n'),
  normal: (v: NormalInput) =>
    [
      `const d = new prob.Normal(${v.mean}, ${v.std});   // mV`,
      `const x = d.sample([${v.n}], { generator: new Generator(${v.seed}) });`,
      `console.log('density at the mean', d.logProb(${v.mean}).exp().item());`,
      `console.log('mean', d.mean.item(), 'variance', d.variance.item(), 'entropy', d.entropy().item());`,
      `console.log('sample mean', x.mean().item(), 'sample std', x.std().item());`,
      `x.shape`,
    ].join('\n'),
  categorical: (logits: number[], n: number, seed: number, temperature = 1) =>
    [
      `// logits for ${RHYTHMS.join(', ')}, divided by the temperature T = ${temperature}`,
      `const z = tensor(${list(logits, 2)}, { dtype: 'float64' });`,
      `const c = new prob.Categorical({ logits: div(z, ${temperature}) });`,
      `console.log('probs', c.probs);`,
      `console.log('entropy (nats)', c.entropy().item());`,
      `const draws = c.sample([${n}], { generator: new Generator(${seed}) });`,
      `prob.fitCategorical(draws, ${logits.length}).probs   // fraction of draws per class`,
    ].join('\n'),
  bayes: (v: BayesInput) =>
    [
      `// P(arrhythmia | the detector flags it)`,
      `prob.bayes({ prior: ${v.prior}, likelihood: ${v.sensitivity}, falsePositiveRate: ${v.fpr} })`,
    ].join('\n'),
  window: (v: WindowView) =>
    [
      `const { signal, fs } = await data.ecg.record208();   // ${v.fs} Hz, mV`,
      `const x = signal.narrow(0, ${v.i0}, ${v.n});   // ${(v.i0 / v.fs).toFixed(2)} s to ${((v.i0 + v.n) / v.fs).toFixed(2)} s`,
      `const y = signal.narrow(0, ${v.i0 + v.lag}, ${v.n});   // the same, ${v.lag} samples later`,
      `console.log('mean (mV)', x.mean().item(), 'variance (mV²)', x.var().item(), 'std (mV)', x.std().item());`,
      `const cov = prob.covariance(x, y).item();`,
      `console.log('cov (mV²)', cov);`,
      `cov / (x.std().item() * y.std().item())   // correlation`,
    ].join('\n'),
  mle: (x: number[], mu: number, sigma: number) =>
    [
      `const x = tensor(${list(x, 1)});   // resting heart rates, bpm`,
      `const ll = (mu, sigma) => new prob.Normal(mu, sigma).logProb(x).sum().item();`,
      `const fit = prob.fitNormal(x);`,
      `console.log('your guess', ll(${mu}, ${sigma}));`,
      `console.log('MLE', fit, ll(fit.mean, fit.std));`,
      `fit`,
    ].join('\n'),
};
