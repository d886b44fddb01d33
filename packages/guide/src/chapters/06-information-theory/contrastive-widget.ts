/**
 * Contrastive loss (InfoNCE): four ECGs, each seen twice (two augmentations). View 1 of each is a
 * fixed unit vector; the learner turns view 2. The cosine-similarity matrix, each anchor's softmax
 * over the candidates, and the loss per anchor from loss.infoNCE (reduction 'none').
 */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { contrastive, lit, VIEW1_ANGLES } from './model.js';
import { select, slider } from '../../lib/controls.js';
import { distChart, numLine } from './ui.js';

const ECGS = ['ECG 1', 'ECG 2', 'ECG 3', 'ECG 4'];

type Nce = ReturnType<typeof contrastive>;

/** The 4 × 4 cosine table (rows: first views, columns: second views), with a bar under each number. */
function similarityMatrix() {
  const cells: HTMLElement[][] = [];
  const bars: HTMLElement[][] = [];
  const matrix = h(
    'table',
    { class: 'c6-matrix', 'aria-label': 'cosine similarity between each first view (rows) and each second view (columns); the diagonal holds the true pairs' },
    h('thead', null, h('tr', null, h('th', null, 'view 1 ↓ · view 2 →'), ...ECGS.map((n) => h('th', { scope: 'col' }, n)))),
    h(
      'tbody',
      null,
      ...ECGS.map((n, i) => {
        const row = ECGS.map((_, j) => {
          const num = h('span', { 'data-cos': `${i},${j}` });
          const bar = h('div', { style: 'height:3px;background:var(--accent);margin-top:2px;width:0' });
          (bars[i] ??= []).push(bar);
          (cells[i] ??= []).push(num);
          return h('td', { class: i === j ? 'is-pos' : '' }, num, bar);
        });
        return h('tr', null, h('th', { scope: 'row' }, n), ...row);
      }),
    ),
  );
  return { matrix, cells, bars };
}

function formula(frame: Frame, c: Nce, tau: number, a: number): void {
  const row = c.cos[a]!;
  frame.setFormula(
    `\\begin{aligned}\\live{s}{s_{ij}} &= \\frac{\\hat z_{1,i}\\cdot \\hat z_{2,j}}{\\live{tau}{\\tau}}, \\qquad \\live{l}{\\ell_i} = -\\log\\frac{e^{s_{ii}}}{\\sum_j e^{s_{ij}}} \\\\ \\ell_{${a + 1}} &= -\\log\\frac{e^{${texNum(row[a]!, 3)}/${texNum(tau, 2)}}}{${row.map((x) => `e^{${texNum(x, 3)}/${texNum(tau, 2)}}`).join(' + ')}} = ${texNum(c.perRow[a]!, 4)}\\end{aligned}`,
    {
      s: { value: c.cos.map((r) => r.map((x) => x / tau)), name: 's', what: 'cosine similarities ÷ τ, rows = first views', digits: 2 },
      tau: { value: tau, name: 'τ', what: 'the temperature', digits: 2 },
      l: { value: c.perRow, name: 'ℓ', what: 'the loss of each row', digits: 4 },
    },
  );
}

const nceCode = (v2: number[], tau: number) =>
  [
    `const unit = (deg) => [Math.cos(deg * Math.PI / 180), Math.sin(deg * Math.PI / 180)];`,
    `const z1 = tensor(${lit(VIEW1_ANGLES)}.map(unit));   // first views, [4, 2]`,
    `const z2 = tensor(${lit(v2)}.map(unit));      // second views, [4, 2]`,
    `console.log('cosine', loss.normalizeRows(z1).matmul(loss.normalizeRows(z2).T));`,
    `console.log('per anchor', loss.infoNCE(z1, z2, { temperature: ${tau}, reduction: 'none' }));`,
    `loss.infoNCE(z1, z2, { temperature: ${tau} }).item()`,
  ].join('\n');

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'nce';
  const state = urlState(id, { v2: [25, 60, 200, 250], tau: 0.5, anchor: 0 }, { v2: { min: 0, max: 355 }, tau: { min: 0.05, max: 2 }, anchor: { min: 0, max: ECGS.length - 1, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'InfoNCE: find your own pair',
    branch: 'information',
    caption: 'Each ECG’s first view (fixed at 0°, 90°, 180°, 270°) must pick its second view out of four. Turn the second views and the temperature.',
    sources: [
      { file: 'loss/contrastive.ts', name: 'infoNCE' },
      { file: 'loss/contrastive.ts', name: 'normalizeRows' },
    ],
  });
  const sliders = ECGS.map((n, i) =>
    slider(`${n}, view 2 angle`, `v${i}`, { min: 0, max: 355, step: 5, value: state.get().v2[i]!, fmt: (v) => `${v}°` }, (v) => {
      const v2 = [...state.get().v2];
      v2[i] = v;
      state.set({ v2 });
      render();
    }),
  );
  const tauS = slider('temperature τ', 'tau', { min: 0.05, max: 2, step: 0.05, value: state.get().tau, digits: 2 }, (v) => {
    state.set({ tau: v });
    render();
  });
  const aS = select('anchor shown in the chart', 'anchor', ECGS.map((n, i) => [String(i), n] as [string, string]), String(state.get().anchor), (v) => {
    state.set({ anchor: Number(v) });
    render();
  });
  const align = h('button', { type: 'button', 'data-action': 'align' }, 'Align every pair');
  align.addEventListener('click', () => {
    state.set({ v2: [...VIEW1_ANGLES] });
    VIEW1_ANGLES.forEach((v, i) => sliders[i]!.set(v));
    render();
  });
  frame.controls.append(h('fieldset', null, h('legend', null, 'second views (angles)'), ...sliders.map((s) => s.row)), tauS.row, h('div', { class: 'w-buttons' }, align), aS.row);

  const { matrix, cells, bars } = similarityMatrix();
  const host = h('div', { class: 'c6-chart', role: 'img', 'aria-label': 'for the chosen anchor, the softmax probability of picking each second view' });
  const sub = h('p', { class: 'c6-sub' });
  frame.picture.append(h('div', { style: 'overflow-x:auto' }, matrix), sub, host);
  let c = contrastive(state.get().v2, state.get().tau);
  const plot = distChart(host, () => ECGS, [{ label: 'P(pick)', colour: (t) => t.information }], () => [c.pick[state.get().anchor]!], { height: 160 });

  const rowLines = ECGS.map((n, i) => numLine(`loss, anchor ${n}`, `row${i}`));
  const mean = numLine('InfoNCE (mean of the four)', 'mean', true);
  frame.numbers.append(...rowLines.map((l) => l.row), mean.row);

  function render(): void {
    const s = state.get();
    c = contrastive(s.v2, s.tau);
    c.cos.forEach((r, i) =>
      r.forEach((x, j) => {
        setLive(cells[i]![j]!, fmtNum(x, 2));
        bars[i]![j]!.style.width = `${Math.round(((x + 1) / 2) * 100)}%`;
      }),
    );
    c.perRow.forEach((l, i) => {
      setLive(rowLines[i]!.value, fmtNum(l, 4));
      rowLines[i]!.value.dataset.value = String(l);
    });
    setLive(mean.value, fmtNum(c.mean, 4));
    mean.value.dataset.value = String(c.mean);
    const a = s.anchor;
    sub.textContent = `anchor ${ECGS[a]}: softmax of its row ÷ τ — the chance it picks each ECG’s second view (the right answer is ${ECGS[a]})`;
    formula(frame, c, s.tau, a);
    frame.setCode(nceCode(s.v2, s.tau));
    frame.schedule(() => plot.setData([[1, 2, 3, 4], c.pick[a]!]));
  }
  render();
  return {
    update: render,
    destroy() {
      plot.destroy();
      frame.destroy();
    },
  };
}
