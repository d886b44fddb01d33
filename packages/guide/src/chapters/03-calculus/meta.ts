import type { ChapterMeta } from '../types.js';

export const meta: ChapterMeta = {
  number: 3,
  title: 'Calculus',
  summary: 'Derivatives turn “be less wrong” into a direction to move every weight, and the chain rule computes them through a whole network.',
  branch: 'calculus',
  sections: [
    { id: 'derivatives', title: 'Derivatives: the slope of the error', branch: 'calculus' },
    { id: 'gradient', title: 'Partial derivatives and the gradient', branch: 'calculus' },
    { id: 'gradient-descent', title: 'Stepping against the gradient', branch: 'calculus' },
    { id: 'activations', title: 'Activation functions and their slopes', branch: 'calculus' },
    { id: 'chain-rule', title: 'The chain rule', branch: 'calculus' },
    { id: 'backpropagation', title: 'Backpropagation', branch: 'calculus' },
    { id: 'vanishing-gradients', title: 'Vanishing gradients', branch: 'calculus' },
    { id: 'autodiff', title: 'Automatic differentiation', branch: 'calculus' },
    { id: 'tensor-graph', title: 'The graph of a whole batch', branch: 'calculus' },
    { id: 'gradcheck', title: 'Checking a gradient: gradcheck', branch: 'calculus' },
  ],
};
