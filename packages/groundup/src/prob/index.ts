/**
 * Probability (chapter 4 of the guide): the Normal, Bernoulli, Categorical and multivariate
 * Normal distributions (sample, logProb, mean, variance, entropy), expectation, variance and
 * covariance, Bayes' rule and maximum-likelihood fits.
 */
export { Normal } from './normal.js';
export { Bernoulli } from './bernoulli.js';
export { Categorical } from './categorical.js';
export { MultivariateNormal } from './mvn.js';
export { expectation, variance, covariance, bayes } from './stats.js';
export type { BayesInput } from './stats.js';
export { fitNormal, fitBernoulli, fitCategorical } from './fit.js';
export type { DistributionOptions, SampleOptions, Param } from './util.js';
