import type { ChapterMeta } from '../types.js';

export const meta: ChapterMeta = {
  number: 6,
  title: 'Information theory',
  summary: 'Surprise, measured: where entropy, cross-entropy and KL divergence come from, and why classifiers are trained with them.',
  branch: 'information',
  sections: [
    { id: 'entropy', title: 'Entropy: average surprise', branch: 'information' },
    { id: 'information-gain', title: 'Information gain and decision trees', branch: 'information' },
    { id: 'boosted-trees', title: 'Boosted trees and random forests: splitting on gradients', branch: 'information' },
    { id: 'cross-entropy', title: 'Cross-entropy', branch: 'information' },
    { id: 'kl-divergence', title: 'KL divergence', branch: 'information' },
    { id: 'kl-asymmetry', title: 'KL is not symmetric', branch: 'information' },
    { id: 'kl-in-practice', title: 'KL inside a loss: VAEs and RLHF', branch: 'information' },
    { id: 'contrastive', title: 'Contrastive loss', branch: 'information' },
  ],
};
