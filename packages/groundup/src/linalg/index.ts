/**
 * Linear algebra (chapter 2 of the guide): dot products, norms, covariance, symmetric
 * eigendecomposition, power iteration and PCA.
 */
export { dot } from './dot.js';
export { norm } from './norm.js';
export type { NormOrd } from './norm.js';
export { outer, trace } from './products.js';
export { cov } from './cov.js';
export { eigh, jacobiEigh } from './eigh.js';
export type { EighOptions, EighResult, JacobiResult } from './eigh.js';
export { powerIteration } from './power.js';
export type { PowerIterationOptions, PowerIterationResult } from './power.js';
export { pca } from './pca.js';
export type { PCAResult } from './pca.js';
