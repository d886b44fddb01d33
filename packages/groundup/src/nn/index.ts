/**
 * nn: layers for building networks, PyTorch-shaped (parameter names and layouts match, so a state
 * dict carries over). Each layer's doc comment gives its formula, its shapes and its default init.
 *
 *   import { nn } from 'groundup';
 *   const model = new nn.Sequential(new nn.Linear(2, 64), new nn.ReLU(), new nn.Linear(64, 3));
 *   const logits = model.forward(x);   // [N,2] → [N,3]
 */
export { Module, Sequential, Residual, Identity, ReLU, LeakyReLU, Sigmoid, Tanh, GELU, Softmax, Flatten } from './module.js';
export type { StateDict, LoadOptions, LoadResult } from './module.js';
export { Linear } from './linear.js';
export type { LinearOptions } from './linear.js';
export { Conv1d, Conv2d, MaxPool1d, AvgPool1d } from './conv.js';
export type { Conv1dOptions, Conv2dOptions } from './conv.js';
export { BatchNorm1d, LayerNorm } from './norm.js';
export type { BatchNormOptions, LayerNormOptions } from './norm.js';
export { Dropout } from './dropout.js';
export { Embedding } from './embedding.js';
export { MultiheadAttention, PositionalEncoding, scaledDotProductAttention, causalMask } from './attention.js';
export type { AttentionOptions, MultiheadAttentionOptions } from './attention.js';
export * as init from './init.js';
/** Functional forms of the layers' ops (the modules call these). */
export { conv1d, conv2d, conv1dReference, conv2dReference, convOutputSize } from '../ops/conv.js';
export { maxPool1d, avgPool1d } from '../ops/pool.js';
export { gradcheckModule } from './gradcheck.js';
