/** The capstone model widget: the network’s layers with their shapes, each linked to the map row that explains it. */
import { data } from 'groundup';
import { h } from '../../lib/dom.js';
import { fmtShape } from '../../lib/format.js';
import { type Widget } from '../../lib/widget.js';
import { MAP } from '../07-map/rows.js';
import { capstoneNet } from './model.js';
import { sectionLink, mapRow } from './shared.js';

// ───────────────────────── 2. the model ─────────────────────────

/** Where each row of the map shows up in the capstone (rows a classifier has no use for say so). */
const WHERE: Record<string, string> = {
  'Neuron / dense layer': 'the head: Linear(16 → 3) on the pooled features; attention’s Q, K, V projections too',
  'Activation (ReLU, sigmoid)': 'GELU after each batch norm in the stem',
  'Softmax output': 'P(class | ECG) from the three scores; also every attention row',
  Convolution: 'the two Conv1d layers of the stem',
  'Self-attention': 'the residual MultiheadAttention block over 62 time steps',
  'Positional encoding': 'sines and cosines added to the 62 tokens',
  'Batch normalization': 'after each convolution (running statistics at evaluation)',
  'Mean squared error': 'not in a classifier; it would score a regression such as predicting the heart rate',
  'Cross-entropy': 'the training loss, with label smoothing 0.1',
  'Dice loss': 'not in a classifier; it would score a segmentation such as marking each QRS complex',
  'KL divergence': 'label-smoothed cross-entropy is KL(smoothed target ‖ prediction) plus the target’s entropy, a constant',
  'Contrastive loss': 'not used; it would pretrain the stem on unlabelled ECGs (two augmented views of one record pulled together)',
  Backpropagation: 'loss.backward() every step, clipped to norm 1',
  SGD: 'mini-batches of 16 shuffled ECGs: the stochastic part of the descent',
  Adam: 'AdamW is the update rule',
  'Weight decay / L2': 'AdamW’s decoupled decay, λ = 0.01',
  'Learning-rate schedule': 'linear warmup, then cosine decay (plotted live)',
  PCA: 'the result section projects the 16-number feature vectors of the test ECGs onto their two main axes',
  'Weight initialization': 'He-normal for both convolutions',
  'Data augmentation': 'noise, amplitude scaling and time shift on every batch',
};

export function mountModel(el: HTMLElement): Widget {
  const net = capstoneNet();
  const steps = net.describe(1);
  const table = h(
    'table',
    { class: 'ch8-layers', 'aria-label': 'the capstone network, layer by layer' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'step'), h('th', { scope: 'col' }, 'output shape'), h('th', { scope: 'col' }, 'map row'), h('th', { scope: 'col' }, 'library source'))),
  );
  const tbody = h('tbody');
  for (const s of steps) {
    const row = s.mapRow ? mapRow(s.mapRow) : undefined;
    tbody.append(
      h(
        'tr',
        { 'data-layer': s.name || s.layer },
        h('td', null, s.name ? h('code', null, s.name) : null, s.name ? ' ' : null, s.layer),
        h('td', { class: 'num', 'data-shape': '' }, fmtShape(s.shape)),
        h('td', null, row ? sectionLink(row) : '—'),
        h('td', null, h('a', { href: `#/source/${s.source}` }, s.source)),
      ),
    );
  }
  table.append(tbody);
  const count = h('p', { class: 'ch8-note' }, `${net.numParameters().toLocaleString('en')} trainable numbers; `, h('a', { href: '#/source/models/ecg.ts' }, 'models/ecg.ts'), ' builds it.');

  const cover = h('tbody');
  for (const g of MAP)
    for (const r of g.rows) cover.append(h('tr', null, h('td', null, sectionLink(r)), h('td', null, WHERE[r.component] ?? '—')));
  const coverTable = h(
    'table',
    { class: 'ch8-layers ch8-cover', 'aria-label': 'where each row of the map appears in the capstone' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'map row'), h('th', { scope: 'col' }, 'where it is in this chapter'))),
    cover,
  );
  const wrap = h('div', { class: 'ch8-scroll' }, table);
  el.append(wrap, count, h('h3', null, 'Every row of the map, and where it is'), h('div', { class: 'ch8-scroll' }, coverTable));
  return { update() {}, destroy: () => wrap.remove() };
}
