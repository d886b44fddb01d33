/**
 * Information theory (chapter 6 of the guide): entropy, cross-entropy and KL divergence in nats
 * or bits, information gain, and a decision tree that splits on it.
 */
export { entropy, crossEntropy, kl } from './entropy.js';
export type { InfoOptions } from './entropy.js';
export { xlogy } from './xlogy.js';
export { informationGain, DecisionTree, bestSplit } from './tree.js';
export type { DecisionTreeOptions, TreeNode, TreeLeaf, TreeSplit, BestSplit } from './tree.js';
