import type { ChapterMeta } from '../types.js';

export const meta: ChapterMeta = {
  number: 7,
  title: 'The map: which math lives where',
  summary: 'Every common piece of a neural network, the math it is made of, and links to its section, its library code and its tests.',
  sections: [
    { id: 'map', title: 'The map' },
    { id: 'pattern', title: 'The pattern' },
  ],
};
