import type { ChapterMeta } from '../types.js';

export const meta: ChapterMeta = {
  number: 8,
  title: 'Capstone: an ECG classifier, every row of the map in one model',
  summary: 'Twelve-lead heart recordings in, P(rhythm | this ECG) out: convolution, batch norm, attention and the rest of the map, trained live in a worker.',
  branch: 'linalg',
  sections: [
    { id: 'data', title: 'The data: real and synthetic ECGs', branch: 'linalg' },
    { id: 'model', title: 'The model, layer by layer', branch: 'linalg' },
    { id: 'training', title: 'Training it live', branch: 'optimization' },
    { id: 'result', title: 'The result: probabilities and attention', branch: 'probability' },
  ],
};
