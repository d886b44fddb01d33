/**
 * A two-weight loss L(w₁, w₂) as a heatmap with contour bands (values computed by the library on a
 * grid), the gradient at a point the learner drags or sets with sliders, and — in descent mode —
 * the path of gradient descent from that point with a learning rate the learner chooses.
 */
import { focusableWhenScrolling, h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { cssRgb, drawArrow, readTheme } from '../../lib/plot.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { contourSegments, type Segment } from '../../lib/contours.js';
import { DATA_X, DATA_Y, descend, descentCode, gradientCode, lossAndGrad, lossGrid, W_RANGE, type Step } from './model.js';
import { numLine, slider } from '../../lib/controls.js';

const GRID = 90;
const BANDS = 14;

export function mount(el: HTMLElement, o: { id?: string; descent?: boolean } = {}): Widget {
  const descentMode = !!o.descent;
  const id = o.id ?? (descentMode ? 'descent' : 'grad');
  const state = urlState(
    id,
    { w1: descentMode ? -1.5 : 0.5, w2: descentMode ? 3 : -1, lr: 0.1, steps: descentMode ? 10 : 0 },
    { w1: { min: W_RANGE[0], max: W_RANGE[1] }, w2: { min: W_RANGE[0], max: W_RANGE[1] }, lr: { min: 0.01, max: 0.7 }, steps: { min: 0, max: 60, int: true } },
  );
  const frame = widgetFrame(el, {
    id,
    state,
    title: descentMode ? 'Gradient descent on a two-weight loss' : 'The gradient of a two-weight loss',
    branch: descentMode ? 'optimization' : 'calculus',
    caption: descentMode
      ? 'Drag the start point, set the learning rate, and take steps; a rate that is too large overshoots and climbs out.'
      : 'Drag the point (or use the sliders): the arrow is ∇L, pointing uphill and at right angles to the contour bands.',
    sources: [
      { file: 'autograd.ts', name: 'backward' },
      { file: 'ops/math.ts', name: 'square' },
      { file: 'ops/reduce.ts', name: 'mean' },
    ],
  });
  const [lo, hi] = W_RANGE;
  const s1 = slider(descentMode ? 'start w₁ (slope)' : 'w₁ (slope)', 'w1', { min: lo, max: hi, step: 0.05, value: state.get().w1 }, (v) => {
    state.set({ w1: v });
    render();
  });
  const s2 = slider(descentMode ? 'start w₂ (intercept)' : 'w₂ (intercept)', 'w2', { min: lo, max: hi, step: 0.05, value: state.get().w2 }, (v) => {
    state.set({ w2: v });
    render();
  });
  frame.controls.append(s1.row, s2.row);
  let sLr: ReturnType<typeof slider> | null = null;
  let sSteps: ReturnType<typeof slider> | null = null;
  if (descentMode) {
    sLr = slider('learning rate', 'lr', { min: 0.01, max: 0.7, step: 0.01, value: state.get().lr }, (v) => {
      state.set({ lr: v });
      render();
    });
    sSteps = slider('steps taken', 'steps', { min: 0, max: 60, step: 1, value: state.get().steps, digits: 0 }, (v) => {
      state.set({ steps: v });
      render();
    });
    const one = h('button', { type: 'button', 'data-act': 'step' }, 'Step');
    const ten = h('button', { type: 'button', 'data-act': 'step10' }, '+10 steps');
    const reset = h('button', { type: 'button', 'data-act': 'reset' }, 'Back to 0');
    const bump = (n: number) => {
      const v = n === 0 ? 0 : Math.min(60, state.get().steps + n);
      state.set({ steps: v });
      sSteps!.set(v);
      render();
    };
    one.addEventListener('click', () => bump(1));
    ten.addEventListener('click', () => bump(10));
    reset.addEventListener('click', () => bump(0));
    frame.controls.append(sLr.row, sSteps.row, h('div', { class: 'w-buttons' }, one, ten, reset));
  }
  frame.controls.append(h('p', { class: 'w-note' }, `Data: x = [${DATA_X.join(', ')}], y = [${DATA_Y.join(', ')}]; model ŷ = w₁x + w₂.`));

  // ---- picture: canvas heatmap ----
  const canvas = h('canvas', { role: 'img', 'aria-label': 'heatmap of the loss over w1 (across) and w2 (up); darker is higher loss; the marked point is the current weights' });
  const box = h('div', { class: 'c3-heat' }, canvas);
  frame.picture.append(box, h('div', { class: 'c3-axes', 'aria-hidden': 'true' }, h('span', null, `w₁ = ${lo}`), h('span', null, 'w₁ →, w₂ ↑; lines: equal loss'), h('span', null, `w₁ = ${hi}`)));
  const grid = lossGrid(GRID);
  const toPx = (w: number, size: number) => ((w - lo) / (hi - lo)) * size;

  const lossL = numLine('L(w₁, w₂) =', 'loss');
  const g1L = numLine('∂L/∂w₁ =', 'g1');
  const g2L = numLine('∂L/∂w₂ =', 'g2');
  const normL = numLine('‖∇L‖ =', 'gnorm');
  frame.numbers.append(lossL.row, g1L.row, g2L.row, normL.row);
  const endL = numLine('after the steps: L =', 'endloss');
  const endW = numLine('w =', 'endw');
  const pathList = h('ol', { class: 'c3-path', start: 0, 'aria-label': 'loss after each step' });
  if (descentMode) frame.numbers.append(endL.row, endW.row, pathList);
  focusableWhenScrolling(pathList);

  // contour lines on the band edges (sample k of a row sits at the centre of pixel column k), and
  // w₁ / w₂ ticks drawn on the picture's edges
  let contours: Segment[] | null = null;
  const drawContoursAndTicks = (ctx: CanvasRenderingContext2D, size: number, dpr: number, t: ReturnType<typeof readTheme>) => {
    const span = Math.sqrt(grid.max - grid.min) || 1;
    if (!contours) {
      contours = [];
      for (let k = 1; k < BANDS; k++) contours.push(...contourSegments(grid.values, GRID, grid.min + ((k / BANDS) * span) ** 2));
    }
    const p = (g: number) => ((g + 0.5) / GRID) * size;
    ctx.save();
    ctx.beginPath();
    for (const [x0, y0, x1, y1] of contours) {
      ctx.moveTo(p(x0), p(y0)); // row 0 of the grid is the top (largest w₂), as on the canvas
      ctx.lineTo(p(x1), p(y1));
    }
    ctx.strokeStyle = t.muted;
    ctx.globalAlpha = 0.4;
    ctx.lineWidth = Math.max(1, 0.75 * dpr);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillStyle = t.text;
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    for (let w = Math.ceil(lo); w <= Math.floor(hi); w++) {
      if (w === lo || w === hi) continue;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(`${w}`.replace('-', '−'), toPx(w, size), size - 3 * dpr); // w₁ along the bottom
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(`${w}`.replace('-', '−'), 4 * dpr, size - toPx(w, size)); // w₂ up the left side
    }
    ctx.restore();
  };
  let path: Step[] = [];
  function draw(): void {
    const dpr = window.devicePixelRatio || 1;
    const size = Math.max(120, Math.round(box.clientWidth * dpr));
    if (canvas.width !== size) {
      canvas.width = size;
      canvas.height = size;
    }
    const ctx = canvas.getContext('2d')!;
    const t = readTheme(el);
    const bg = cssRgb(t.bg);
    const acc = cssRgb(descentMode ? t.optimization : t.calculus);
    const img = ctx.createImageData(GRID, GRID);
    const span = Math.sqrt(grid.max - grid.min) || 1;
    for (let i = 0; i < GRID * GRID; i++) {
      const level = Math.floor((Math.sqrt(grid.values[i]! - grid.min) / span) * BANDS) / BANDS;
      const a = 0.08 + 0.72 * level;
      for (let c = 0; c < 3; c++) img.data[4 * i + c] = Math.round(bg[c]! * (1 - a) + acc[c]! * a);
      img.data[4 * i + 3] = 255;
    }
    const off = document.createElement('canvas');
    off.width = GRID;
    off.height = GRID;
    off.getContext('2d')!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, size, size);
    drawContoursAndTicks(ctx, size, dpr, t);
    const X = (w: number) => toPx(w, size);
    const Y = (w: number) => size - toPx(w, size);
    const { w1, w2 } = state.get();
    const lw = 2 * dpr;
    const arrow = (x0: number, y0: number, x1: number, y1: number, colour: string) => drawArrow(ctx, x0, y0, x1, y1, { colour, width: lw, head: 9 * dpr });
    if (descentMode) {
      ctx.strokeStyle = t.text;
      ctx.lineWidth = lw;
      ctx.beginPath();
      path.forEach((s, k) => (k ? ctx.lineTo(X(s.w[0]), Y(s.w[1])) : ctx.moveTo(X(s.w[0]), Y(s.w[1]))));
      ctx.stroke();
      ctx.fillStyle = t.text;
      for (const s of path) {
        ctx.beginPath();
        ctx.arc(X(s.w[0]), Y(s.w[1]), 2.5 * dpr, 0, 2 * Math.PI);
        ctx.fill();
      }
    } else {
      const { grad } = lossAndGrad(w1, w2);
      const n = Math.hypot(grad[0], grad[1]) || 1;
      // drawn length grows with ‖∇L‖ but is capped so it stays on the canvas
      const len = (Math.min(1.6, 0.25 + n / 10) / (hi - lo)) * size;
      arrow(X(w1), Y(w2), X(w1) + (grad[0] / n) * len, Y(w2) - (grad[1] / n) * len, t.text);
      ctx.setLineDash([4 * dpr, 4 * dpr]);
      ctx.strokeStyle = t.text;
      ctx.lineWidth = dpr;
      ctx.beginPath();
      ctx.moveTo(X(w1), Y(w2));
      ctx.lineTo(X(w1) - (grad[0] / n) * len * 0.7, Y(w2) + (grad[1] / n) * len * 0.7);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = t.text;
    ctx.strokeStyle = t.bg;
    ctx.lineWidth = 2 * dpr;
    ctx.beginPath();
    ctx.arc(X(w1), Y(w2), 6 * dpr, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }

  // drag the point
  let dragging = false;
  const fromEvent = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    const q = (v: number) => Math.round(Math.min(hi, Math.max(lo, v)) * 20) / 20;
    const w1 = q(lo + ((e.clientX - r.left) / r.width) * (hi - lo));
    const w2 = q(hi - ((e.clientY - r.top) / r.height) * (hi - lo));
    state.set({ w1, w2 });
    s1.set(w1);
    s2.set(w2);
    render();
  };
  canvas.addEventListener('pointerdown', (e) => {
    dragging = true;
    canvas.setPointerCapture(e.pointerId);
    fromEvent(e);
  });
  canvas.addEventListener('pointermove', (e) => dragging && fromEvent(e));
  canvas.addEventListener('pointerup', () => (dragging = false));
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  const redraw = () => frame.schedule(draw);
  mq.addEventListener('change', redraw);
  const ro = new ResizeObserver(redraw);
  ro.observe(box);

  function render(): void {
    const { w1, w2, lr, steps } = state.get();
    const here = lossAndGrad(w1, w2);
    setLive(lossL.value, fmtNum(here.loss, 4));
    setLive(g1L.value, fmtNum(here.grad[0], 4));
    setLive(g2L.value, fmtNum(here.grad[1], 4));
    setLive(normL.value, fmtNum(Math.hypot(...here.grad), 4));
    if (descentMode) {
      path = descend([w1, w2], lr, steps);
      const end = path[path.length - 1]!;
      setLive(endL.value, fmtNum(end.loss, 4));
      setLive(endW.value, `[${fmtNum(end.w[0], 4)}, ${fmtNum(end.w[1], 4)}]`);
      pathList.textContent = '';
      for (const s of path) pathList.append(h('li', null, `L = ${fmtNum(s.loss, 4)}`));
      const s1v = path[1];
      frame.setFormula(
        `\\begin{aligned}\\mathbf{w}_{k+1} &= \\mathbf{w}_k - \\live{eta}{\\eta}\\,\\nabla L(\\mathbf{w}_k), \\quad \\eta = ${texNum(lr, 2)} \\\\` +
          ` \\live{w0}{\\mathbf{w}_0} &= (${texNum(w1, 2)}, ${texNum(w2, 2)}),\\ \\live{g0}{\\nabla L(\\mathbf{w}_0)} = (${texNum(here.grad[0], 4)}, ${texNum(here.grad[1], 4)}) \\\\` +
          (s1v ? ` \\mathbf{w}_1 &= (${texNum(s1v.w[0], 4)}, ${texNum(s1v.w[1], 4)}),\\quad L(\\mathbf{w}_1) = ${texNum(s1v.loss, 4)} \\\\` : '') +
          ` L(\\live{wend}{\\mathbf{w}_{${steps}}}) &= ${texNum(end.loss, 4)}\\end{aligned}`,
        {
          eta: { value: lr, name: 'η', what: 'the learning rate: how far each step goes' },
          w0: { value: [w1, w2], name: 'w₀', what: 'the starting point' },
          g0: { value: here.grad, name: '∇L(w₀)', what: 'the gradient there: the step goes against it', digits: 4 },
          wend: { value: end.w, name: `w${steps}`, what: `where ${steps} steps end`, digits: 4 },
        },
      );
      frame.setCode(descentCode([w1, w2], lr, steps));
    } else {
      frame.setFormula(
        `\\begin{aligned}L(\\live{w1}{w_1}, \\live{w2}{w_2}) &= \\tfrac14 \\textstyle\\sum_i (w_1 \\live{xs}{x_i} + w_2 - \\live{ys}{y_i})^2 = ${texNum(here.loss, 4)} \\\\` +
          ` \\nabla L &= \\Big(\\tfrac{\\partial L}{\\partial w_1}, \\tfrac{\\partial L}{\\partial w_2}\\Big) = \\Big(\\tfrac12 \\textstyle\\sum_i (w_1x_i + w_2 - y_i)\\,x_i,\\ \\tfrac12 \\sum_i (w_1x_i + w_2 - y_i)\\Big) = (${texNum(here.grad[0], 4)}, ${texNum(here.grad[1], 4)})\\end{aligned}`,
        {
          w1: { value: w1, name: 'w₁', what: 'the slope of the model line' },
          w2: { value: w2, name: 'w₂', what: 'its intercept' },
          xs: { value: DATA_X, name: 'xᵢ', what: 'the four inputs' },
          ys: { value: DATA_Y, name: 'yᵢ', what: 'the four targets' },
        },
      );
      frame.setCode(gradientCode(w1, w2));
    }
    frame.schedule(draw);
  }
  render();
  return {
    update: render,
    destroy() {
      mq.removeEventListener('change', redraw);
      ro.disconnect();
      frame.destroy();
    },
  };
}
