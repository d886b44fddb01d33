/**
 * The op table: one row per exported op, in the spirit of PyTorch's OpInfo. A row says how to
 * build inputs for the op and what it promises; ops/op-table.test.ts drives every row through the
 * same checks — gradcheck in float64, every registered kernel's float32 backward against finite
 * differences, backend agreement, broadcasting, dtypes, empty tensors and the error message's
 * first words. Adding an op means adding a row here (the test fails for an exported op without one).
 */
import { tensor, zeros } from '../creation.js';
import type { Tensor } from '../tensor.js';
import * as ar from './arithmetic.js';
import * as ac from './activation.js';
import * as cv from './conv.js';
import * as fu from './fused.js';
import * as ix from './index.js';
import * as ma from './math.js';
import * as mm from './matmul.js';
import * as po from './pool.js';
import * as re from './reduce.js';
import * as sh from './shape.js';

/** How a row's float inputs are drawn: any real, positive, or away from the op's kinks and ties. */
export type Domain = 'any' | 'positive' | 'distinct';

export interface OpRow {
  /** The exported name (and the first word of its error messages unless `errorName` says otherwise). */
  name: string;
  /** Calls the op on its tensor inputs (the row supplies any other arguments). */
  run: (...xs: Tensor[]) => Tensor;
  /** Shapes of the float inputs, small (for gradcheck in float64). */
  shapes: number[][];
  domain?: Domain;
  /** Extra non-differentiable inputs (int32 indices, masks) appended after the float inputs. */
  extra?: (gen: () => number) => Tensor[];
  /** False for ops without a gradient (comparisons, argmax). */
  grad?: boolean;
  /** Two shapes that broadcast, for binary elementwise ops. */
  broadcast?: [number[], number[]];
  /** The registered kernel this op dispatches to, and float32 shapes large enough to select it. */
  kernel?: { name: string; shapes: number[][] };
  /** What int32 inputs give: 'same' (stays int32), 'float' (a float32 result) or 'error' (a DTypeError). */
  int32?: 'same' | 'float' | 'error';
  /** Input shapes with an empty dimension (the op must accept them), or 'error' if it refuses with a typed error (absent: a fixed-size op such as reshape to a given shape). */
  empty?: number[][] | 'error';
  /** Shapes with an empty dimension that the op must refuse with a typed error (max over an empty axis). */
  emptyRefused?: number[][];
  /** A call with bad arguments; it must throw a typed error whose message starts with the op's name. */
  bad: () => unknown;
  errorName?: string;
}

// small helpers for the rows' inputs
const ints = (shape: number[], hi: number) => (gen: () => number) =>
  tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(gen() * hi)), { dtype: 'int32' }).reshape(shape);
const f = (shape: number[]) => zeros(shape);

const unary = (name: string, fn: (x: Tensor) => Tensor, domain: Domain = 'any', int32: OpRow['int32'] = 'float'): OpRow => ({
  name, run: fn, shapes: [[3, 4]], domain, int32, empty: [[0, 3]],
  bad: () => fn('x' as unknown as Tensor),
});
const binary = (name: string, fn: (a: Tensor, b: Tensor) => Tensor, domain: Domain = 'any', int32: OpRow['int32'] = 'same'): OpRow => ({
  name, run: fn, shapes: [[3, 4], [3, 4]], domain, int32, broadcast: [[3, 1, 4], [5, 4]], empty: [[0, 4], [1, 4]],
  bad: () => fn(f([2, 3]), f([4, 3])),
});
const compare = (name: string, fn: (a: Tensor, b: Tensor) => Tensor): OpRow => ({ ...binary(name, fn, 'distinct', 'same'), grad: false });
const reduction = (name: string, fn: (x: Tensor) => Tensor, bad: () => unknown, domain: Domain = 'distinct', empty: OpRow['empty'] = [[0, 3]]): OpRow => ({
  name, run: fn, shapes: [[3, 4]], domain, int32: 'float', empty, bad,
});

export function opTable(): OpRow[] {
  return [
    // ── arithmetic ──
    binary('add', ar.add), binary('sub', ar.sub), binary('mul', ar.mul),
    binary('div', ar.div, 'positive', 'float'),
    { ...binary('pow', ar.pow, 'positive', 'float'), bad: () => ar.pow(f([2, 3]), f([4, 3])) },
    { ...unary('neg', ar.neg, 'any', 'same') },
    binary('maximum', ar.maximum, 'distinct'), binary('minimum', ar.minimum, 'distinct'),
    compare('eq', ar.eq), compare('ne', ar.ne), compare('gt', ar.gt), compare('ge', ar.ge), compare('lt', ar.lt), compare('le', ar.le),
    {
      name: 'where', run: (a, b, c) => ar.where(c!, a!, b!), shapes: [[3, 4], [3, 4]], extra: (g) => [ints([3, 4], 2)(g)],
      int32: 'same', bad: () => ar.where(f([2]), f([3]), f([4])),
    },
    // ── math ──
    unary('exp', ma.exp), unary('log', ma.log, 'positive'), unary('sqrt', ma.sqrt, 'positive'),
    unary('abs', ma.abs, 'distinct', 'same'), unary('square', ma.square, 'any', 'same'),
    unary('sin', ma.sin), unary('cos', ma.cos),
    { ...unary('clamp', (x) => ma.clamp(x, -0.5, 0.5), 'distinct', 'same'), bad: () => ma.clamp(f([2]), 1, -1) },
    // ── activations ──
    unary('relu', ac.relu, 'distinct', 'same'), unary('leakyRelu', (x) => ac.leakyRelu(x, 0.1), 'distinct'),
    unary('sigmoid', ac.sigmoid), unary('tanh', ac.tanh), unary('gelu', ac.gelu), unary('softplus', ac.softplus),
    { ...unary('softmax', (x) => ac.softmax(x, -1), 'any', 'error'), bad: () => ac.softmax(f([2, 3]), 5) },
    { ...unary('logSoftmax', (x) => ac.logSoftmax(x, -1), 'any', 'error'), bad: () => ac.logSoftmax(f([2, 3]), 5) },
    // ── reductions ──
    { ...reduction('sum', (x) => re.sum(x, 1), () => re.sum(f([2, 3]), 4)), int32: 'same' },
    reduction('mean', (x) => re.mean(x, 1), () => re.mean(f([2, 3]), 4)),
    { ...reduction('variance', (x) => re.variance(x, 1), () => re.variance(f([2, 3]), 4)), errorName: 'var' },
    reduction('std', (x) => re.std(x, 1), () => re.std(f([2, 3]), 4)),
    { ...reduction('max', (x) => re.max(x, 1), () => re.max(f([2, 3]), 4)), emptyRefused: [[3, 0]], int32: 'same' },
    { ...reduction('min', (x) => re.min(x, 1), () => re.min(f([2, 3]), 4)), emptyRefused: [[3, 0]], int32: 'same' },
    { ...reduction('amax', (x) => re.amax(x, 1), () => re.amax(f([2, 3]), 4)), emptyRefused: [[3, 0]], int32: 'same' },
    { ...reduction('amin', (x) => re.amin(x, 1), () => re.amin(f([2, 3]), 4)), emptyRefused: [[3, 0]], int32: 'same' },
    { ...reduction('argmax', (x) => re.argmax(x, 1), () => re.argmax(f([2, 3]), 4)), emptyRefused: [[3, 0]], grad: false, int32: 'same' },
    { ...reduction('argmin', (x) => re.argmin(x, 1), () => re.argmin(f([2, 3]), 4)), emptyRefused: [[3, 0]], grad: false, int32: 'same' },
    reduction('logsumexp', (x) => re.logsumexp(x, 1), () => re.logsumexp(f([2, 3]), 4)),
    // ── matrix products and layers ──
    {
      name: 'matmul', run: (a, b) => mm.matmul(a!, b!), shapes: [[2, 3, 4], [4, 5]], int32: 'float', empty: [[0, 4], [4, 5]],
      kernel: { name: 'matmul', shapes: [[2, 30, 40], [40, 20]] }, bad: () => mm.matmul(f([2, 3]), f([2, 3])),
    },
    {
      name: 'linear', run: (x, w, b) => fu.linear(x!, w!, b!, { relu: true }), shapes: [[4, 5], [3, 5], [3]], domain: 'distinct', int32: 'error',
      empty: [[0, 5], [3, 5], [3]], kernel: { name: 'linear', shapes: [[32, 20], [16, 20], [16]] }, bad: () => fu.linear(f([2, 3]), f([4, 5])),
    },
    {
      name: 'softmaxCrossEntropy', run: (z, y) => fu.softmaxCrossEntropy(z!, y!), shapes: [[4, 3]], extra: (g) => [ints([4], 3)(g)],
      int32: 'error', empty: 'error', kernel: { name: 'softmaxCrossEntropy', shapes: [[4, 3]] },
      bad: () => fu.softmaxCrossEntropy(f([2, 3]), tensor([0, 7], { dtype: 'int32' })),
    },
    {
      name: 'conv1d', run: (x, w, b) => cv.conv1d(x!, w!, b!, { padding: 1, stride: 2 }), shapes: [[2, 2, 7], [3, 2, 3], [3]], int32: 'error',
      empty: [[0, 2, 7], [3, 2, 3], [3]], kernel: { name: 'conv', shapes: [[2, 4, 80], [8, 4, 5], [8]] }, bad: () => cv.conv1d(f([2, 3, 7]), f([3, 2, 3])),
    },
    {
      name: 'conv2d', run: (x, w, b) => cv.conv2d(x!, w!, b!, { padding: 1 }), shapes: [[1, 2, 4, 5], [2, 2, 3, 3], [2]], int32: 'error',
      empty: [[0, 2, 4, 5], [2, 2, 3, 3], [2]], kernel: { name: 'conv', shapes: [[2, 3, 10, 10], [4, 3, 3, 3], [4]] }, bad: () => cv.conv2d(f([1, 2, 4, 5]), f([2, 3, 3, 3])),
    },
    { name: 'conv1dReference', run: (x, w) => cv.conv1dReference(x!, w!, null, { padding: 1 }), shapes: [[1, 2, 6], [2, 2, 3]], int32: 'error', empty: [[0, 2, 6], [2, 2, 3]], bad: () => cv.conv1dReference(f([2, 3, 7]), f([3, 2, 3])), errorName: 'conv1d' },
    { name: 'conv2dReference', run: (x, w) => cv.conv2dReference(x!, w!), shapes: [[1, 2, 4, 4], [2, 2, 2, 2]], int32: 'error', empty: [[0, 2, 4, 4], [2, 2, 2, 2]], bad: () => cv.conv2dReference(f([1, 2, 4, 5]), f([2, 3, 3, 3])), errorName: 'conv2d' },
    { name: 'maxPool1d', run: (x) => po.maxPool1d(x!, 2), shapes: [[2, 3, 8]], domain: 'distinct', int32: 'error', empty: [[0, 3, 8]], bad: () => po.maxPool1d(f([2, 3, 8]), 0) },
    { name: 'avgPool1d', run: (x) => po.avgPool1d(x!, 2), shapes: [[2, 3, 8]], int32: 'error', empty: [[0, 3, 8]], bad: () => po.avgPool1d(f([2, 3, 8]), 0) },
    // ── shapes ──
    { name: 'reshape', run: (x) => sh.reshape(x!, [4, 3]), shapes: [[3, 4]], int32: 'same', bad: () => sh.reshape(f([3, 4]), [5, 5]) },
    { name: 'flatten', run: (x) => sh.flatten(x!), shapes: [[2, 3, 2]], int32: 'same', empty: [[0, 3]], bad: () => sh.flatten(f([2, 3]), 5) },
    { name: 'squeeze', run: (x) => sh.squeeze(x!, 1), shapes: [[3, 1, 2]], int32: 'same', empty: [[0, 1]], bad: () => sh.squeeze(f([3, 2]), 5) },
    { name: 'unsqueeze', run: (x) => sh.unsqueeze(x!, 1), shapes: [[3, 2]], int32: 'same', empty: [[0, 2]], bad: () => sh.unsqueeze(f([3, 2]), 7) },
    { name: 'permute', run: (x) => sh.permute(x!, [2, 0, 1]), shapes: [[2, 3, 4]], int32: 'same', empty: [[0, 3, 4]], bad: () => sh.permute(f([2, 3]), [0, 0]) },
    { name: 'transpose', run: (x) => sh.transpose(x!, 0, 1), shapes: [[2, 3]], int32: 'same', empty: [[0, 3]], bad: () => sh.transpose(f([2, 3]), 0, 4) },
    { name: 'expand', run: (x) => sh.expand(x!, [4, 3, 2]), shapes: [[3, 1]], int32: 'same', bad: () => sh.expand(f([3, 2]), [4, 5]) },
    // ── indexing ──
    { name: 'slice', run: (x) => ix.slice(x!, ['1:3', '::2']), shapes: [[4, 5]], int32: 'same', empty: [[0, 5]], bad: () => ix.slice(f([3]), ['a:b']) },
    { name: 'select', run: (x) => ix.select(x!, 1, 2), shapes: [[3, 4]], int32: 'same', empty: [[0, 4]], bad: () => ix.select(f([3, 4]), 1, 9) },
    { name: 'narrow', run: (x) => ix.narrow(x!, 1, 1, 2), shapes: [[3, 4]], int32: 'same', empty: [[0, 4]], bad: () => ix.narrow(f([3, 4]), 1, 3, 5) },
    { name: 'indexSelect', run: (x) => ix.indexSelect(x!, 0, [2, 0, 2]), shapes: [[3, 4]], int32: 'same', empty: 'error', bad: () => ix.indexSelect(f([3, 4]), 0, [5]) },
    { name: 'gather', run: (x, i) => ix.gather(x!, 1, i!), shapes: [[3, 4]], extra: (g) => [ints([3, 2], 4)(g)], int32: 'same', empty: 'error', bad: () => ix.gather(f([3, 4]), 1, tensor([[9]], { dtype: 'int32' })) },
    { name: 'concat', run: (a, b) => ix.concat([a!, b!], 1), shapes: [[2, 3], [2, 2]], int32: 'same', empty: [[0, 3], [0, 2]], bad: () => ix.concat([f([2, 3]), f([3, 3])], 1) },
    { name: 'stack', run: (a, b) => ix.stack([a!, b!], 1), shapes: [[2, 3], [2, 3]], int32: 'same', empty: [[0, 3], [0, 3]], bad: () => ix.stack([f([2, 3]), f([3, 3])], 0) },
  ];
}

/**
 * Exported functions of ops/ that are not ops of their own, with the reason: they are covered
 * through the rows that use them, or they are helpers.
 */
export const NOT_OPS: Record<string, string> = {
  zip: 'the elementwise engine behind add/sub/mul/div (covered by their rows)',
  matmulKernel: 'the reference inner loop of matmul and the convolution',
  reduceAxes: 'axis parsing shared by the reductions',
  zeroPad: 'a composite of concat (covered by conv1dReference/conv2dReference)',
  convOutputSize: 'integer arithmetic on sizes, no tensor',
  sumTo: 'the unbroadcast step of autograd (covered by every broadcasting gradcheck)',
  cast: 'dtype conversion (Tensor.to), no gradient of its own to check',
  clone: 'a copy (Tensor.clone)',
  erf: 'a function on numbers (the error function behind gelu), not on tensors',
  scalar: 'wraps a number', toTensor: 'argument checking', binaryArgs: 'argument checking', floatOf: 'a dtype rule',
  empty: 'allocation', mapData: 'the unary elementwise engine', requireFloat: 'a dtype check', requireInt: 'a dtype check',
};

/** The exported functions of the ops modules, by name. */
export function exportedOps(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const m of [ar, ac, cv, fu, ix, ma, mm, po, re, sh] as Record<string, unknown>[])
    for (const [k, v] of Object.entries(m)) if (typeof v === 'function') out.set(k, v);
  return out;
}
