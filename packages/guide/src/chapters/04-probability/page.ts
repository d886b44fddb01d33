import { prose } from '../../lib/prose.js';
import type { ChapterPage, SectionRender } from '../types.js';
import * as text from './content.js';
import { mount as mountBayes } from './bayes-widget.js';
import { mount as mountCategorical } from './categorical-widget.js';
import { mount as mountEcgStats } from './ecg-stats-widget.js';
import { mount as mountMle } from './mle-widget.js';
import { mount as mountNormal } from './normal-widget.js';
import { mount as mountInit } from './init-widget.js';
import { mount as mountBn } from './bn-widget.js';
import { mount as mountLik } from './lik-widget.js';

type Mount = (el: HTMLElement, o: { id?: string }) => { destroy(): void };

/** Prose, then (optionally) a widget under it. */
const section =
  (body: string, widget?: Mount, id?: string): SectionRender =>
  (el, ctx) => {
    el.append(prose(body));
    if (!widget) return;
    ctx.wide();
    const w = widget(el, { id });
    return () => w.destroy();
  };

export const page: ChapterPage = {
  intro: (el) => {
    el.append(prose(text.intro));
  },
  sections: {
    distributions: section(text.distributions, mountNormal, 'normal'),
    softmax: section(text.softmax, mountCategorical, 'cat'),
    bayes: section(text.bayes, mountBayes, 'bayes'),
    prior: section(text.prior),
    'expectation-variance': section(text.expectation, mountEcgStats, 'ecgstats'),
    'batch-norm': section(text.batchNorm, mountBn, 'bn'),
    'weight-init': section(text.weightInit, mountInit, 'init'),
    mle: section(text.mle, mountMle, 'mle'),
    mse: section(text.mse, mountLik, 'lik'),
  },
};
