/**
 * The optimizer base class: what SGD, Adam, AdamW and RMSprop share.
 *
 * An optimizer holds a list of parameters (tensors created with `requiresGrad: true`), and each
 * `step()` moves every parameter against its gradient by a rule of its own, in place on `p.data`.
 * The pieces every rule needs live here: validating the parameters and hyperparameters when the
 * optimizer is built, the learning rate (which a schedule may change between steps), per-parameter
 * state (momentum buffers, moment estimates) that can be inspected, and a refusal to step on a
 * NaN or infinite gradient, which would silently poison every weight it touched.
 */
import { noGrad } from '../autograd.js';
import { type TypedArray } from '../dtype.js';
import { ValueError, assertInt, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { nonNegative, readOptions as readOptionsLike } from '../validate.js';

/** Parameters as a list or any iterable of tensors, or of `[name, tensor]` pairs (as `namedParameters()` gives). */
export type ParamsLike = Iterable<Tensor | readonly [string, Tensor]>;

/** Per-parameter state: buffers are tensors of the parameter's shape and dtype, counters are numbers. */
export type ParamState = Record<string, Tensor | number>;

// The number checks live in ../validate.js; the optimizers import them from here.
export { nonNegative, unitInterval } from '../validate.js';

/** Checks an options argument: undefined or a plain object (the message's example is an optimizer's). */
export function readOptions<T extends object>(op: string, options: T | undefined): T {
  return readOptionsLike(op, options, '{ lr: 0.01 }');
}

/**
 * True when every entry of `d` is finite, in one tight pass: x·0 is 0 for a finite x and NaN for
 * ±∞ or NaN, so the sum of all x·0 is 0 exactly when no entry is NaN or infinite. (The slower
 * search for the offending index runs only when this says no.)
 */
function allFinite(d: TypedArray): boolean {
  if (d instanceof Float32Array) return sumTimesZero32(d) === 0;
  if (d instanceof Float64Array) return sumTimesZero64(d) === 0;
  return true; // int32 holds no NaN or ∞
}

// Two copies on purpose: one loop per array type keeps each call site monomorphic, so V8
// compiles a tight loop for it (a shared loop over TypedArray runs several times slower).
function sumTimesZero32(d: Float32Array): number {
  let a = 0, b = 0, c = 0, e = 0;
  const n = d.length, n4 = n & ~3;
  let k = 0;
  for (; k < n4; k += 4) {
    a += d[k]! * 0;
    b += d[k + 1]! * 0;
    c += d[k + 2]! * 0;
    e += d[k + 3]! * 0;
  }
  for (; k < n; k++) a += d[k]! * 0;
  return a + b + c + e;
}

function sumTimesZero64(d: Float64Array): number {
  let a = 0, b = 0, c = 0, e = 0;
  const n = d.length, n4 = n & ~3;
  let k = 0;
  for (; k < n4; k += 4) {
    a += d[k]! * 0;
    b += d[k + 1]! * 0;
    c += d[k + 2]! * 0;
    e += d[k + 3]! * 0;
  }
  for (; k < n; k++) a += d[k]! * 0;
  return a + b + c + e;
}

/** What `stateDict()` returns and `loadStateDict()` takes. */
export interface OptimizerStateDict {
  lr: number;
  stepCount: number;
  state: (ParamState | null)[];
}

export abstract class Optimizer {
  /** The parameters this optimizer updates, in the order given (duplicates removed). */
  readonly params: readonly Tensor[];
  /** Their names when `[name, tensor]` pairs were given (used in error messages). */
  readonly names: readonly (string | undefined)[];
  /** How many times `step()` has run. */
  stepCount = 0;
  private _lr: number;
  private readonly _state = new Map<Tensor, ParamState>();

  /**
   * @param opName the optimizer's name, for messages ('SGD', 'Adam', …)
   * @param params tensors with requiresGrad, or [name, tensor] pairs
   * @param lr the learning rate η, a finite number ≥ 0
   */
  protected constructor(
    readonly opName: string,
    params: ParamsLike,
    lr: unknown,
  ) {
    if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function' || params instanceof Tensor)
      throw new TypeError(`${opName}: params must be an array (or iterable) of Tensors, e.g. model.parameters(); got ${fmtValue(params)}`);
    const list: Tensor[] = [];
    const names: (string | undefined)[] = [];
    let i = 0;
    for (const item of params) {
      const [name, p] = Array.isArray(item) ? (item as [string, Tensor]) : [undefined, item as Tensor];
      if (!(p instanceof Tensor)) throw new TypeError(`${opName}: parameter ${i} is not a Tensor (got ${fmtValue(p)})`);
      const label = `parameter ${i}${name ? ` ('${name}')` : ''}`;
      if (p.dtype === 'int32')
        throw new TypeError(`${opName}: ${label} is an int32 tensor; only float tensors can be trained (create it as float32 or float64 with requiresGrad: true)`);
      if (!p.requiresGrad)
        throw new ValueError(`${opName}: ${label} of shape ${fmtShape(p.shape)} does not require a gradient, so it could never be updated; create it with { requiresGrad: true }`);
      if (p.node)
        throw new ValueError(`${opName}: ${label} of shape ${fmtShape(p.shape)} is the result of an op ('${p.node.op}'), not a leaf tensor; optimize the leaf it was computed from`);
      if (!list.includes(p)) {
        list.push(p);
        names.push(name);
      }
      i++;
    }
    if (list.length === 0) throw new ValueError(`${opName}: got an empty list of parameters; pass model.parameters() or a list of tensors with requiresGrad: true`);
    this.params = list;
    this.names = names;
    this._lr = this.checkLr(lr);
  }

  private checkLr(v: unknown): number {
    if (v === undefined) throw new ValueError(`${this.opName}: a learning rate is required, e.g. { lr: 0.01 }`);
    return nonNegative(this.opName, 'lr (the learning rate)', v);
  }

  /** The learning rate η used by the next `step()`; a schedule sets it between steps. */
  get lr(): number {
    return this._lr;
  }
  set lr(v: number) {
    this._lr = this.checkLr(v);
  }

  /** Forgets every parameter's gradient (sets `.grad` to null), ready for the next backward pass. */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /**
   * The state kept for parameter `p` (by index or tensor): e.g. `{ step, expAvg, expAvgSq }` for
   * Adam. Undefined before `p`'s first update. The tensors are the live buffers: read, don't write.
   */
  state(p: Tensor | number): Readonly<ParamState> | undefined {
    const t = typeof p === 'number' ? this.params[p] : p;
    if (!(t instanceof Tensor)) throw new ValueError(`${this.opName}.state: no parameter ${fmtValue(p)} (there are ${this.params.length})`);
    const s = this._state.get(t);
    if (s) this.syncState(s);
    return s;
  }

  /**
   * Makes the tensors of a parameter's state current before they are read. A kernel may keep the
   * state elsewhere between steps (Adam's moments stay in WebAssembly memory); with `drop` the
   * kernel forgets it too (the state is about to be replaced). The base keeps none.
   */
  protected syncState(_state: ParamState, _drop = false): void {}

  /**
   * One update of every parameter that has a gradient (parameters whose `.grad` is null are
   * skipped, as in PyTorch). All gradients are checked first: if any holds NaN or ±∞, nothing is
   * updated and a ValueError names the parameter.
   */
  step(): void {
    // (1) check every gradient before touching any weight
    this.params.forEach((p, i) => {
      const g = p.grad;
      if (!g) return;
      if (g.size !== p.size)
        throw new ValueError(`${this.opName}.step: the gradient of ${this.label(i)} has shape ${fmtShape(g.shape)} but the parameter has ${fmtShape(p.shape)}`);
      const d = g.data;
      if (allFinite(d)) return;
      for (let k = 0; k < d.length; k++)
        if (!Number.isFinite(d[k]!))
          throw new ValueError(
            `${this.opName}.step: the gradient of ${this.label(i)} of shape ${fmtShape(p.shape)} is ${fmtValue(d[k])} at element ${k}; ` +
              'no weight was updated. Look for log(0) or a division by zero in the loss, lower the learning rate, or clip gradients with optim.clipGradNorm',
          );
    });
    // (2) update each parameter in place, outside the autograd graph
    noGrad(() => {
      this.params.forEach((p, i) => {
        if (!p.grad) return;
        let s = this._state.get(p);
        if (!s) this._state.set(p, (s = {}));
        this.update(p.data, p.grad.data, s, p);
      });
    });
    this.stepCount++;
  }

  /**
   * A snapshot for checkpointing: the learning rate, the step count and a copy of every
   * parameter's state, listed by parameter index (null where a parameter has none yet).
   */
  stateDict(): OptimizerStateDict {
    return {
      lr: this._lr,
      stepCount: this.stepCount,
      state: this.params.map((p) => {
        const s = this._state.get(p);
        if (!s) return null;
        this.syncState(s);
        return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? v : v.detach().clone()]));
      }),
    };
  }

  /** Restores a snapshot from `stateDict()` of an optimizer of the same kind over parameters of the same shapes. */
  loadStateDict(sd: OptimizerStateDict): void {
    const op = `${this.opName}.loadStateDict`;
    if (!sd || typeof sd !== 'object' || !Array.isArray(sd.state)) throw new TypeError(`${op}: expected the object returned by stateDict(), got ${fmtValue(sd)}`);
    if (sd.state.length !== this.params.length)
      throw new ValueError(`${op}: the snapshot has state for ${sd.state.length} parameters but this optimizer has ${this.params.length}`);
    const restored = new Map<Tensor, ParamState>();
    sd.state.forEach((s, i) => {
      if (s === null) return;
      const p = this.params[i]!;
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(s)) {
        if (v instanceof Tensor) {
          if (v.size !== p.size)
            throw new ValueError(`${op}: state '${k}' of ${this.label(i)} has shape ${fmtShape(v.shape)} but the parameter has ${fmtShape(p.shape)}`);
          copy[k] = v.detach().clone().to(p.dtype);
        } else if (typeof v === 'number') copy[k] = v;
        else throw new TypeError(`${op}: state '${k}' of ${this.label(i)} must be a Tensor or a number, got ${fmtValue(v)}`);
      }
      restored.set(p, copy);
    });
    this.lr = sd.lr;
    assertInt(op, 'stepCount', sd.stepCount, 0);
    this.stepCount = sd.stepCount;
    for (const s of this._state.values()) this.syncState(s, true);
    this._state.clear();
    for (const [p, s] of restored) this._state.set(p, s);
  }

  /** "parameter 3 ('fc.weight')" */
  protected label(i: number): string {
    const n = this.names[i];
    return `parameter ${i}${n ? ` ('${n}')` : ''}`;
  }

  /** A zero buffer of p's shape and dtype, for the state. */
  protected buffer(p: Tensor): Tensor {
    return p.zerosLike();
  }

  /** The rule: updates the numbers `w` of parameter `p` in place from its gradient `g`, using and updating `state`. */
  protected abstract update(w: TypedArray, g: TypedArray, state: ParamState, p: Tensor): void;
}
