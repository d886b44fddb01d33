/**
 * The chapter 7 map: each ML component, the math it uses (coloured by branch), what it does (our
 * words), the section that explains it ('ch<N>/<section-id>' from the registry), the library file
 * that implements it and the tests that check it (paths under packages/groundup/src).
 * test/map.test.ts checks that every section id and every file exists.
 */
import type { Branch } from '../../lib/branches.js';

export interface MapRow {
  component: string;
  math: string;
  branch: Branch;
  does: string;
  section: string;
  source: string;
  tests: string[];
}

export interface MapGroup {
  title: string;
  rows: MapRow[];
}

export const MAP: MapGroup[] = [
  {
    title: 'Forward pass: making a prediction',
    rows: [
      { component: 'Neuron / dense layer', math: 'Dot product, matrix multiplication', branch: 'linalg', does: 'Weighs the inputs and adds them up, for many neurons in one product', section: 'ch2/matmul', source: 'nn/linear.ts', tests: ['ops/matmul.test.ts', 'nn/layers.test.ts'] },
      { component: 'Activation (ReLU, sigmoid)', math: 'Nonlinear functions', branch: 'calculus', does: 'Bends the output so stacked layers can model more than straight lines', section: 'ch3/activations', source: 'ops/activation.ts', tests: ['ops/activation.test.ts'] },
      { component: 'Softmax output', math: 'Exponentials, normalization', branch: 'probability', does: 'Turns raw class scores into probabilities that sum to one', section: 'ch4/softmax', source: 'ops/activation.ts', tests: ['ops/activation.test.ts'] },
      { component: 'Convolution', math: 'Sliding dot product', branch: 'linalg', does: 'Finds the same local pattern wherever it occurs in the signal', section: 'ch2/convolution', source: 'ops/conv.ts', tests: ['ops/conv.test.ts'] },
      { component: 'Self-attention', math: 'Matrix products, softmax, scaling', branch: 'linalg', does: 'Scores how relevant every position is to every other, then mixes accordingly', section: 'ch2/attention', source: 'nn/attention.ts', tests: ['nn/attention.test.ts'] },
      { component: 'Positional encoding', math: 'Sines and cosines', branch: 'linalg', does: 'Tells attention, which ignores order, where each position sits', section: 'ch2/positional-encoding', source: 'nn/attention.ts', tests: ['nn/attention.test.ts'] },
      { component: 'Batch normalization', math: 'Mean, variance, standardizing', branch: 'probability', does: 'Rescales each feature over the batch to keep activations in a steady range', section: 'ch4/batch-norm', source: 'nn/norm.ts', tests: ['nn/layers.test.ts'] },
    ],
  },
  {
    title: 'Losses: measuring the error',
    rows: [
      { component: 'Mean squared error', math: 'Squared differences, mean', branch: 'probability', does: 'Punishes big misses much more than small ones (regression)', section: 'ch4/mse', source: 'loss/regression.ts', tests: ['loss/losses.test.ts'] },
      { component: 'Cross-entropy', math: 'Negative log probability', branch: 'information', does: 'Punishes being confidently wrong (classification)', section: 'ch6/cross-entropy', source: 'loss/crossEntropy.ts', tests: ['loss/crossEntropy.test.ts'] },
      { component: 'Dice loss', math: 'Overlap ratio of sets', branch: 'linalg', does: 'Scores how well a predicted mask covers the true one (segmentation)', section: 'ch2/dice', source: 'loss/dice.ts', tests: ['loss/losses.test.ts'] },
      { component: 'KL divergence', math: 'Log ratio of two distributions', branch: 'information', does: 'Measures how far a predicted distribution is from a target one', section: 'ch6/kl-divergence', source: 'loss/kl.ts', tests: ['loss/losses.test.ts', 'info/entropy.test.ts'] },
      { component: 'Contrastive loss', math: 'Cosine similarity, exponentials', branch: 'information', does: 'Pulls matching pairs together and pushes the rest apart', section: 'ch6/contrastive', source: 'loss/contrastive.ts', tests: ['loss/losses.test.ts'] },
    ],
  },
  {
    title: 'Training: adjusting the weights',
    rows: [
      { component: 'Backpropagation', math: 'Chain rule', branch: 'calculus', does: 'Gets the gradient of the loss for every weight in one backward sweep', section: 'ch3/backpropagation', source: 'autograd.ts', tests: ['autograd.test.ts'] },
      { component: 'SGD', math: 'Gradient times learning rate', branch: 'optimization', does: 'Takes a step of fixed size downhill', section: 'ch5/sgd-variants', source: 'optim/sgd.ts', tests: ['optim/optimizer.test.ts'] },
      { component: 'Adam', math: 'Running mean and variance of gradients', branch: 'optimization', does: 'Gives every weight its own step size from its gradient history', section: 'ch5/adam', source: 'optim/adam.ts', tests: ['optim/optimizer.test.ts'] },
      { component: 'Weight decay / L2', math: 'Penalty on the L2 norm', branch: 'optimization', does: 'Pulls weights toward zero, like a Gaussian prior centred there', section: 'ch5/weight-decay', source: 'optim/adam.ts', tests: ['optim/optimizer.test.ts'] },
      { component: 'Learning-rate schedule', math: 'Decay curves (cosine, step)', branch: 'optimization', does: 'Shrinks the step size as training goes on', section: 'ch5/schedules', source: 'optim/schedule.ts', tests: ['optim/schedule.test.ts'] },
    ],
  },
  {
    title: 'Data and evaluation',
    rows: [
      { component: 'PCA', math: 'Eigendecomposition of the covariance', branch: 'linalg', does: 'Finds the directions along which the data varies most', section: 'ch2/pca', source: 'linalg/pca.ts', tests: ['linalg/pca.test.ts'] },
      { component: 'Weight initialization', math: 'Random draws with a scaled variance', branch: 'probability', does: 'Starts training with activations that neither blow up nor die out', section: 'ch4/weight-init', source: 'nn/init.ts', tests: ['nn/init.test.ts'] },
      { component: 'Data augmentation', math: 'Affine transforms, added noise', branch: 'linalg', does: 'Makes new training examples out of existing ones', section: 'ch2/augmentation', source: 'data/augment.ts', tests: ['data/augment.test.ts'] },
    ],
  },
];
