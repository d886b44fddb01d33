import { prose } from '../../lib/prose.js';
import type { ChapterPage } from '../types.js';
import { everySymbol, fiveBranches, howMuch } from './content.js';
import { mount } from './softmax-widget.js';

export const page: ChapterPage = {
  sections: {
    'five-branches': (el) => {
      el.append(prose(fiveBranches));
    },
    'how-much': (el) => {
      el.append(prose(howMuch));
    },
    'every-symbol': (el, ctx) => {
      ctx.wide();
      el.append(prose(everySymbol));
      const w = mount(el, { id: 'ch1' });
      return () => w.destroy();
    },
  },
};
