import type { ChapterMeta } from '../types.js';

export const meta: ChapterMeta = {
  number: 2,
  title: 'Linear algebra',
  summary: 'How data, weights and whole layers are written as arrays of numbers, and what multiplying them does.',
  branch: 'linalg',
  sections: [
    { id: 'tensors', title: 'Scalars, vectors, matrices, tensors', branch: 'linalg' },
    { id: 'dot-product', title: 'The dot product', branch: 'linalg' },
    { id: 'matmul', title: 'Matrix multiplication: a whole layer at once', branch: 'linalg' },
    { id: 'matmul-speed', title: 'How fast is a matrix product? Measure it here', branch: 'linalg' },
    { id: 'transpose', title: 'Transpose', branch: 'linalg' },
    { id: 'norms', title: 'Norms: how long is a vector?', branch: 'linalg' },
    { id: 'eigen', title: 'Eigenvalues and eigenvectors', branch: 'linalg' },
    { id: 'pca', title: 'PCA: the directions that vary most', branch: 'linalg' },
    { id: 'pca-ecg', title: 'PCA on real heartbeats', branch: 'linalg' },
    { id: 'convolution', title: 'Convolution: a sliding dot product', branch: 'linalg' },
    { id: 'attention', title: 'Attention: queries, keys and scaled dot products', branch: 'linalg' },
    { id: 'positional-encoding', title: 'Positional encoding with sines and cosines', branch: 'linalg' },
    { id: 'dice', title: 'Overlap of masks: the Dice score', branch: 'linalg' },
    { id: 'augmentation', title: 'Data augmentation: affine maps and noise', branch: 'linalg' },
  ],
};
