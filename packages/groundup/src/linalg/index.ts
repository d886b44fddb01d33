/**
 * Linear algebra (chapter 2 of the guide): dot products, norms, covariance, symmetric
 * eigendecomposition, power iteration and PCA.
 */
export { dot } from './dot.js';
