import { prose } from '../../lib/prose.js';
import type { ChapterPage, SectionRender } from '../types.js';
import * as C from './content.js';
import { mount as attention } from './attention-widget.js';
import { mount as augment } from './augment-widget.js';
import { mount as conv } from './conv-widget.js';
import { mount as dice } from './dice-widget.js';
import { mount as dot } from './dot-widget.js';
import { mount as eigen } from './eigen-widget.js';
import { mount as matmul } from './matmul-widget.js';
import { mount as norms } from './norms-widget.js';
import { mount as pca } from './pca-widget.js';
import { mount as ecgPca } from './ecg-pca-widget.js';
import { mount as speed } from './speed-widget.js';
import { mount as posenc } from './posenc-widget.js';
import { mount as tensor } from './tensor-widget.js';
import { mount as transpose } from './transpose-widget.js';
import type { Widget } from '../../lib/widget.js';

/** Prose, then a widget wider than the text column. */
const section =
  (text: string, mount: (el: HTMLElement, o: { id: string }) => Widget, id: string): SectionRender =>
  (el, ctx) => {
    ctx.wide();
    el.append(prose(text));
    const w = mount(el, { id });
    return () => w.destroy();
  };

export const page: ChapterPage = {
  intro: (el) => {
    el.append(prose(C.intro));
  },
  sections: {
    tensors: section(C.tensors, tensor, 'tensor'),
    'dot-product': section(C.dotProduct, dot, 'dot'),
    matmul: section(C.matmul, matmul, 'matmul'),
    'matmul-speed': section(C.matmulSpeed, speed, 'mmspeed'),
    transpose: section(C.transpose, transpose, 'transpose'),
    norms: section(C.norms, norms, 'norms'),
    eigen: section(C.eigen, eigen, 'eigen'),
    pca: section(C.pca, pca, 'pca'),
    'pca-ecg': section(C.pcaEcg, ecgPca, 'ecgpca'),
    convolution: section(C.convolution, conv, 'conv'),
    attention: section(C.attention, attention, 'attention'),
    'positional-encoding': section(C.positionalEncoding, posenc, 'posenc'),
    dice: section(C.dice, dice, 'dice'),
    augmentation: section(C.augmentation, augment, 'augment'),
  },
};
