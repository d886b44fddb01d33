import type { ChapterMeta } from '../types.js';

export const meta: ChapterMeta = {
  number: 4,
  title: 'Probability and statistics',
  summary: 'What a model’s outputs mean, where loss functions come from, and why regularization is a belief held before seeing data.',
  branch: 'probability',
  sections: [
    { id: 'distributions', title: 'Probability distributions', branch: 'probability' },
    { id: 'softmax', title: 'Softmax: scores into a distribution', branch: 'probability' },
    { id: 'bayes', title: 'Conditional probability and Bayes’ rule', branch: 'probability' },
    { id: 'prior', title: 'Regularization as a prior', branch: 'probability' },
    { id: 'expectation-variance', title: 'Expectation, variance, covariance', branch: 'probability' },
    { id: 'batch-norm', title: 'Batch normalization', branch: 'probability' },
    { id: 'weight-init', title: 'Weight initialization: choosing the variance', branch: 'probability' },
    { id: 'mle', title: 'Maximum likelihood', branch: 'probability' },
    { id: 'mse', title: 'Mean squared error as a Gaussian likelihood', branch: 'probability' },
  ],
};
