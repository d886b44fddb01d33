/** Chapter 1 of the spec: why math, and the one line every symbol of which the guide explains. */
import { manualSeed, randn } from 'groundup';
import type { Claim } from './claim.js';
import { pj } from './ref.js';
import { arr } from './util.js';

export const chapter1: Claim[] = [
  {
    id: 'softmax-xwb',
    chapter: 1,
    section: 'ch1/every-symbol',
    statement: 'softmax(X @ W + b) turns a batch of feature rows into one probability distribution per row',
    compute() {
      manualSeed(10);
      const X = randn([4, 5], { dtype: 'float64' });
      const W = randn([5, 3], { dtype: 'float64' });
      const b = randn([3], { dtype: 'float64' });
      const out = X.matmul(W).add(b).softmax(-1);
      return [...out.shape, ...arr(out.sum(-1)), ...arr(out).slice(0, 3)];
    },
    expected() {
      manualSeed(10);
      const X = pj.rows(randn([4, 5], { dtype: 'float64' }).data, 4, 5);
      const W = pj.rows(randn([5, 3], { dtype: 'float64' }).data, 5, 3);
      const b = arr(randn([3], { dtype: 'float64' }));
      const row0 = pj.softmax(pj.matmul(X, W)[0]!.map((v, j) => v + b[j]!));
      return [4, 3, 1, 1, 1, 1, ...row0];
    },
    source: 'shape [4,3] and rows summing to 1 by definition; first row by plain-JS loops and softmax over the same X, W, b',
  },
];
