/**
 * Weight initialisation: choosing the starting variance of a layer's weights so that signals
 * neither blow up nor fade away as they pass through many layers.
 *
 * The argument, in one line: a unit that sums `fan_in` inputs xⱼ with weights wⱼ has
 * Var(Σ wⱼxⱼ) = fan_in · Var(w) · Var(x) (independent, zero-mean terms). Keeping that equal to
 * Var(x) asks for Var(w) = 1/fan_in; the backward pass, which sums over `fan_out` units, asks for
 * 1/fan_out. Xavier/Glorot compromises between the two; He/Kaiming doubles the forward rule because
 * ReLU zeroes half of its inputs and so halves the variance.
 *
 * Every function here writes into `t.data` in place (no graph is recorded) and returns `t`, so it
 * can wrap a creation call: `const W = init.heNormal(zeros([64, 32]))`. Random numbers come from
 * the global seeded generator (`manualSeed`) unless `{ generator }` is given.
 *
 * Fans, as in PyTorch: a weight of shape [out, in, k₁, k₂, …] has
 * fan_in = in · k₁ · k₂ · …  and  fan_out = out · k₁ · k₂ · …  (a Linear weight [out, in] has no kernel).
 */
import { isFloat } from '../dtype.js';
import { DTypeError, ValueError, assertFinite, fmtShape, fmtValue } from '../errors.js';
import { type Generator, globalGenerator } from '../random.js';
import { Tensor } from '../tensor.js';
import { nonNegative } from '../validate.js';

export interface InitOptions {
  /** Draw from this generator instead of the global one. */
  generator?: Generator;
}

export interface GainOptions extends InitOptions {
  /** Multiplies the standard deviation (see `calculateGain`); 1 by default. */
  gain?: number;
}

export type FanMode = 'fanIn' | 'fanOut';
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

export interface HeOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (0 for a plain ReLU). */
  a?: number;
  /** Preserve the variance of the forward pass ('fanIn', default) or of the backward pass ('fanOut'). */
  mode?: FanMode;
  /** The activation after this layer; sets the gain (default 'leakyRelu' with slope `a`, which is ReLU for a = 0). */
  nonlinearity?: Nonlinearity;
}

function target(op: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`init.${op}: expected a Tensor, got ${fmtValue(t)}`);
  if (!isFloat(t.dtype)) throw new DTypeError(`init.${op}: only float tensors can be initialised, got ${t.dtype}`);
  return t;
}

/**
 * fan_in and fan_out of a weight tensor: [out, in, …kernel] → (in·∏k, out·∏k).
 * Needs at least 2 dimensions (a bias vector has no fan-out).
 */
export function calculateFans(shape: readonly number[], op = 'calculateFans'): { fanIn: number; fanOut: number } {
  if (shape.length < 2)
    throw new ValueError(
      `init.${op}: fan_in and fan_out need a weight with at least 2 dimensions [out, in, …], got ${fmtShape(shape)}; initialise biases with init.uniform or init.zeros`,
    );
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/**
 * The recommended gain for an activation: the factor that restores unit variance after it.
 * linear/sigmoid 1, tanh 5/3, relu √2, leaky ReLU √(2/(1+a²)), selu 3/4 (PyTorch's values).
 */
export function calculateGain(nonlinearity: Nonlinearity = 'leakyRelu', param = 0): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      assertFinite('init.calculateGain', 'the negative slope', param);
      return Math.sqrt(2 / (1 + param * param));
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError(`init.calculateGain: unknown nonlinearity ${fmtValue(nonlinearity)}; use linear, sigmoid, tanh, relu, leakyRelu or selu`);
  }
}

/** Fills `t` with samples of U(low, high): mean (low+high)/2, Var = (high − low)²/12. */
export function uniform(t: Tensor, low = 0, high = 1, options: InitOptions = {}): Tensor {
  target('uniform', t);
  assertFinite('init.uniform', 'low', low);
  assertFinite('init.uniform', 'high', high);
  if (high < low) throw new ValueError(`init.uniform: low (${low}) must not exceed high (${high})`);
  const g = options.generator ?? globalGenerator;
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = low + (high - low) * g.random();
  return t;
}

/** Fills `t` with samples of N(mean, std²). */
export function normal(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  target('normal', t);
  assertFinite('init.normal', 'mean', mean);
  assertFinite('init.normal', 'std', std);
  if (std < 0) throw new ValueError(`init.normal: std must be ≥ 0, got ${std}`);
  const g = options.generator ?? globalGenerator;
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * g.normal();
  return t;
}

/** Fills `t` with one value. */
export function constant(t: Tensor, value: number): Tensor {
  target('constant', t);
  assertFinite('init.constant', 'value', value);
  t.data.fill(value);
  return t;
}

/** Fills `t` with 0 (the usual start for biases and for BatchNorm/LayerNorm shifts). */
export function zeros(t: Tensor): Tensor {
  return constant(t, 0);
}

/** Fills `t` with 1 (the usual start for BatchNorm/LayerNorm scales). */
export function ones(t: Tensor): Tensor {
  return constant(t, 1);
}

const checkGain = (op: string, gain: number): number => nonNegative(`init.${op}`, 'gain', gain);

/**
 * Xavier/Glorot uniform: W ~ U(−a, a) with a = gain·√(6 / (fan_in + fan_out)), so that
 *
 *   Var(W) = a²/3 = gain² · 2 / (fan_in + fan_out)
 *
 * The average of the forward rule 1/fan_in and the backward rule 1/fan_out (harmonic mean of the
 * fans); suited to tanh, sigmoid and linear layers.
 */
export function xavierUniform(t: Tensor, options: GainOptions = {}): Tensor {
  target('xavierUniform', t);
  const { fanIn, fanOut } = calculateFans(t.shape, 'xavierUniform');
  const a = checkGain('xavierUniform', options.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, -a, a, options);
}

/**
 * Xavier/Glorot normal: W ~ N(0, σ²) with
 *
 *   Var(W) = σ² = gain² · 2 / (fan_in + fan_out)
 */
export function xavierNormal(t: Tensor, options: GainOptions = {}): Tensor {
  target('xavierNormal', t);
  const { fanIn, fanOut } = calculateFans(t.shape, 'xavierNormal');
  const std = checkGain('xavierNormal', options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return normal(t, 0, std, options);
}

function heScale(op: string, t: Tensor, o: HeOptions): number {
  const { fanIn, fanOut } = calculateFans(t.shape, op);
  const mode = o.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ValueError(`init.${op}: mode must be 'fanIn' or 'fanOut', got ${fmtValue(mode)}`);
  const fan = mode === 'fanIn' ? fanIn : fanOut;
  if (fan === 0) throw new ValueError(`init.${op}: the ${mode === 'fanIn' ? 'fan_in' : 'fan_out'} of ${fmtShape(t.shape)} is 0`);
  const gain = calculateGain(o.nonlinearity ?? 'leakyRelu', o.a ?? 0);
  return gain / Math.sqrt(fan); // the standard deviation
}

/**
 * He/Kaiming uniform: W ~ U(−b, b) with b = gain·√(3 / fan), so that
 *
 *   Var(W) = b²/3 = gain² / fan_in      (= 2 / fan_in for ReLU, gain = √2)
 *
 * `mode: 'fanOut'` uses fan_out instead (preserves the backward pass). With `a = √5` this is
 * PyTorch's default for Linear and Conv weights: b = 1/√fan_in, Var = 1/(3·fan_in).
 */
export function heUniform(t: Tensor, options: HeOptions = {}): Tensor {
  target('heUniform', t);
  const b = Math.sqrt(3) * heScale('heUniform', t, options);
  return uniform(t, -b, b, options);
}

/**
 * He/Kaiming normal: W ~ N(0, σ²) with
 *
 *   Var(W) = σ² = gain² / fan_in        (= 2 / fan_in for ReLU)
 */
export function heNormal(t: Tensor, options: HeOptions = {}): Tensor {
  target('heNormal', t);
  return normal(t, 0, heScale('heNormal', t, options), options);
}

/** PyTorch's name for heUniform. */
export const kaimingUniform = heUniform;
/** PyTorch's name for heNormal. */
export const kaimingNormal = heNormal;
/** Another name for xavierUniform. */
export const glorotUniform = xavierUniform;
/** Another name for xavierNormal. */
export const glorotNormal = xavierNormal;
