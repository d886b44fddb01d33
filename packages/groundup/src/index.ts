/**
 * groundup — the math behind machine learning, runnable.
 *
 *   import { tensor, nn, loss, optim, linalg, prob, info, data, io } from 'groundup';
 */
export { Tensor, isTensor } from './tensor.js';
export type { TensorLike, NestedArray, SliceSpec } from './tensor.js';
export type { DType, TypedArray } from './dtype.js';
export { ShapeError, DTypeError, ValueError } from './errors.js';
export { tensor, zeros, ones, full, arange, linspace, eye, rand, randn, randint, zerosLike, onesLike } from './creation.js';
export type { CreateOptions, RandomOptions } from './creation.js';
export { manualSeed, Generator } from './random.js';
export { noGrad, isGradEnabled } from './autograd.js';
export { gradcheck } from './gradcheck.js';
export type { GradcheckOptions, GradcheckResult } from './gradcheck.js';
export { graph } from './graph.js';
export type { GraphNodeInfo } from './graph.js';
export { broadcastShapes, MAX_ELEMENTS } from './shape.js';

// functional forms of the ops (the Tensor methods call these)
export { add, sub, mul, div, pow, neg, maximum, minimum, where, eq, ne, gt, ge, lt, le } from './ops/arithmetic.js';
export { exp, log, sqrt, abs, square, sin, cos, clamp, erf } from './ops/math.js';
export { relu, leakyRelu, sigmoid, tanh, gelu, softplus, softmax, logSoftmax } from './ops/activation.js';
export { sum, mean, max, min, amax, amin, argmax, argmin, variance as var, variance, std, logsumexp } from './ops/reduce.js';
export { matmul } from './ops/matmul.js';
export { reshape, flatten, squeeze, unsqueeze, permute, transpose, expand } from './ops/shape.js';
export { slice, select, narrow, indexSelect, gather, concat, stack } from './ops/index.js';

// the fast path: WASM SIMD kernels and threads underneath the reference ops
export { setBackend, getBackend, setThreads, getThreads, gemm, gemmBatched, kernelInfo, setKernelBuild } from './kernels/index.js';
export type { Backend, KernelBuild, KernelInfo } from './kernels/index.js';
// the dispatcher: one registry of fast kernels per op (see src/dispatch.ts)
export { registerKernel, listKernels, defineOp } from './dispatch.js';
export type { Kernel, UpdateKernel, OpDef } from './dispatch.js';

export * as linalg from './linalg/index.js';
export * as nn from './nn/index.js';
export * as loss from './loss/index.js';
export * as optim from './optim/index.js';
export * as prob from './prob/index.js';
export * as info from './info/index.js';
export * as data from './data/index.js';
export * as io from './io/index.js';
export * as models from './models/index.js';
export * as trees from './trees/index.js';
export * as recipes from './recipes/index.js';
