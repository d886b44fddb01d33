import { mountCodeCell } from '../../lib/codecell.js';
import { prose } from '../../lib/prose.js';
import type { ChapterPage } from '../types.js';
import './ch3.css';
import { mount as mountActivation } from './activation-widget.js';
import { mount as mountBackprop } from './backprop-widget.js';
import { mount as mountChain } from './chain-widget.js';
import * as text from './content.js';
import { mount as mountDerivative } from './derivative-widget.js';
import { mount as mountGradcheck } from './gradcheck-widget.js';
import { mount as mountMlpGraph } from './mlp-graph-widget.js';
import { mount as mountSurface } from './surface-widget.js';
import { mount as mountVanishing } from './vanishing-widget.js';

/** The autodiff section's cell: a small graph, every node the library recorded, and gradcheck. */
export const AUTODIFF_CODE = [
  `// autograd records the forward pass as a graph; backward() walks it in reverse`,
  `const w = tensor([0.5, -1.2, 2.0], { dtype: 'float64', requiresGrad: true }); w.name = 'w';`,
  `const x = tensor([1.0, 0.3, -0.7], { dtype: 'float64' }); x.name = 'x';`,
  `const loss = w.mul(x).sum().sigmoid().log().neg();   // −log σ(w · x)`,
  `loss.backward();`,
  `for (const n of graph(loss))`,
  `  console.log(n.name ?? n.op, 'shape', JSON.stringify(n.shape), 'grad', n.grad ? Array.from(n.grad.data, (g) => g.toFixed(4)).join(', ') : '—');`,
  `// the same gradient by finite differences: gradcheck compares the two`,
  `gradcheck((w) => w.mul(x).sum().sigmoid().log().neg(), [w]).message`,
].join('\n');

const widget = (mount: (el: HTMLElement, o: { id?: string }) => { destroy(): void }, src: string, id: string) => (el: HTMLElement, ctx: { wide(): void }) => {
  ctx.wide();
  el.append(prose(src));
  const w = mount(el, { id });
  return () => w.destroy();
};

export const page: ChapterPage = {
  intro: (el) => {
    el.append(prose(text.intro));
  },
  sections: {
    derivatives: widget(mountDerivative, text.derivatives, 'deriv'),
    gradient: widget(mountSurface, text.gradient, 'grad'),
    'gradient-descent': (el, ctx) => {
      ctx.wide();
      el.append(prose(text.gradientDescent));
      const w = mountSurface(el, { id: 'descent', descent: true });
      return () => w.destroy();
    },
    activations: widget(mountActivation, text.activations, 'act'),
    'chain-rule': widget(mountChain, text.chainRule, 'chain'),
    backpropagation: widget(mountBackprop, text.backpropagation, 'backprop'),
    'vanishing-gradients': widget(mountVanishing, text.vanishing, 'vanish'),
    autodiff: (el) => {
      el.append(prose(text.autodiff));
      const host = document.createElement('div');
      host.className = 'b-calculus c3-cell';
      el.append(host);
      const cell = mountCodeCell(host, { id: 'ch3-autodiff', code: AUTODIFF_CODE, label: 'JavaScript · a graph recorded and differentiated · Ctrl+Enter runs' });
      return () => cell.destroy();
    },
    'tensor-graph': widget(mountMlpGraph, text.tensorGraph, 'mlpgraph'),
    gradcheck: widget(mountGradcheck, text.gradcheckText, 'gradcheck'),
  },
};
