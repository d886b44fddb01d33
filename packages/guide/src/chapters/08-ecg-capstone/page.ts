import { prose } from '../../lib/prose.js';
import type { ChapterPage } from '../types.js';
import './ch08.css';
import { dataText, intro, modelText, resultText, trainingText } from './content.js';
import { mountData, mountModel, mountResult, mountTraining } from './widgets.js';

export const page: ChapterPage = {
  intro: (el) => {
    el.append(prose(intro));
  },
  sections: {
    data: (el, ctx) => {
      ctx.wide();
      el.append(prose(dataText));
      const w = mountData(el);
      return () => w.destroy();
    },
    model: (el, ctx) => {
      ctx.wide();
      el.append(prose(modelText));
      const w = mountModel(el);
      return () => w.destroy();
    },
    training: (el, ctx) => {
      ctx.wide();
      el.append(prose(trainingText));
      const w = mountTraining(el);
      return () => w.destroy();
    },
    result: (el, ctx) => {
      ctx.wide();
      el.append(prose(resultText));
      const w = mountResult(el);
      return () => w.destroy();
    },
  },
};
