import type { ChapterPage } from '../types.js';

/** Section renderers by id (see ../types.ts). Sections not listed here show as "coming". */
export const page: ChapterPage = {
  sections: {},
};
