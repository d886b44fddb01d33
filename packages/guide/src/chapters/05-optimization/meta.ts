import type { ChapterMeta } from '../types.js';

export const meta: ChapterMeta = {
  number: 5,
  title: 'Optimization',
  summary: 'Given a gradient, how to move: step sizes, schedules, momentum and adaptive methods, on a landscape with many valleys.',
  branch: 'optimization',
  sections: [
    { id: 'loss-landscape', title: 'The loss landscape', branch: 'optimization' },
    { id: 'convexity', title: 'Convex and non-convex losses', branch: 'optimization' },
    { id: 'sgd-variants', title: 'Batch, stochastic and mini-batch gradient descent', branch: 'optimization' },
    { id: 'learning-rate', title: 'The learning rate', branch: 'optimization' },
    { id: 'schedules', title: 'Learning-rate schedules and warmup', branch: 'optimization' },
    { id: 'momentum', title: 'Momentum', branch: 'optimization' },
    { id: 'adam', title: 'Adam: momentum plus per-weight step sizes', branch: 'optimization' },
    { id: 'weight-decay', title: 'Weight decay: L2 penalty or decoupled', branch: 'optimization' },
    { id: 'lasso-path', title: 'The Lasso path: L1 sets weights to zero', branch: 'optimization' },
    { id: 'live-training', title: 'All together: training a network live', branch: 'optimization' },
  ],
};
