/**
 * Tree models: a CART decision tree (Gini, entropy or squared error, with sample weights), random
 * forests, and gradient-boosted trees grown the way XGBoost's exact method grows them.
 *
 *   import { trees } from 'groundup';
 *   const gb = new trees.GradientBoosting({ objective: 'multi:softprob', nEstimators: 100, maxDepth: 3 }).fit(X, y);
 */
export { GradientBoosting } from './boosting.js';
export type { GradientBoostingOptions, GradientBoostingJSON, BoostingObjective, BoostedNode, BoostedLeaf, BoostedSplit } from './boosting.js';
export { DecisionTree } from './cart.js';
export type { CartOptions as DecisionTreeOptions, CartNode, CartLeaf, CartSplit, Criterion, MaxFeatures } from './cart.js';
export { RandomForest } from './forest.js';
export type { RandomForestOptions, RandomForestJSON } from './forest.js';
