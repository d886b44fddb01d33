/**
 * Module: the building block of a network. A module owns
 *   - parameters: tensors that training changes (requiresGrad), e.g. a Linear layer's weight and bias;
 *   - buffers: tensors that belong to the model but are not trained, e.g. BatchNorm's running mean;
 *   - child modules, whose parameters and buffers it reports under dotted names ('0.weight',
 *     'attn.out_proj.bias'), exactly as PyTorch names them, so a state dict maps onto PyTorch's.
 *
 * A layer registers its tensors in the constructor:
 *
 *   this.weight = this.registerParameter('weight', init.heNormal(zeros([out, inF])));
 *   this.proj = this.registerModule('proj', new Linear(8, 8));
 *
 * and computes its output in `forward(x)`. `train()` / `eval()` switch layers whose behaviour
 * differs between training and inference (Dropout, BatchNorm); `stateDict()` and
 * `loadStateDict()` save and restore every parameter and buffer by name.
 */
import { type DType, isDType, isFloat } from '../dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { add } from '../ops/arithmetic.js';
import { flatten } from '../ops/shape.js';
import { gelu, leakyRelu, relu, sigmoid, softmax, tanh } from '../ops/activation.js';

export type StateDict = Record<string, Tensor>;

export interface LoadOptions {
  /** Require the keys to match exactly (default true). With false, missing and unexpected keys are skipped. */
  strict?: boolean;
}

/** The result of a non-strict load: which keys did not line up. */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Converts a tensor to another float dtype in place, keeping its identity (optimizers that hold it keep working). */
function retypeInPlace(t: Tensor, dtype: DType): void {
  if (t.dtype === dtype) return;
  const converted = t.to(dtype).data;
  const m = t as unknown as { dtype: DType; data: Tensor['data'] };
  m.dtype = dtype;
  m.data = converted;
  t.grad = null;
}

export class Module {
  /** True in training mode (the default), false after `eval()`. */
  training = true;
  private readonly _parameters = new Map<string, Tensor | null>();
  private readonly _buffers = new Map<string, Tensor>();
  private readonly _nonPersistent = new Set<string>();
  private readonly _modules = new Map<string, Module>();

  /** Computes the module's output. Subclasses override this. */
  forward(..._inputs: Tensor[]): Tensor {
    throw new ValueError(`${this.constructor.name}.forward: this module does not define forward(); subclasses of nn.Module must implement it`);
  }

  // ── registration ──

  /** Makes `t` a trainable parameter named `name` (sets requiresGrad) and returns it. `null` records an absent one (a layer without bias). */
  registerParameter<T extends Tensor | null>(name: string, t: T): T {
    this.checkName('registerParameter', name);
    if (t !== null) {
      if (!(t instanceof Tensor)) throw new TypeError(`registerParameter: '${name}' must be a Tensor or null, got ${fmtValue(t)}`);
      if (!isFloat(t.dtype)) throw new DTypeError(`registerParameter: '${name}' is ${t.dtype}; parameters must be float tensors`);
      if (t.node) throw new ValueError(`registerParameter: '${name}' was computed by ${t.node.op}; a parameter must be a leaf tensor (use .detach())`);
      t.requiresGrad = true;
      t.name ??= name;
    }
    this._parameters.set(name, t);
    return t;
  }

  /**
   * Registers a tensor that is part of the model's state but not trained (running statistics,
   * a fixed positional table). A non-persistent buffer is left out of `stateDict()`.
   */
  registerBuffer(name: string, t: Tensor, { persistent = true }: { persistent?: boolean } = {}): Tensor {
    this.checkName('registerBuffer', name);
    if (!(t instanceof Tensor)) throw new TypeError(`registerBuffer: '${name}' must be a Tensor, got ${fmtValue(t)}`);
    this._buffers.set(name, t);
    if (!persistent) this._nonPersistent.add(name);
    return t;
  }

  /** Adds `m` as a child module named `name` and returns it. */
  registerModule<M extends Module>(name: string, m: M): M {
    this.checkName('registerModule', name);
    if (!(m instanceof Module)) throw new TypeError(`registerModule: '${name}' must be an nn.Module, got ${fmtValue(m)}`);
    this._modules.set(name, m);
    return m;
  }

  private checkName(op: string, name: string): void {
    if (typeof name !== 'string' || name === '' || name.includes('.'))
      throw new ValueError(`${op}: a name must be a non-empty string without dots, got ${fmtValue(name)}`);
    const taken = [this._parameters, this._buffers, this._modules].some((m) => m.has(name));
    if (taken) throw new ValueError(`${op}: '${name}' is already registered on ${this.constructor.name}`);
  }

  // ── walking the tree ──

  /** The direct children with their names. */
  namedChildren(): [string, Module][] {
    return [...this._modules.entries()];
  }
  children(): Module[] {
    return [...this._modules.values()];
  }

  /** This module and all its descendants, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const walk = (m: Module, name: string) => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [k, c] of m._modules) walk(c, name ? `${name}.${k}` : k);
    };
    walk(this, prefix);
    return out;
  }
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter with its dotted name, each tensor once (a shared weight is reported under its first name). */
  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [prefix, m] of this.namedModules())
      for (const [k, t] of m._parameters) {
        if (!t || seen.has(t)) continue;
        seen.add(t);
        out.push([prefix ? `${prefix}.${k}` : k, t]);
      }
    return out;
  }
  /** The tensors an optimizer should update: `new optim.Adam(model.parameters(), { lr })`. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every buffer with its dotted name. */
  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules())
      for (const [k, t] of m._buffers) out.push([prefix ? `${prefix}.${k}` : k, t]);
    return out;
  }
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  /** The total number of trainable numbers. */
  numParameters(): number {
    return this.parameters().reduce((n, t) => n + t.size, 0);
  }

  /** Calls `fn` on every module (children first, as PyTorch's apply) and returns this. */
  apply(fn: (m: Module) => void): this {
    for (const c of this._modules.values()) c.apply(fn);
    fn(this);
    return this;
  }

  // ── modes and gradients ──

  /** Training mode (mode = true) or evaluation mode, for this module and all descendants. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError(`train: mode must be a boolean, got ${fmtValue(mode)}`);
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  /** Evaluation mode: Dropout becomes the identity, BatchNorm uses its running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradient of every parameter (they accumulate across backward() calls otherwise). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Converts every parameter and float buffer to `dtype` in place ('float64' for gradchecks).
   * The tensors keep their identity, so references held elsewhere stay valid.
   */
  to(dtype: DType): this {
    if (!isDType(dtype)) throw new DTypeError(`to: unknown dtype ${fmtValue(dtype)}; use 'float32' or 'float64'`);
    if (!isFloat(dtype)) throw new DTypeError(`${this.constructor.name}.to: parameters must stay float, cannot convert to ${dtype}`);
    for (const p of this.parameters()) retypeInPlace(p, dtype);
    for (const b of this.buffers()) if (isFloat(b.dtype)) retypeInPlace(b, dtype);
    return this;
  }
  double(): this {
    return this.to('float64');
  }
  float(): this {
    return this.to('float32');
  }

  // ── saving and loading ──

  /**
   * Every parameter and persistent buffer under each of its dotted names, module by module in
   * tree order (a module's parameters, then its buffers, then its children), as PyTorch's state_dict.
   */
  private namedState(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const key = (k: string) => (prefix ? `${prefix}.${k}` : k);
    for (const [k, t] of this._parameters) if (t) out.push([key(k), t]);
    for (const [k, t] of this._buffers) if (!this._nonPersistent.has(k)) out.push([key(k), t]);
    for (const [k, m] of this._modules) out.push(...m.namedState(key(k)));
    return out;
  }

  /** Parameters and persistent buffers by dotted name, as tensors sharing storage with the model (detached). */
  stateDict(): StateDict {
    const sd: StateDict = {};
    for (const [name, t] of this.namedState()) sd[name] = t.detach();
    return sd;
  }

  /**
   * Copies values from `sd` into the model's parameters and buffers, converting dtype where needed.
   * Nothing is changed unless every key checks out: a shape mismatch is a ShapeError naming the key
   * and both shapes; with `strict` (default), missing or unexpected keys are a ValueError listing them.
   */
  loadStateDict(sd: StateDict, { strict = true }: LoadOptions = {}): LoadResult {
    if (typeof sd !== 'object' || sd === null) throw new TypeError(`loadStateDict: expected an object of name → Tensor, got ${fmtValue(sd)}`);
    const own = Object.fromEntries(this.namedState());
    const missingKeys = Object.keys(own).filter((k) => !(k in sd));
    const unexpectedKeys = Object.keys(sd).filter((k) => !(k in own));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      const parts = [];
      if (missingKeys.length) parts.push(`missing keys: ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
      throw new ValueError(
        `loadStateDict: the state dict does not match ${this.constructor.name}: ${parts.join('; ')} (pass { strict: false } to load the keys that do match)`,
      );
    }
    const pairs: [Tensor, Tensor][] = [];
    for (const k of Object.keys(own)) {
      if (!(k in sd)) continue;
      const src = sd[k];
      if (!(src instanceof Tensor)) throw new TypeError(`loadStateDict: '${k}' must be a Tensor, got ${fmtValue(src)}`);
      const dst = own[k]!;
      if (src.shape.length !== dst.shape.length || src.shape.some((d, i) => d !== dst.shape[i]))
        throw new ShapeError(
          `loadStateDict: '${k}' has shape ${fmtShape(src.shape)} in the state dict but ${fmtShape(dst.shape)} in the model; ` +
            'was it saved from a model with other layer sizes?',
        );
      if (!isFloat(dst.dtype) && isFloat(src.dtype))
        throw new DTypeError(`loadStateDict: '${k}' is ${dst.dtype} in the model but ${src.dtype} in the state dict`);
      pairs.push([dst, src]);
    }
    for (const [dst, src] of pairs) if (dst !== src) dst.data.set(src.data);
    return { missingKeys, unexpectedKeys };
  }

  // ── display ──

  /** The constructor arguments worth showing, e.g. 'in=2, out=64, bias=true'. */
  extraRepr(): string {
    return '';
  }

  /** A PyTorch-style summary of the module tree. */
  toString(): string {
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (this._modules.size === 0) return `${head})`;
    const lines = [...this._modules].map(([k, m]) => `  (${k}): ${m.toString().split('\n').join('\n  ')}`);
    return `${head}\n${lines.join('\n')}\n)`;
  }
}

/**
 * Sequential: runs modules one after another, feeding each the previous output.
 * Children are named '0', '1', … as in PyTorch.
 *
 *   const mlp = new nn.Sequential(new nn.Linear(2, 64), new nn.ReLU(), new nn.Linear(64, 3));
 *   mlp.forward(x)   // [N,2] → [N,3]
 */
/**
 * A module that can run itself and a following ReLU in one op (nn.Linear on the fast path).
 * `forwardRelu(x)` returns relu(forward(x)), or null when it cannot fuse this call.
 */
export interface ReluFusable {
  forwardRelu(x: Tensor): Tensor | null;
}

function isReluFusable(m: Module): m is Module & ReluFusable {
  return typeof (m as Partial<ReluFusable>).forwardRelu === 'function';
}

export class Sequential extends Module {
  private readonly layers: Module[];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new TypeError(`Sequential: argument ${i} is not an nn.Module (${fmtValue(m)})`);
      this.registerModule(String(i), m);
    });
    this.layers = modules;
  }

  /**
   * Runs the modules in order. On the fast path a Linear followed directly by a ReLU runs as one
   * fused op (`linear(x, W, b, { relu: true })`: the ReLU is applied while the product is still in
   * WebAssembly memory); its output and gradients equal those of the two modules run one by one.
   */
  override forward(x: Tensor): Tensor {
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const m = layers[i]!;
      const next = layers[i + 1];
      if (next !== undefined && next.constructor === ReLU && isReluFusable(m)) {
        const y = m.forwardRelu(x);
        if (y) {
          x = y;
          i++;
          continue;
        }
      }
      x = m.forward(x);
    }
    return x;
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): Module {
    const m = this.layers[i < 0 ? i + this.layers.length : i];
    if (!m) throw new ShapeError(`Sequential.at: index ${i} is out of range for ${this.layers.length} modules`);
    return m;
  }
  get length(): number {
    return this.layers.length;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this.layers[Symbol.iterator]();
  }
}

/**
 * Residual (skip) connection: y = x + f(x). The identity path gives the gradient a route around
 * f — ∂y/∂x = I + ∂f/∂x — so it cannot vanish through a deep stack of such blocks.
 * The wrapped module is the child 'fn'.
 */
export class Residual extends Module {
  readonly fn: Module;
  constructor(fn: Module) {
    super();
    if (!(fn instanceof Module)) throw new TypeError(`Residual: expected an nn.Module to wrap, got ${fmtValue(fn)}`);
    this.fn = this.registerModule('fn', fn);
  }
  override forward(x: Tensor): Tensor {
    const fx = this.fn.forward(x);
    if (fx.shape.length !== x.shape.length || fx.shape.some((d, i) => d !== x.shape[i]))
      throw new ShapeError(
        `Residual: the wrapped ${this.fn.constructor.name} maps ${fmtShape(x.shape)} to ${fmtShape(fx.shape)}; x + f(x) needs f to keep the shape`,
      );
    return add(x, fx);
  }
}

/** Passes its input through unchanged. */
export class Identity extends Module {
  override forward(x: Tensor): Tensor {
    return x;
  }
}

/** ReLU(x) = max(0, x), elementwise. */
export class ReLU extends Module {
  override forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** LeakyReLU(x) = x for x > 0, slope·x otherwise. */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
    if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope))
      throw new ValueError(`LeakyReLU: the negative slope must be a finite number, got ${fmtValue(negativeSlope)}`);
  }
  override forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** σ(x) = 1 / (1 + e^(−x)), elementwise. */
export class Sigmoid extends Module {
  override forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** tanh(x), elementwise. */
export class Tanh extends Module {
  override forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** GELU(x) = x·Φ(x), elementwise (Φ the standard normal CDF). */
export class GELU extends Module {
  override forward(x: Tensor): Tensor {
    return gelu(x);
  }
}

/** softmax along `axis` (the last by default). */
export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
}

/** Merges dimensions startDim … endDim (1 … −1 by default: keeps the batch axis): [N,C,L] → [N,C·L]. */
export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
}
