import { prose } from '../../lib/prose.js';
import type { ChapterPage } from '../types.js';
import { boostedTrees, contrastive, crossEntropy, entropy, entropyMany, informationGain, intro, klAsymmetry, klDivergence } from './content.js';
import { mount as mountBoost } from './boost-widget.js';
import { mount as mountCE } from './ce-widget.js';
import { mount as mountNCE } from './contrastive-widget.js';
import { mountCoin, mountRhythm } from './entropy-widget.js';
import { mountAsym, mountKL } from './kl-widget.js';
import { mount as mountKlApps } from './kl-apps-widget.js';
import { klInPractice } from './content.js';
import { mount as mountSplit } from './split-widget.js';

/** Section renderers by id (see ../types.ts). */
export const page: ChapterPage = {
  intro: (el) => {
    el.append(prose(intro));
  },
  sections: {
    entropy: (el, ctx) => {
      ctx.wide();
      el.append(prose(entropy));
      const coin = mountCoin(el, { id: 'coin' });
      el.append(prose(entropyMany));
      const rhythm = mountRhythm(el, { id: 'rhythm' });
      return () => {
        coin.destroy();
        rhythm.destroy();
      };
    },
    'information-gain': (el, ctx) => {
      ctx.wide();
      el.append(prose(informationGain));
      const w = mountSplit(el, { id: 'split' });
      return () => w.destroy();
    },
    'boosted-trees': (el, ctx) => {
      ctx.wide();
      el.append(prose(boostedTrees));
      const w = mountBoost(el, { id: 'boost' });
      return () => w.destroy();
    },
    'cross-entropy': (el, ctx) => {
      ctx.wide();
      el.append(prose(crossEntropy));
      const w = mountCE(el, { id: 'ce' });
      return () => w.destroy();
    },
    'kl-divergence': (el, ctx) => {
      ctx.wide();
      el.append(prose(klDivergence));
      const w = mountKL(el, { id: 'kl' });
      return () => w.destroy();
    },
    'kl-asymmetry': (el, ctx) => {
      ctx.wide();
      el.append(prose(klAsymmetry));
      const w = mountAsym(el, { id: 'klasym' });
      return () => w.destroy();
    },
    'kl-in-practice': (el, ctx) => {
      ctx.wide();
      el.append(prose(klInPractice));
      const w = mountKlApps(el, { id: 'klapps' });
      return () => w.destroy();
    },
    contrastive: (el, ctx) => {
      ctx.wide();
      el.append(prose(contrastive));
      const w = mountNCE(el, { id: 'nce' });
      return () => w.destroy();
    },
  },
};
