/**
 * Chapter 3's computations, with no DOM: every widget calls these and so do the tests.
 * All numbers come from the groundup library (autograd, ops, nn); nothing here differentiates by hand.
 * Scalars use float64 so that a finite difference with a tiny step is not drowned by float32 rounding.
 */
import { graph, linspace, manualSeed, nn, noGrad, randn, tensor, type Tensor } from 'groundup';

const F64 = { dtype: 'float64' } as const;
const leaf = (v: number) => tensor(v, { dtype: 'float64', requiresGrad: true });

// ---------------------------------------------------------------- derivatives

export type FnId = 'square' | 'sin' | 'loss';

export interface Fn1 {
  id: FnId;
  label: string;
  tex: string;
  /** the library computation, on a tensor */
  f: (x: Tensor) => Tensor;
  /** the same as JavaScript for the code cell (in terms of a tensor `x`) */
  code: string;
  /** the x range the plot shows */
  range: [number, number];
}

/** The one-weight loss: a model ŷ = w·x with input x = 2 and target y = 3, squared error. */
export const LOSS_X = 2;
export const LOSS_Y = 3;

export const FUNCTIONS: Record<FnId, Fn1> = {
  square: { id: 'square', label: 'x²', tex: 'x^2', f: (x) => x.square(), code: 'x.square()', range: [-4, 4] },
  sin: { id: 'sin', label: 'sin x', tex: '\\sin x', f: (x) => x.sin(), code: 'x.sin()', range: [-4, 4] },
  loss: {
    id: 'loss',
    label: 'loss of one weight: (2w − 3)²',
    tex: `(${LOSS_X}w - ${LOSS_Y})^2`,
    f: (w) => w.mul(LOSS_X).sub(LOSS_Y).square(),
    code: `x.mul(${LOSS_X}).sub(${LOSS_Y}).square()   // x plays the weight w`,
    range: [-1, 4],
  },
};

export interface Derivative {
  x: number;
  y: number;
  /** dy/dx from autograd: y.backward(), then x.grad */
  grad: number;
  /** (f(x + h) − f(x)) / h, f evaluated by the library */
  forward: number;
  /** (f(x + h) − f(x − h)) / 2h */
  central: number;
  h: number;
}

export function evalAt(fn: Fn1, x: number): number {
  return noGrad(() => fn.f(tensor(x, F64)).item());
}

export function derivative(fnId: FnId, x: number, h: number): Derivative {
  const fn = FUNCTIONS[fnId];
  const xt = leaf(x);
  const yt = fn.f(xt);
  yt.backward();
  const y = yt.item();
  const fp = evalAt(fn, x + h);
  const fm = evalAt(fn, x - h);
  return { x, y, grad: xt.grad!.item(), forward: (fp - y) / h, central: (fp - fm) / (2 * h), h };
}

/** The curve f over its range, n points, computed as one tensor. */
export function curve(fnId: FnId, n = 161): { xs: number[]; ys: number[] } {
  const fn = FUNCTIONS[fnId];
  const xs = linspace(fn.range[0], fn.range[1], n, F64);
  return { xs: Array.from(xs.data), ys: Array.from(noGrad(() => fn.f(xs)).data) };
}

export function derivativeCode(fnId: FnId, x: number, h: number): string {
  const fn = FUNCTIONS[fnId];
  return [
    `// the derivative by autograd, next to a finite difference`,
    `const x = tensor(${x}, { dtype: 'float64', requiresGrad: true });`,
    `const y = ${fn.code};`,
    `y.backward();                       // fills x.grad with dy/dx`,
    `const h = ${h};`,
    `const f = (v) => { const x = tensor(v, { dtype: 'float64' }); return ${fn.code.replace(/\s*\/\/.*$/, '')}.item(); };`,
    `console.log('finite difference', (f(${x} + h) - f(${x})) / h);`,
    `x.grad.item()`,
  ].join('\n');
}

// ---------------------------------------------------------------- the gradient of a two-weight loss

/**
 * A two-weight model ŷ = w₁·x + w₂ fitted to four points by mean squared error:
 *   L(w₁, w₂) = ¼ Σᵢ (w₁xᵢ + w₂ − yᵢ)²
 * (think: x a scaled heart-rate feature, y a score to predict). Its minimum is the least-squares line.
 */
export const DATA_X = [-1, 0, 1, 2];
export const DATA_Y = [-1.4, 0.3, 1.1, 2.8];
export const W_RANGE: [number, number] = [-2, 4];

/** L for one (w1, w2): the library's tensors with autograd; returns the loss and ∇L. */
export function lossAndGrad(w1: number, w2: number): { loss: number; grad: [number, number] } {
  const w = tensor([w1, w2], { dtype: 'float64', requiresGrad: true });
  const x = tensor(DATA_X, F64);
  const y = tensor(DATA_Y, F64);
  const pred = x.mul(w.select(0, 0)).add(w.select(0, 1));
  const L = pred.sub(y).square().mean();
  L.backward();
  const g = w.grad!.data;
  return { loss: L.item(), grad: [g[0]!, g[1]!] };
}

/**
 * L on an n×n grid over W_RANGE² in one broadcast computation: row i is w₂ (top = largest),
 * column j is w₁. Returns row-major values.
 */
export function lossGrid(n: number): { values: Float64Array; min: number; max: number } {
  const [lo, hi] = W_RANGE;
  const v = noGrad(() => {
    const w1 = linspace(lo, hi, n, F64).reshape(1, n, 1);
    const w2 = linspace(hi, lo, n, F64).reshape(n, 1, 1);
    const x = tensor(DATA_X, F64).reshape(1, 1, DATA_X.length);
    const y = tensor(DATA_Y, F64).reshape(1, 1, DATA_Y.length);
    return w1.mul(x).add(w2).sub(y).square().mean(2);
  });
  const values = Float64Array.from(v.data);
  let min = Infinity;
  let max = -Infinity;
  for (const a of values) {
    if (a < min) min = a;
    if (a > max) max = a;
  }
  return { values, min, max };
}

export interface Step {
  w: [number, number];
  loss: number;
  grad: [number, number];
}

/** Gradient descent from `start`: w ← w − lr·∇L(w), `steps` times; returns every visited point. */
export function descend(start: [number, number], lr: number, steps: number): Step[] {
  const path: Step[] = [];
  let w: [number, number] = [...start];
  for (let k = 0; k <= steps; k++) {
    const { loss, grad } = lossAndGrad(w[0], w[1]);
    path.push({ w, loss, grad });
    if (k < steps) w = [w[0] - lr * grad[0], w[1] - lr * grad[1]];
  }
  return path;
}

export function gradientCode(w1: number, w2: number): string {
  return [
    `// L(w1, w2) = mean((w1·x + w2 − y)²) and its gradient`,
    `const w = tensor([${w1}, ${w2}], { dtype: 'float64', requiresGrad: true });`,
    `const x = tensor(${JSON.stringify(DATA_X)}, { dtype: 'float64' });`,
    `const y = tensor(${JSON.stringify(DATA_Y)}, { dtype: 'float64' });`,
    `const L = x.mul(w.select(0, 0)).add(w.select(0, 1)).sub(y).square().mean();`,
    `L.backward();`,
    `console.log('L =', L.item());`,
    `w.grad   // [∂L/∂w1, ∂L/∂w2]`,
  ].join('\n');
}

export function descentCode(start: [number, number], lr: number, steps: number): string {
  return [
    `// gradient descent: w ← w − lr · ∇L(w)`,
    `const x = tensor(${JSON.stringify(DATA_X)}, { dtype: 'float64' });`,
    `const y = tensor(${JSON.stringify(DATA_Y)}, { dtype: 'float64' });`,
    `let w = [${start[0]}, ${start[1]}];`,
    `for (let k = 0; k < ${steps}; k++) {`,
    `  const wt = tensor(w, { dtype: 'float64', requiresGrad: true });`,
    `  const L = x.mul(wt.select(0, 0)).add(wt.select(0, 1)).sub(y).square().mean();`,
    `  L.backward();`,
    `  const g = wt.grad.data;`,
    `  w = [w[0] - ${lr} * g[0], w[1] - ${lr} * g[1]];`,
    `  console.log(k + 1, L.item().toFixed(4));`,
    `}`,
    `w`,
  ].join('\n');
}

// ---------------------------------------------------------------- activations

export type ActId = 'sigmoid' | 'tanh' | 'relu' | 'gelu';
export const ACTIVATIONS: Record<ActId, { label: string; tex: string; f: (x: Tensor) => Tensor }> = {
  sigmoid: { label: 'sigmoid σ', tex: '\\sigma(x) = \\frac{1}{1 + e^{-x}}', f: (x) => x.sigmoid() },
  tanh: { label: 'tanh', tex: '\\tanh x', f: (x) => x.tanh() },
  relu: { label: 'ReLU', tex: '\\operatorname{ReLU}(x) = \\max(0, x)', f: (x) => x.relu() },
  gelu: { label: 'GELU', tex: '\\operatorname{GELU}(x) = x\\,\\Phi(x)', f: (x) => x.gelu() },
};
export const ACT_IDS = Object.keys(ACTIVATIONS) as ActId[];

/** f and f′ on a grid: f′ from autograd (sum the outputs, backward; each x gets its own slope). */
export function activationCurve(act: ActId, lo = -5, hi = 5, n = 201): { xs: number[]; ys: number[]; dys: number[] } {
  const x = linspace(lo, hi, n, { dtype: 'float64', requiresGrad: true });
  const y = ACTIVATIONS[act].f(x);
  y.sum().backward();
  return { xs: Array.from(x.data), ys: Array.from(y.data), dys: Array.from(x.grad!.data) };
}

export function activationAt(act: ActId, x: number): { y: number; dy: number } {
  const xt = leaf(x);
  const y = ACTIVATIONS[act].f(xt);
  y.backward();
  return { y: y.item(), dy: xt.grad!.item() };
}

// ---------------------------------------------------------------- the chain rule

export type PieceId = 'square' | 'sin' | 'exp' | 'sigmoid';
export const PIECES: Record<PieceId, { label: string; tex: (arg: string) => string; dtex: (arg: string) => string; f: (x: Tensor) => Tensor; code: string }> = {
  square: { label: 'square: u²', tex: (a) => (a.length === 1 ? `${a}^2` : `(${a})^2`), dtex: (a) => (a.length === 1 ? `2${a}` : `2(${a})`), f: (x) => x.square(), code: 'square()' },
  sin: { label: 'sin u', tex: (a) => `\\sin(${a})`, dtex: (a) => `\\cos(${a})`, f: (x) => x.sin(), code: 'sin()' },
  exp: { label: 'exp u', tex: (a) => `e^{${a}}`, dtex: (a) => `e^{${a}}`, f: (x) => x.exp(), code: 'exp()' },
  sigmoid: { label: 'sigmoid σ(u)', tex: (a) => `\\sigma(${a})`, dtex: (a) => `\\sigma(${a})(1 - \\sigma(${a}))`, f: (x) => x.sigmoid(), code: 'sigmoid()' },
};
export const PIECE_IDS = Object.keys(PIECES) as PieceId[];

export interface Chain {
  x: number;
  /** u = g(x) */
  u: number;
  /** y = f(u) */
  y: number;
  /** g′(x): autograd of the inner piece alone */
  inner: number;
  /** f′(u): autograd of the outer piece alone, at u */
  outer: number;
  /** f′(g(x)) · g′(x) */
  product: number;
  /** dy/dx from autograd of the whole composition */
  whole: number;
}

export function chain(outer: PieceId, inner: PieceId, x: number): Chain {
  const xt = leaf(x);
  const ut = PIECES[inner].f(xt);
  ut.backward();
  const u = ut.item();
  const uLeaf = leaf(u);
  const yt = PIECES[outer].f(uLeaf);
  yt.backward();
  const x2 = leaf(x);
  const y2 = PIECES[outer].f(PIECES[inner].f(x2));
  y2.backward();
  const innerD = xt.grad!.item();
  const outerD = uLeaf.grad!.item();
  return { x, u, y: yt.item(), inner: innerD, outer: outerD, product: outerD * innerD, whole: x2.grad!.item() };
}

export function chainCurve(outer: PieceId, inner: PieceId, lo = -3, hi = 3, n = 241): { xs: number[]; ys: number[]; dys: number[] } {
  const x = linspace(lo, hi, n, { dtype: 'float64', requiresGrad: true });
  const y = PIECES[outer].f(PIECES[inner].f(x));
  y.sum().backward();
  return { xs: Array.from(x.data), ys: Array.from(y.data), dys: Array.from(x.grad!.data) };
}

export function chainCode(outer: PieceId, inner: PieceId, x: number): string {
  return [
    `// y = f(g(x)): autograd multiplies the local derivatives for us`,
    `const x = tensor(${x}, { dtype: 'float64', requiresGrad: true });`,
    `const u = x.${PIECES[inner].code};   // inner g`,
    `const y = u.${PIECES[outer].code};   // outer f`,
    `y.backward();`,
    `console.log('u =', u.item(), ' y =', y.item());`,
    `x.grad.item()   // = f′(u) · g′(x)`,
  ].join('\n');
}

// ---------------------------------------------------------------- backpropagation through one neuron

export interface NeuronInputs {
  w: number;
  x: number;
  b: number;
  y: number;
}

export interface NeuronNode {
  id: number;
  /** a readable label: the leaf's name, or the op and its role */
  label: string;
  op: string;
  shape: number[];
  value: number;
  grad: number | null;
  inputs: number[];
  /** column for drawing: 0 for leaves, else 1 + the deepest input */
  depth: number;
}

const ROLE: Record<string, string> = { mul: 'z₀ = w·x', add: 'z = w·x + b', sigmoid: 'a = σ(z)', sub: 'e = a − y', square: 'L = e²' };

/**
 * loss = (σ(w·x + b) − y)², built from the library's ops, backward() run, and read back with
 * graph(): one entry per node, inputs first (the order the forward pass computed them).
 */
export function neuron(v: NeuronInputs): { nodes: NeuronNode[]; loss: number } {
  const w = tensor(v.w, { dtype: 'float64', requiresGrad: true });
  w.name = 'w';
  const x = tensor(v.x, F64);
  x.name = 'x';
  const b = tensor(v.b, { dtype: 'float64', requiresGrad: true });
  b.name = 'b';
  const y = tensor(v.y, F64);
  y.name = 'y';
  const L = w.mul(x).add(b).sigmoid().sub(y).square();
  L.backward();
  const info = graph(L);
  const depth = new Map<number, number>();
  const nodes = info.map((n) => {
    const d = n.inputs.length ? 1 + Math.max(...n.inputs.map((i) => depth.get(i) ?? 0)) : 0;
    depth.set(n.id, d);
    return {
      id: n.id,
      label: n.name ?? ROLE[n.op] ?? n.op,
      op: n.op,
      shape: n.shape,
      value: n.value.item(),
      grad: n.grad ? n.grad.item() : null,
      inputs: n.inputs,
      depth: d,
    };
  });
  return { nodes, loss: L.item() };
}

export function neuronCode(v: NeuronInputs): string {
  return [
    `// one neuron, its loss, and the graph autograd recorded`,
    `const w = tensor(${v.w}, { dtype: 'float64', requiresGrad: true }); w.name = 'w';`,
    `const b = tensor(${v.b}, { dtype: 'float64', requiresGrad: true }); b.name = 'b';`,
    `const x = tensor(${v.x}, { dtype: 'float64' }), y = tensor(${v.y}, { dtype: 'float64' });`,
    `const loss = w.mul(x).add(b).sigmoid().sub(y).square();`,
    `loss.backward();`,
    `for (const n of graph(loss)) console.log(n.name ?? n.op, 'value', n.value.item().toFixed(4), 'grad', n.grad?.item().toFixed(4));`,
    `[w.grad.item(), b.grad.item()]`,
  ].join('\n');
}

// ---------------------------------------------------------------- vanishing gradients

export type DeepAct = 'sigmoid' | 'tanh' | 'relu';
export type DeepInit = 'default' | 'small' | 'xavier' | 'he';
export const DEEP_ACTS: DeepAct[] = ['sigmoid', 'tanh', 'relu'];
export const DEEP_INITS: DeepInit[] = ['default', 'small', 'xavier', 'he'];
/** The "small" initialisation: every weight from N(0, SMALL_STD²). */
export const SMALL_STD = 0.05;
export const WIDTH = 16;
export const BATCH = 8;

/** skip: a skip connection around each block, h ← h + Linear(act(h)) instead of h ← act(Linear(h)) */
export type DeepOptions = { act: DeepAct; init: DeepInit; skip: boolean; depth: number; seed: number };

/** The three stacks the section started with, as settings of the free controls. */
export type DeepKind = 'sigmoid' | 'relu' | 'residual';
export const KIND_SETTINGS: Record<DeepKind, Omit<DeepOptions, 'depth' | 'seed'>> = {
  sigmoid: { act: 'sigmoid', init: 'default', skip: false },
  relu: { act: 'relu', init: 'he', skip: false },
  residual: { act: 'sigmoid', init: 'default', skip: true },
};

const actModule = (a: DeepAct): nn.Module => (a === 'sigmoid' ? new nn.Sigmoid() : a === 'tanh' ? new nn.Tanh() : new nn.ReLU());

/** Re-initialises a layer: default keeps nn.Linear's own U(±1/√fan-in); the others set the bias to zero. */
function initLayer(lin: nn.Linear, init: DeepInit): void {
  if (init === 'default') return;
  if (init === 'small') nn.init.normal(lin.weight, 0, SMALL_STD);
  else if (init === 'xavier') nn.init.xavierNormal(lin.weight);
  else nn.init.heNormal(lin.weight);
  nn.init.zeros(lin.bias!);
}

/**
 * A stack of `depth` blocks of width 16, float64, seeded (each block: Linear → act, or with skip
 * h + Linear(act(h))). One batch of 8 random inputs, L = Σ outputs, backward; returns ‖∂L/∂W‖
 * (Frobenius) for each Linear, first layer first.
 */
export function deepGradNorms(o: DeepOptions): number[] {
  if (!DEEP_ACTS.includes(o.act)) throw new TypeError(`deepGradNorms: act must be one of ${DEEP_ACTS.join(', ')}, got ${String(o.act)}`);
  if (!DEEP_INITS.includes(o.init)) throw new TypeError(`deepGradNorms: init must be one of ${DEEP_INITS.join(', ')}, got ${String(o.init)}`);
  if (!(Number.isInteger(o.depth) && o.depth >= 1 && o.depth <= 200)) throw new RangeError(`deepGradNorms: depth must be a whole number in 1…200, got ${o.depth}`);
  manualSeed(o.seed);
  const layers: nn.Module[] = [];
  for (let i = 0; i < o.depth; i++) {
    const lin = new nn.Linear(WIDTH, WIDTH);
    initLayer(lin, o.init);
    if (o.skip) layers.push(new nn.Residual(new nn.Sequential(actModule(o.act), lin)));
    else layers.push(lin, actModule(o.act));
  }
  const model = new nn.Sequential(...layers).to('float64');
  const x = randn([BATCH, WIDTH]).double();
  model.forward(x).sum().backward();
  const linears = model.modules().filter((m): m is nn.Linear => m instanceof nn.Linear);
  return linears.map((l) => {
    let s = 0;
    for (const g of l.weight.grad!.data) s += g * g;
    return Math.sqrt(s);
  });
}

/** The original three stacks (kept for the tests and the prose's numbers). */
export function layerGradNorms(kind: DeepKind, depth: number, seed = 0): number[] {
  return deepGradNorms({ ...KIND_SETTINGS[kind], depth, seed });
}

const ACT_CODE: Record<DeepAct, string> = { sigmoid: 'new nn.Sigmoid()', tanh: 'new nn.Tanh()', relu: 'new nn.ReLU()' };
const INIT_CODE: Record<DeepInit, string> = {
  default: '',
  small: ` nn.init.normal(l.weight, 0, ${SMALL_STD}); nn.init.zeros(l.bias);`,
  xavier: ' nn.init.xavierNormal(l.weight); nn.init.zeros(l.bias);',
  he: ' nn.init.heNormal(l.weight); nn.init.zeros(l.bias);',
};

export function vanishingCode(o: DeepOptions): string {
  const push = o.skip ? `layers.push(new nn.Residual(new nn.Sequential(${ACT_CODE[o.act]}, l)));` : `layers.push(l, ${ACT_CODE[o.act]});`;
  return [
    `// per-layer gradient norms through ${o.depth} blocks: ${o.act}, ${o.init} init, skip ${o.skip ? 'on' : 'off'}`,
    `manualSeed(${o.seed});`,
    `const layers = [];`,
    `for (let i = 0; i < ${o.depth}; i++) { const l = new nn.Linear(${WIDTH}, ${WIDTH});${INIT_CODE[o.init]} ${push} }`,
    `const model = new nn.Sequential(...layers).to('float64');`,
    `model.forward(randn([${BATCH}, ${WIDTH}]).double()).sum().backward();`,
    `const norms = model.modules().filter((m) => m instanceof nn.Linear)`,
    `  .map((l) => Math.sqrt(l.weight.grad.square().sum().item()));`,
    `console.log('first / last', norms[0] / norms[norms.length - 1]);`,
    `norms`,
  ].join('\n');
}
