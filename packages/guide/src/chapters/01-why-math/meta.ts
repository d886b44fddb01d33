import type { ChapterMeta } from '../types.js';

export const meta: ChapterMeta = {
  number: 1,
  title: 'Why math, and how much of it',
  summary: 'Five branches of math, each with one job in a learning system — and a single line of model code in which every symbol can be opened up.',
  sections: [
    { id: 'five-branches', title: 'Five branches, five jobs' },
    { id: 'how-much', title: 'How much you need' },
    { id: 'every-symbol', title: 'Every symbol of softmax(X @ W + b)', branch: 'linalg' },
  ],
};
