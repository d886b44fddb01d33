/**
 * Data augmentation: new training samples made from old ones by changes that should not change the
 * label — a little noise, a louder or quieter signal, a beat that starts a bit later, a picture
 * moved, zoomed or turned. Each function draws its random numbers from a seeded generator
 * (`{ seed }`, or the global one that `manualSeed` sets) and is built from differentiable ops, so
 * gradients flow through it like through any other op.
 *
 * The first axis is the sample axis: `scale`, `timeShift` and `affine2d` draw one set of random
 * parameters per sample.
 */
import { ShapeError, ValueError, assertFinite, fmtShape, fmtValue } from '../errors.js';
import { gather } from '../ops/index.js';
import { Generator, globalGenerator } from '../random.js';
import { Tensor } from '../tensor.js';
import { allocate, floatOf } from '../dtype.js';
import { readOptions, tensorArg } from '../validate.js';

export interface SeedOption {
  /** Seed for this call's random numbers; without it the global generator is used. */
  seed?: number;
}

function generator(op: string, opts: SeedOption | undefined): Generator {
  const { seed } = readOptions(op, opts, '{ seed: 0 }');
  if (seed === undefined) return globalGenerator;
  assertFinite(op, 'seed', seed);
  return new Generator(seed);
}

function range(op: string, name: string, r: unknown): [number, number] {
  if (!Array.isArray(r) || r.length !== 2) throw new TypeError(`${op}: ${name} must be a pair [lo, hi], got ${fmtValue(r)}`);
  assertFinite(op, `${name}[0]`, r[0]);
  assertFinite(op, `${name}[1]`, r[1]);
  if (r[0] > r[1]) throw new ValueError(`${op}: ${name} = [${r[0]}, ${r[1]}] has lo > hi`);
  return [r[0], r[1]];
}

/**
 * Adds Gaussian noise of standard deviation σ to every entry:
 * $$\tilde x = x + \sigma\varepsilon,\qquad \varepsilon \sim \mathcal N(0, 1).$$
 *
 * Shape: any → the same.
 * @example
 * const noisy = data.augment.noise(signal, 0.05, { seed: 1 });
 */
export function noise(x: Tensor, std: number, opts?: SeedOption): Tensor {
  tensorArg('noise', x, 'x');
  assertFinite('noise', 'std', std);
  if (std < 0) throw new ValueError(`noise: std is a standard deviation and must be ≥ 0, got ${std}`);
  const gen = generator('noise', opts);
  const eps = allocate(floatOf(x.dtype), x.size);
  for (let i = 0; i < eps.length; i++) eps[i] = std * gen.normal();
  return x.add(new Tensor(eps, x.shape, floatOf(x.dtype)));
}

/**
 * Multiplies each sample by its own factor drawn uniformly from [lo, hi] (amplitude scaling):
 * $$\tilde x_i = a_i x_i,\qquad a_i \sim \mathcal U[\text{lo}, \text{hi}].$$
 *
 * Shape: [N, …] → [N, …].
 */
export function scale(x: Tensor, factors: [number, number], opts?: SeedOption): Tensor {
  tensorArg('scale', x, 'x');
  const [lo, hi] = range('scale', 'range', factors);
  if (x.ndim < 1) throw new ShapeError(`scale: needs a first axis of samples, got shape ${fmtShape(x.shape)}`);
  const gen = generator('scale', opts);
  const n = x.shape[0]!;
  const a = allocate(floatOf(x.dtype), n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * gen.random();
  return x.mul(new Tensor(a, [n, ...x.shape.slice(1).map(() => 1)], floatOf(x.dtype)));
}

export interface TimeShiftOptions extends SeedOption {
  /**
   * 'circular' (default): what leaves one end comes back at the other, as a recording of a
   * periodic rhythm would. 'zero': the vacated samples are 0.
   */
  mode?: 'circular' | 'zero';
}

/**
 * Shifts each sample along its last axis (time) by its own whole number of steps s drawn uniformly
 * from −max … max; positive s moves the signal later:
 * $$\tilde x_i[t] = x_i[(t - s_i) \bmod L]\ \text{(circular)},\qquad \tilde x_i[t] = x_i[t - s_i]\ \text{or } 0\ \text{(zero)}.$$
 * All channels of a sample (e.g. the 12 leads of an ECG) move together.
 *
 * Shape: [N, …, L] → [N, …, L].
 */
export function timeShift(x: Tensor, max: number, opts?: TimeShiftOptions): Tensor {
  tensorArg('timeShift', x, 'x');
  if (x.ndim < 2) throw new ShapeError(`timeShift: needs [N, …, L] (samples first, time last), got shape ${fmtShape(x.shape)}; for one signal use x.unsqueeze(0)`);
  const L = x.shape[x.ndim - 1]!;
  if (typeof max !== 'number') throw new TypeError(`timeShift: max must be an integer number of steps, got ${fmtValue(max)}`);
  if (!Number.isInteger(max) || max < 0 || max >= L)
    throw new ValueError(`timeShift: max must be an integer from 0 to ${L - 1} (the signal has ${L} steps), got ${fmtValue(max)}`);
  const mode = opts?.mode ?? 'circular';
  if (mode !== 'circular' && mode !== 'zero') throw new ValueError(`timeShift: mode must be 'circular' or 'zero', got ${fmtValue(mode)}`);
  const gen = generator('timeShift', opts);
  const n = x.shape[0]!;
  const perSample = x.size / n; // entries of one sample
  const idx = new Int32Array(x.size);
  const keep = mode === 'zero' ? allocate(floatOf(x.dtype), x.size) : null;
  for (let i = 0; i < n; i++) {
    const s = gen.int(-max, max + 1);
    for (let k = i * perSample; k < (i + 1) * perSample; k += L)
      for (let t = 0; t < L; t++) {
        const src = t - s;
        idx[k + t] = ((src % L) + L) % L;
        if (keep) keep[k + t] = src >= 0 && src < L ? 1 : 0;
      }
  }
  const shifted = gather(x, -1, new Tensor(idx, x.shape, 'int32'));
  return keep ? shifted.mul(new Tensor(keep, x.shape, floatOf(x.dtype))) : shifted;
}

export interface Affine2dOptions extends SeedOption {
  /** Zoom factor (> 1 enlarges the content); a number, or [lo, hi] to draw one per sample. Default 1. */
  scale?: number | [number, number];
  /**
   * Translation [dx, dy] in pixels (dx to the right, dy down); each a number, or [lo, hi] to draw
   * one per sample. Default [0, 0].
   */
  shift?: [number | [number, number], number | [number, number]];
  /** Rotation in degrees, counter-clockwise as seen on screen; a number, or [lo, hi]. Default 0. */
  rotate?: number | [number, number];
}

/**
 * Moves, zooms and turns each image about its centre c = ((W−1)/2, (H−1)/2). With y pointing up,
 * an input point p lands at
 * $$p' = c + s\,R(\theta)\,(p - c) + t,\qquad R(\theta) = \begin{pmatrix}\cos\theta & -\sin\theta\\ \sin\theta & \cos\theta\end{pmatrix},$$
 * so each output pixel p' reads the input at p = c + R(−θ)(p' − c − t)/s, interpolated bilinearly
 * from the four nearest pixels (zero outside the image):
 * $$\tilde I(p') = \sum_{a,b\in\{0,1\}} (1-|u-x_a|)(1-|v-y_b|)\, I(x_a, y_b).$$
 * The output is a weighted sum of input pixels, so its gradient is the same weights run backward.
 * Every channel of an image gets the same transform.
 *
 * Shape: [N,H,W] or [N,C,H,W] → the same.
 * @example
 * const turned = data.augment.affine2d(images, { rotate: [-15, 15], scale: [0.9, 1.1], shift: [[-2, 2], [-2, 2]], seed: 3 });
 */
export function affine2d(img: Tensor, opts: Affine2dOptions = {}): Tensor {
  tensorArg('affine2d', img, 'img');
  if (img.ndim !== 3 && img.ndim !== 4)
    throw new ShapeError(`affine2d: expected images [N,H,W] or [N,C,H,W], got shape ${fmtShape(img.shape)}; for one image use img.unsqueeze(0)`);
  readOptions('affine2d', opts, '{ rotate: 90 }', true);
  const param = (name: string, v: unknown, dflt: number): ((g: Generator) => number) => {
    if (v === undefined) return () => dflt;
    if (typeof v === 'number') {
      assertFinite('affine2d', name, v);
      return () => v;
    }
    const [lo, hi] = range('affine2d', name, v);
    return (g) => lo + (hi - lo) * g.random();
  };
  const scaleP = param('scale', opts.scale, 1);
  const rotP = param('rotate', opts.rotate, 0);
  if (opts.shift !== undefined && (!Array.isArray(opts.shift) || opts.shift.length !== 2))
    throw new TypeError(`affine2d: shift must be [dx, dy] (each a number or a [lo, hi] range), got ${fmtValue(opts.shift)}`);
  const dxP = param('shift[0]', opts.shift?.[0], 0);
  const dyP = param('shift[1]', opts.shift?.[1], 0);
  const gen = generator('affine2d', opts);

  const [N, H, W] = [img.shape[0]!, img.shape[img.ndim - 2]!, img.shape[img.ndim - 1]!];
  const C = img.ndim === 4 ? img.shape[1]! : 1;
  const P = H * W;
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  const dt = floatOf(img.dtype);
  // Four corner indices and weights for each output pixel of each (sample, channel) row.
  const idx = Array.from({ length: 4 }, () => new Int32Array(N * C * P));
  const wts = Array.from({ length: 4 }, () => allocate(dt, N * C * P));
  const snap = (v: number) => (Math.abs(v - Math.round(v)) < 1e-9 ? Math.round(v) : v);
  for (let n = 0; n < N; n++) {
    const s = scaleP(gen);
    const theta = (rotP(gen) * Math.PI) / 180;
    const tx = dxP(gen);
    const ty = dyP(gen);
    if (s <= 0) throw new ValueError(`affine2d: scale must be > 0, got ${s}`);
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    for (let yo = 0; yo < H; yo++)
      for (let xo = 0; xo < W; xo++) {
        // to centred coordinates with y up, undo the shift, then rotate by −θ and divide by s
        const u = xo - cx - tx;
        const v = cy - (yo - ty);
        const ui = (cos * u + sin * v) / s;
        const vi = (-sin * u + cos * v) / s;
        const xs = snap(ui + cx);
        const ys = snap(cy - vi);
        const x0 = Math.floor(xs);
        const y0 = Math.floor(ys);
        const fx = xs - x0;
        const fy = ys - y0;
        const corners: [number, number, number][] = [
          [x0, y0, (1 - fx) * (1 - fy)],
          [x0 + 1, y0, fx * (1 - fy)],
          [x0, y0 + 1, (1 - fx) * fy],
          [x0 + 1, y0 + 1, fx * fy],
        ];
        corners.forEach(([xc, yc, w], k) => {
          const inside = xc >= 0 && xc < W && yc >= 0 && yc < H && w !== 0;
          for (let c = 0; c < C; c++) {
            const q = (n * C + c) * P + yo * W + xo;
            idx[k]![q] = inside ? yc * W + xc : 0;
            wts[k]![q] = inside ? w : 0;
          }
        });
      }
  }
  const flat = img.reshape([N * C, P]); // (N·C, H·W)
  let out: Tensor | null = null;
  for (let k = 0; k < 4; k++) {
    const term = gather(flat, 1, new Tensor(idx[k]!, [N * C, P], 'int32')).mul(new Tensor(wts[k]!, [N * C, P], dt));
    out = out ? out.add(term) : term;
  }
  return out!.reshape(img.shape.slice()); // back to [N,H,W] or [N,C,H,W]
}
