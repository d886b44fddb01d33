/**
 * Toy data sets drawn from a seeded generator: interleaved spirals, two moons, Gaussian blobs.
 * The same options always give the same points, in Node and in the browser; a different seed gives
 * different noise and a different order.
 *
 * Classes are as balanced as n allows: with K classes, class k gets ⌊n/K⌋ points plus one more
 * for the first n mod K classes. Rows are shuffled (seeded) unless `shuffle: false`, in which case
 * they come class by class.
 */
import { ValueError, assertFinite, fmtValue } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor.js';
import { integer, nonNegative, readOptions } from '../validate.js';

export interface Dataset2D {
  /** Points, one row each. Shape [n, dim] float32 (dim = 2 except for blobs with `dim`). */
  x: Tensor;
  /** Class of each point. Shape [n] int32. */
  y: Tensor;
}

export interface SpiralsOptions {
  /** Number of points in total (default 300). */
  n?: number;
  /** Number of spiral arms, one per class (default 3). */
  classes?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
  /** Seed of the generator (default 0). */
  seed?: number;
  /** Shuffle the rows (default true). */
  shuffle?: boolean;
}

export interface MoonsOptions {
  n?: number;
  noise?: number;
  seed?: number;
  shuffle?: boolean;
}

export interface BlobsOptions {
  /** Number of points in total (default 300). */
  n?: number;
  /**
   * Either how many centres to draw (uniform in the box [−10, 10]^dim, from the seed), or the
   * centres themselves as a list of coordinates. Default 3.
   */
  centers?: number | number[][];
  /** Dimension of each point (default 2; taken from the centres when they are given). */
  dim?: number;
  /** Standard deviation of each blob, one number or one per centre (default 1). */
  std?: number | number[];
  seed?: number;
  shuffle?: boolean;
}

const options = <T extends object>(op: string, o: T | undefined): T => readOptions(op, o, '{ n: 200, seed: 1 }');

/** An integer option: its default when absent, else an integer ≥ min. */
function intOption(op: string, name: string, v: unknown, dflt: number, min: number): number {
  return v === undefined ? dflt : integer(op, name, v, min);
}

/** A standard deviation option: its default when absent, else a finite number ≥ 0. */
function stdOption(op: string, name: string, v: unknown, dflt: number): number {
  return v === undefined ? dflt : nonNegative(op, name, v, ' (it is a standard deviation)');
}

function makeGenerator(op: string, seed: unknown): Generator {
  if (seed === undefined) return new Generator(0);
  assertFinite(op, 'seed', seed);
  return new Generator(seed);
}

/** How many of n points each of k classes gets: as equal as possible, extras to the first classes. */
export function classCounts(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, c) => Math.floor(n / k) + (c < n % k ? 1 : 0));
}

/** Packs rows and labels into tensors, shuffling both with the same permutation if asked. */
function finish(x: Float64Array, y: Int32Array, dim: number, shuffle: boolean, gen: Generator): Dataset2D {
  const n = y.length;
  const xs = new Float32Array(n * dim);
  const ys = new Int32Array(n);
  const order = shuffle ? gen.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    ys[i] = y[j]!;
    for (let d = 0; d < dim; d++) xs[i * dim + d] = x[j * dim + d]!;
  }
  return { x: new Tensor(xs, [n, dim], 'float32'), y: new Tensor(ys, [n], 'int32') };
}

/**
 * K interleaved spirals, one per class. Point i of m in arm k sits at radius r and angle θ:
 * $$r = \frac{i}{m-1},\quad \theta = \frac{2\pi k}{K} + 4r,\quad
 *   \mathbf{x} = r(\cos\theta, \sin\theta) + \sigma\,\boldsymbol\varepsilon,\ \boldsymbol\varepsilon \sim \mathcal N(0, I_2).$$
 * No straight line separates the arms: the classic test that a network learns a curved boundary.
 *
 * Shape: x [n,2] float32, y [n] int32 in 0 … K−1.
 * @example
 * const { x, y } = data.spirals({ n: 300, classes: 3, noise: 0.1, seed: 1 });
 */
export function spirals(opts?: SpiralsOptions): Dataset2D {
  const o = options('spirals', opts);
  const classes = intOption('spirals', 'classes', o.classes, 3, 1);
  const n = intOption('spirals', 'n', o.n, 300, 1);
  if (n < classes) throw new ValueError(`spirals: n = ${n} points cannot fill ${classes} classes; use n ≥ classes`);
  const noise = stdOption('spirals', 'noise', o.noise, 0.1);
  const gen = makeGenerator('spirals', o.seed);
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  let row = 0;
  classCounts(n, classes).forEach((m, k) => {
    for (let i = 0; i < m; i++, row++) {
      const r = m === 1 ? 0 : i / (m - 1);
      const theta = (2 * Math.PI * k) / classes + 4 * r;
      x[2 * row] = r * Math.cos(theta) + noise * gen.normal();
      x[2 * row + 1] = r * Math.sin(theta) + noise * gen.normal();
      y[row] = k;
    }
  });
  return finish(x, y, 2, o.shuffle ?? true, gen);
}

/**
 * Two interleaving half circles (as scikit-learn's make_moons): class 0 on the upper arc of the
 * unit circle, class 1 on a lower arc shifted right and down, each point plus Gaussian noise:
 * $$\text{class 0: } (\cos t, \sin t),\qquad \text{class 1: } (1 - \cos t,\ \tfrac12 - \sin t),\qquad t \in [0, \pi].$$
 *
 * Shape: x [n,2] float32, y [n] int32 in {0, 1}.
 */
export function moons(opts?: MoonsOptions): Dataset2D {
  const o = options('moons', opts);
  const n = intOption('moons', 'n', o.n, 200, 2);
  const noise = stdOption('moons', 'noise', o.noise, 0.1);
  const gen = makeGenerator('moons', o.seed);
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  let row = 0;
  classCounts(n, 2).forEach((m, k) => {
    for (let i = 0; i < m; i++, row++) {
      const t = m === 1 ? 0 : (Math.PI * i) / (m - 1);
      x[2 * row] = (k === 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * gen.normal();
      x[2 * row + 1] = (k === 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * gen.normal();
      y[row] = k;
    }
  });
  return finish(x, y, 2, o.shuffle ?? true, gen);
}

/**
 * Isotropic Gaussian blobs: class k is drawn around centre μ_k with standard deviation σ_k,
 * $$\mathbf{x} \sim \mathcal N(\boldsymbol\mu_k, \sigma_k^2 I).$$
 *
 * Shape: x [n,dim] float32, y [n] int32 in 0 … K−1; `centers` [K,dim] float32 is returned too.
 * @example
 * const { x, y, centers } = data.blobs({ n: 300, centers: [[0, 0], [4, 4]], std: 0.5, seed: 2 });
 */
export function blobs(opts?: BlobsOptions): Dataset2D & { centers: Tensor } {
  const o = options('blobs', opts);
  const n = intOption('blobs', 'n', o.n, 300, 1);
  const gen = makeGenerator('blobs', o.seed);
  let centers: number[][];
  let dim: number;
  const c = o.centers ?? 3;
  if (typeof c === 'number') {
    const k = intOption('blobs', 'centers', c, 3, 1);
    dim = intOption('blobs', 'dim', o.dim, 2, 1);
    centers = Array.from({ length: k }, () => Array.from({ length: dim }, () => -10 + 20 * gen.random()));
  } else if (Array.isArray(c)) {
    if (c.length === 0) throw new ValueError('blobs: centers is an empty list; give at least one centre');
    if (!c.every((p) => Array.isArray(p))) throw new TypeError(`blobs: centers must be a number or a list of coordinate lists like [[0, 0], [3, 3]], got ${fmtValue(c)}`);
    dim = c[0]!.length;
    if (dim === 0) throw new ValueError('blobs: a centre has no coordinates');
    if (o.dim !== undefined && o.dim !== dim) throw new ValueError(`blobs: dim = ${fmtValue(o.dim)} but the centres have ${dim} coordinates`);
    c.forEach((p, k) => {
      if (p.length !== dim) throw new ValueError(`blobs: centre ${k} has ${p.length} coordinates, centre 0 has ${dim}; all centres need the same dimension`);
      p.forEach((v, d) => assertFinite('blobs', `centers[${k}][${d}]`, v));
    });
    centers = c.map((p) => p.slice());
  } else throw new TypeError(`blobs: centers must be a number or a list of coordinate lists, got ${fmtValue(c)}`);
  const k = centers.length;
  if (n < k) throw new ValueError(`blobs: n = ${n} points cannot fill ${k} centres; use n ≥ ${k}`);
  let stds: number[];
  if (Array.isArray(o.std)) {
    if (o.std.length !== k) throw new ValueError(`blobs: std has ${o.std.length} values for ${k} centres; give one per centre or a single number`);
    stds = o.std.map((s, i) => stdOption('blobs', `std[${i}]`, s, 1));
  } else stds = Array.from({ length: k }, () => stdOption('blobs', 'std', o.std, 1));

  const x = new Float64Array(n * dim);
  const y = new Int32Array(n);
  let row = 0;
  classCounts(n, k).forEach((m, cls) => {
    for (let i = 0; i < m; i++, row++) {
      for (let d = 0; d < dim; d++) x[row * dim + d] = centers[cls]![d]! + stds[cls]! * gen.normal();
      y[row] = cls;
    }
  });
  const out = finish(x, y, dim, o.shuffle ?? true, gen);
  return { ...out, centers: new Tensor(Float32Array.from(centers.flat()), [k, dim], 'float32') };
}
