/**
 * Convex or not: plain gradient descent from several starting points. On the bowl every path
 * ends at the same bottom; on the two-valley surface, where a path ends depends on where it began.
 */
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { select, slider } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { landscapePlot, type LandscapePlot, type PathSeries } from './landscape-plot.js';
import { LANDSCAPES, landscapeGrid, pathCode, runPath, spreadStarts, type LandscapeId, type Path } from './model.js';

const COLORS = ['linalg', 'calculus', 'probability', 'information', 'text', 'linalg', 'calculus', 'probability'];
const LR: Record<string, number> = { bowl: 0.1, wells: 0.05, rosenbrock: 0.01 };

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'ch5-starts';
  const state = urlState(id, { land: 'wells', n: 6, steps: 150 }, { land: { oneOf: ['bowl', 'wells'] }, n: { min: 2, max: 8, int: true }, steps: { min: 1, max: 1000, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'Where does gradient descent end up?',
    branch: 'optimization',
    caption: 'Switch between the convex bowl and the two-valley surface; add starting points.',
    sources: [{ file: 'optim/sgd.ts', name: 'SGD' }],
  });
  const sel = select('landscape', 'land', [['bowl', 'bowl (convex)'], ['wells', 'two valleys (non-convex)']], state.get().land, (v) => (state.set({ land: v }), render()));
  const nIn = slider('starting points', 'n', { min: 2, max: 8, step: 1, value: state.get().n }, (v) => (state.set({ n: v }), render()));
  frame.controls.append(sel.row, nIn.row);
  const landHost = h('div', { class: 'ch5-landscape', role: 'img', 'aria-label': 'loss surface with one gradient-descent path per starting point; the table lists where each ends' });
  frame.picture.append(landHost);
  const tbody = h('tbody');
  const summary = h('p', { class: 'ch5-summary', 'data-summary': '' });
  frame.numbers.append(
    h('table', { 'aria-label': 'start and end of each path' }, h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'start'), h('th', { scope: 'col' }, 'ends at'), h('th', { scope: 'col' }, 'final loss'))), tbody),
    summary,
  );

  let plot: LandscapePlot | null = null;
  let plotKey = '';
  function render(): void {
    const s = state.get();
    const land = LANDSCAPES[(s.land as LandscapeId) in LANDSCAPES ? (s.land as LandscapeId) : 'wells'];
    sel.set(land.id);
    nIn.set(s.n);
    const lr = LR[land.id] ?? 0.05;
    const settings = { lr, lrAdaptive: 0.01, beta: 0, weightDecay: 0 };
    const starts = spreadStarts(land, s.n);
    const paths: Path[] = starts.map((st) => runPath(land, 'sgd', st, s.steps, settings));
    const key = `${land.id}:${s.n}`;
    if (key !== plotKey) {
      plot?.destroy();
      landHost.textContent = '';
      const series: PathSeries[] = [
        ...starts.map((_, i) => ({ label: `start ${i + 1}`, color: COLORS[i]!, width: 2 })),
        ...land.minima.map((m, i) => ({ label: m.label, color: i === 0 ? 'text' : 'muted', points: true })),
      ];
      plot = landscapePlot(landHost, land, landscapeGrid(land), series);
      plotKey = key;
    }
    plot!.setPaths([...paths.map((p) => [p.xs, p.ys] as [number[], number[]]), ...land.minima.map((m) => [[m.x], [m.y]] as [number[], number[]])]);
    tbody.textContent = '';
    const ends = new Set<string>();
    paths.forEach((p, i) => {
      const ex = p.xs.at(-1)!;
      const ey = p.ys.at(-1)!;
      ends.add(`${ex.toFixed(2)},${ey.toFixed(2)}`);
      tbody.append(
        h(
          'tr',
          { 'data-row': i },
          h('td', null, `(${fmtNum(starts[i]![0], 2)}, ${fmtNum(starts[i]![1], 2)})`),
          h('td', { 'data-end': `${i}` }, `(${fmtNum(ex, 3)}, ${fmtNum(ey, 3)})`),
          h('td', { 'data-loss': `${i}` }, fmtNum(p.losses.at(-1)!, 4)),
        ),
      );
    });
    setLive(summary, ends.size === 1 ? `All ${s.n} paths end at the same point.` : `The ${s.n} paths end at ${ends.size} different points.`);
    frame.setFormula(
      `\\begin{aligned}&${land.tex} \\\\ &\\theta_{t+1} = \\theta_t - \\eta\\, \\nabla L(\\theta_t), \\quad \\eta = ${lr},\\ ${s.steps}\\text{ steps from each start}\\end{aligned}`,
    );
    frame.setCode(pathCode(land, 'sgd', starts[0]!, s.steps, settings));
  }
  render();
  return {
    update: render,
    destroy() {
      plot?.destroy();
      frame.destroy();
    },
  };
}
