/**
 * gradcheck, entry by entry. A scalar function f of one small input x (the other operands fixed),
 * its gradient from backward(), the central difference (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε of the
 * library's own forward pass for every entry, and the library's gradcheck(f, [x], { eps }) verdict.
 * Each f already ends in a weighted sum (L = Σ c ⊙ g(x)), so gradcheck's own weighting is not used
 * and its worst entry is one of the rows shown here. No DOM.
 */
import { gradcheck, manualSeed, noGrad, rand, randn, tensor, type GradcheckResult, type Tensor } from 'groundup';

export type CheckFn = 'tanh' | 'softmax' | 'log' | 'matmul' | 'layer';

const F64 = { dtype: 'float64' } as const;

interface FnDef {
  label: string;
  /** the function as TeX, in terms of x (and fixed c, B, W, b) */
  tex: string;
  /** x's shape */
  shape: number[];
  /** x for a seed (the random constants are drawn after it, from the same seed) */
  input: () => Tensor;
  /** the same draw of x as JavaScript for the code cell */
  inputCode: string;
  /** f(x) given the constants */
  make: () => { f: (x: Tensor) => Tensor; code: string };
}

/** Fixed weights c so that L = Σ c ⊙ g(x) depends on every output entry differently. */
const weights = (shape: number[]) => randn(shape).double();

export const CHECK_FNS: Record<CheckFn, FnDef> = {
  tanh: {
    label: 'tanh, 5 entries',
    tex: 'L(x) = \\textstyle\\sum_i c_i \\tanh x_i',
    shape: [5],
    input: () => randn([5]).double().mul(1.5),
    inputCode: 'randn([5]).double().mul(1.5)',
    make: () => {
      const c = weights([5]);
      return { f: (x) => x.tanh().mul(c).sum(), code: `const c = randn([5]).double();\nconst f = (x) => x.tanh().mul(c).sum();` };
    },
  },
  softmax: {
    label: 'softmax, 4 entries',
    tex: 'L(x) = \\textstyle\\sum_i c_i \\operatorname{softmax}(x)_i',
    shape: [4],
    input: () => randn([4]).double().mul(2),
    inputCode: 'randn([4]).double().mul(2)',
    make: () => {
      const c = weights([4]);
      return { f: (x) => x.softmax(-1).mul(c).sum(), code: `const c = randn([4]).double();\nconst f = (x) => x.softmax(-1).mul(c).sum();` };
    },
  },
  log: {
    label: 'log near 0 (steep), 4 entries',
    tex: 'L(x) = \\textstyle\\sum_i c_i \\log x_i',
    shape: [4],
    input: () => rand([4]).double().mul(0.09).add(0.01),
    inputCode: 'rand([4]).double().mul(0.09).add(0.01)',
    make: () => {
      const c = weights([4]);
      return { f: (x) => x.log().mul(c).sum(), code: `const c = randn([4]).double();\nconst f = (x) => x.log().mul(c).sum();` };
    },
  },
  matmul: {
    label: 'matmul: x [2, 3] · B [3, 2]',
    tex: 'L(x) = \\textstyle\\sum_{ij} c_{ij} (xB)_{ij}',
    shape: [2, 3],
    input: () => randn([2, 3]).double(),
    inputCode: 'randn([2, 3]).double()',
    make: () => {
      const B = randn([3, 2]).double();
      const c = weights([2, 2]);
      return { f: (x) => x.matmul(B).mul(c).sum(), code: `const B = randn([3, 2]).double(), c = randn([2, 2]).double();\nconst f = (x) => x.matmul(B).mul(c).sum();` };
    },
  },
  layer: {
    label: 'a tiny layer: σ(x W + b), x [1, 3]',
    tex: 'L(x) = \\textstyle\\sum_j c_j\\, \\sigma(xW + b)_j',
    shape: [1, 3],
    input: () => randn([1, 3]).double(),
    inputCode: 'randn([1, 3]).double()',
    make: () => {
      const W = randn([3, 2]).double();
      const b = randn([2]).double();
      const c = weights([1, 2]);
      return {
        f: (x) => x.matmul(W).add(b).sigmoid().mul(c).sum(),
        code: `const W = randn([3, 2]).double(), b = randn([2]).double(), c = randn([1, 2]).double();\nconst f = (x) => x.matmul(W).add(b).sigmoid().mul(c).sum();`,
      };
    },
  },
};
export const CHECK_IDS = Object.keys(CHECK_FNS) as CheckFn[];

export interface CheckEntry {
  index: number[];
  x: number;
  analytic: number;
  numeric: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, 1e-300); Infinity where the difference is not a number */
  rel: number;
}

export interface CheckResult {
  entries: CheckEntry[];
  worstRel: number;
  /** the library's verdict with this ε */
  lib: GradcheckResult;
}

/** x, f and the gradient from backward() for one seed (computed once per function and seed). */
export function checkSetup(fn: CheckFn, seed: number): { x: Tensor; f: (x: Tensor) => Tensor; grad: Float64Array; code: string } {
  const def = CHECK_FNS[fn];
  if (!def) throw new TypeError(`gradcheck widget: unknown function ${String(fn)}; use one of ${CHECK_IDS.join(', ')}`);
  manualSeed(seed);
  const x0 = def.input();
  const { f, code } = def.make();
  const leaf = tensor(Array.from(x0.data), { ...F64, requiresGrad: true });
  f(leaf.reshape(...def.shape)).backward();
  return { x: leaf, f: (t) => f(t.reshape(...def.shape)), grad: Float64Array.from(leaf.grad!.data), code };
}

function unravel(i: number, shape: number[]): number[] {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(i % shape[d]!);
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

/** Infinity when either side is not a number (x − ε left the function's domain). */
export const relErr = (a: number, n: number) => (Number.isFinite(a) && Number.isFinite(n) ? Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), 1e-300) : Infinity);

/** Central differences of every entry with step eps, against the analytic gradient. */
export function centralDiffs(setup: ReturnType<typeof checkSetup>, shape: number[], eps: number): CheckEntry[] {
  if (!(eps > 0 && Number.isFinite(eps))) throw new RangeError(`gradcheck widget: eps must be a positive finite number, got ${eps}`);
  const base = Array.from(setup.x.data);
  const at = (v: number[]) => noGrad(() => setup.f(tensor(v, F64)).item());
  return base.map((xi, i) => {
    const p = base.slice();
    p[i] = xi + eps;
    const m = base.slice();
    m[i] = xi - eps;
    const numeric = (at(p) - at(m)) / (2 * eps);
    const analytic = setup.grad[i]!;
    return { index: unravel(i, shape), x: xi, analytic, numeric, rel: relErr(analytic, numeric) };
  });
}

export function checkAt(fn: CheckFn, seed: number, eps: number): CheckResult & { setup: ReturnType<typeof checkSetup> } {
  const setup = checkSetup(fn, seed);
  const entries = centralDiffs(setup, CHECK_FNS[fn].shape, eps);
  const lib = gradcheck(setup.f, [withGrad(setup.x)], { eps });
  return { entries, worstRel: Math.max(...entries.map((e) => e.rel)), lib, setup };
}

function withGrad(x: Tensor): Tensor {
  return tensor(Array.from(x.data), { ...F64, requiresGrad: true });
}

/** The worst relative error over every entry for each ε on a log grid: the V-shaped curve. */
export function epsSweep(setup: ReturnType<typeof checkSetup>, shape: number[], lo = -13, hi = -1, perDecade = 2): { eps: number[]; worst: number[] } {
  const eps: number[] = [];
  const worst: number[] = [];
  for (let k = lo * perDecade; k <= hi * perDecade; k++) {
    const e = 10 ** (k / perDecade);
    eps.push(e);
    worst.push(Math.max(...centralDiffs(setup, shape, e).map((c) => c.rel)));
  }
  return { eps, worst };
}

export function gradcheckCode(fn: CheckFn, seed: number, eps: number, code: string): string {
  const def = CHECK_FNS[fn];
  return [
    `// backward() against central differences, with ε = ${eps}`,
    `manualSeed(${seed});`,
    `const x = ${def.inputCode};`,
    code,
    `const xg = tensor(Array.from(x.data), { dtype: 'float64', requiresGrad: true }).reshape(${def.shape.join(', ')});`,
    `const r = gradcheck(f, [xg], { eps: ${eps} });`,
    `r.message`,
  ].join('\n');
}
