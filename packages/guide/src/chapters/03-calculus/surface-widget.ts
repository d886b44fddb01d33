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
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { contourSegments, type Segment } from '../../lib/contours.js';
import { DATA_X, DATA_Y, descend, descentCode, gradientCode, lossAndGrad, lossGrid, W_RANGE, type Step } from './model.js';
import { numLine, slider, type Slider } from '../../lib/controls.js';
import type { LiveSymbols } from '../../lib/live-formula.js';

const GRID = 90;
const BANDS = 14;
const [LO, HI] = W_RANGE;
const toPx = (w: number, size: number) => ((w - LO) / (HI - LO)) * size;

type SurfState = { w1: number; w2: number; lr: number; steps: number };
type SurfUrl = ReturnType<typeof urlState<SurfState>>;
type Grid = ReturnType<typeof lossGrid>;
type Theme = ReturnType<typeof readTheme>;

/** The sliders (and, in descent mode, the learning rate, the steps and the step buttons). */
function surfaceControls(frame: Frame, state: SurfUrl, descentMode: boolean, render: () => void): { s1: Slider; s2: Slider } {
  const on = (k: keyof SurfState) => (v: number) => {
    state.set({ [k]: v });
    render();
  };
  const s1 = slider(descentMode ? 'start w₁ (slope)' : 'w₁ (slope)', 'w1', { min: LO, max: HI, step: 0.05, value: state.get().w1 }, on('w1'));
  const s2 = slider(descentMode ? 'start w₂ (intercept)' : 'w₂ (intercept)', 'w2', { min: LO, max: HI, step: 0.05, value: state.get().w2 }, on('w2'));
  frame.controls.append(s1.row, s2.row);
  if (descentMode) {
    const sLr = slider('learning rate', 'lr', { min: 0.01, max: 0.7, step: 0.01, value: state.get().lr }, on('lr'));
    const sSteps = slider('steps taken', 'steps', { min: 0, max: 60, step: 1, value: state.get().steps, digits: 0 }, on('steps'));
    const bump = (n: number) => {
      const v = n === 0 ? 0 : Math.min(60, state.get().steps + n);
      state.set({ steps: v });
      sSteps.set(v);
      render();
    };
    const btn = (act: string, text: string, n: number) => {
      const b = h('button', { type: 'button', 'data-act': act }, text);
      b.addEventListener('click', () => bump(n));
      return b;
    };
    frame.controls.append(sLr.row, sSteps.row, h('div', { class: 'w-buttons' }, btn('step', 'Step', 1), btn('step10', '+10 steps', 10), btn('reset', 'Back to 0', 0)));
  }
  frame.controls.append(h('p', { class: 'w-note' }, `Data: x = [${DATA_X.join(', ')}], y = [${DATA_Y.join(', ')}]; model ŷ = w₁x + w₂.`));
  return { s1, s2 };
}

/** The banded heatmap as a GRID × GRID canvas, in the theme's colours (rebuilt only when they change). */
function heatLayer(grid: Grid, bgCss: string, accCss: string): HTMLCanvasElement {
  const bg = cssRgb(bgCss);
  const acc = cssRgb(accCss);
  const off = document.createElement('canvas');
  off.width = GRID;
  off.height = GRID;
  const ctx = off.getContext('2d')!;
  const img = ctx.createImageData(GRID, GRID);
  const span = Math.sqrt(grid.max - grid.min) || 1;
  for (let i = 0; i < GRID * GRID; i++) {
    const level = Math.floor((Math.sqrt(grid.values[i]! - grid.min) / span) * BANDS) / BANDS;
    const a = 0.08 + 0.72 * level;
    for (let c = 0; c < 3; c++) img.data[4 * i + c] = Math.round(bg[c]! * (1 - a) + acc[c]! * a);
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return off;
}

/** Contour lines on the band edges (sample k of a row sits at the centre of pixel column k). */
function contourLines(grid: Grid): Segment[] {
  const span = Math.sqrt(grid.max - grid.min) || 1;
  const out: Segment[] = [];
  for (let k = 1; k < BANDS; k++) out.push(...contourSegments(grid.values, GRID, grid.min + ((k / BANDS) * span) ** 2));
  return out;
}

/** The contours, and w₁ / w₂ ticks drawn on the picture's edges. */
function drawContoursAndTicks(ctx: CanvasRenderingContext2D, contours: Segment[], size: number, dpr: number, t: Theme): void {
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
  for (let w = Math.ceil(LO); w <= Math.floor(HI); w++) {
    if (w === LO || w === HI) continue;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`${w}`.replace('-', '−'), toPx(w, size), size - 3 * dpr); // w₁ along the bottom
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(`${w}`.replace('-', '−'), 4 * dpr, size - toPx(w, size)); // w₂ up the left side
  }
  ctx.restore();
}

/** The descent path, or the gradient arrow (uphill, solid) with the downhill direction dashed; then the current point. */
function drawMarks(ctx: CanvasRenderingContext2D, size: number, dpr: number, t: Theme, w: [number, number], path: Step[] | null): void {
  const X = (v: number) => toPx(v, size);
  const Y = (v: number) => size - toPx(v, size);
  const [w1, w2] = w;
  const lw = 2 * dpr;
  if (path) {
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
    const len = (Math.min(1.6, 0.25 + n / 10) / (HI - LO)) * size;
    drawArrow(ctx, X(w1), Y(w2), X(w1) + (grad[0] / n) * len, Y(w2) - (grad[1] / n) * len, { colour: t.text, width: lw, head: 9 * dpr });
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

/** Dragging on the canvas moves the point (snapped to the sliders' 0.05 step). */
function dragPoint(canvas: HTMLCanvasElement, move: (w1: number, w2: number) => void): void {
  let dragging = false;
  const fromEvent = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    const q = (v: number) => Math.round(Math.min(HI, Math.max(LO, v)) * 20) / 20;
    move(q(LO + ((e.clientX - r.left) / r.width) * (HI - LO)), q(HI - ((e.clientY - r.top) / r.height) * (HI - LO)));
  };
  canvas.addEventListener('pointerdown', (e) => {
    dragging = true;
    canvas.setPointerCapture(e.pointerId);
    fromEvent(e);
  });
  canvas.addEventListener('pointermove', (e) => dragging && fromEvent(e));
  canvas.addEventListener('pointerup', () => (dragging = false));
}

function descentFormula(s: SurfState, here: { grad: [number, number] }, path: Step[]): [string, LiveSymbols] {
  const { w1, w2, lr, steps } = s;
  const end = path[path.length - 1]!;
  const s1v = path[1];
  return [
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
  ];
}

function gradientFormula(s: SurfState, here: { loss: number; grad: [number, number] }): [string, LiveSymbols] {
  return [
    `\\begin{aligned}L(\\live{w1}{w_1}, \\live{w2}{w_2}) &= \\tfrac14 \\textstyle\\sum_i (w_1 \\live{xs}{x_i} + w_2 - \\live{ys}{y_i})^2 = ${texNum(here.loss, 4)} \\\\` +
      ` \\nabla L &= \\Big(\\tfrac{\\partial L}{\\partial w_1}, \\tfrac{\\partial L}{\\partial w_2}\\Big) = \\Big(\\tfrac12 \\textstyle\\sum_i (w_1x_i + w_2 - y_i)\\,x_i,\\ \\tfrac12 \\sum_i (w_1x_i + w_2 - y_i)\\Big) = (${texNum(here.grad[0], 4)}, ${texNum(here.grad[1], 4)})\\end{aligned}`,
    {
      w1: { value: s.w1, name: 'w₁', what: 'the slope of the model line' },
      w2: { value: s.w2, name: 'w₂', what: 'its intercept' },
      xs: { value: DATA_X, name: 'xᵢ', what: 'the four inputs' },
      ys: { value: DATA_Y, name: 'yᵢ', what: 'the four targets' },
    },
  ];
}

export function mount(el: HTMLElement, o: { id?: string; descent?: boolean } = {}): Widget {
  const descentMode = !!o.descent;
  const id = o.id ?? (descentMode ? 'descent' : 'grad');
  const state = urlState<SurfState>(
    id,
    { w1: descentMode ? -1.5 : 0.5, w2: descentMode ? 3 : -1, lr: 0.1, steps: descentMode ? 10 : 0 },
    { w1: { min: LO, max: HI }, w2: { min: LO, max: HI }, lr: { min: 0.01, max: 0.7 }, steps: { min: 0, max: 60, int: true } },
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
  const { s1, s2 } = surfaceControls(frame, state, descentMode, () => render());
  const canvas = h('canvas', { role: 'img', 'aria-label': 'heatmap of the loss over w1 (across) and w2 (up); darker is higher loss; the marked point is the current weights' });
  const box = h('div', { class: 'c3-heat' }, canvas);
  frame.picture.append(box, h('div', { class: 'c3-axes', 'aria-hidden': 'true' }, h('span', null, `w₁ = ${LO}`), h('span', null, 'w₁ →, w₂ ↑; lines: equal loss'), h('span', null, `w₁ = ${HI}`)));
  const grid = lossGrid(GRID);
  const contours = contourLines(grid);
  const lines = { loss: numLine('L(w₁, w₂) =', 'loss'), g1: numLine('∂L/∂w₁ =', 'g1'), g2: numLine('∂L/∂w₂ =', 'g2'), norm: numLine('‖∇L‖ =', 'gnorm'), end: numLine('after the steps: L =', 'endloss'), endW: numLine('w =', 'endw') };
  frame.numbers.append(lines.loss.row, lines.g1.row, lines.g2.row, lines.norm.row);
  const pathList = h('ol', { class: 'c3-path', start: 0, 'aria-label': 'loss after each step' });
  if (descentMode) frame.numbers.append(lines.end.row, lines.endW.row, pathList);
  const stopScroll = focusableWhenScrolling(pathList);

  let path: Step[] = [];
  let heat: { key: string; layer: HTMLCanvasElement } | null = null;
  function draw(): void {
    const dpr = window.devicePixelRatio || 1;
    const size = Math.max(120, Math.round(box.clientWidth * dpr));
    if (canvas.width !== size) canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    const t = readTheme(el);
    const acc = descentMode ? t.optimization : t.calculus;
    if (!heat || heat.key !== t.bg + acc) heat = { key: t.bg + acc, layer: heatLayer(grid, t.bg, acc) };
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(heat.layer, 0, 0, size, size);
    drawContoursAndTicks(ctx, contours, size, dpr, t);
    drawMarks(ctx, size, dpr, t, [state.get().w1, state.get().w2], descentMode ? path : null);
  }
  dragPoint(canvas, (w1, w2) => {
    state.set({ w1, w2 });
    s1.set(w1);
    s2.set(w2);
    render();
  });
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  const redraw = () => frame.schedule(draw);
  mq.addEventListener('change', redraw);
  const ro = new ResizeObserver(redraw);
  ro.observe(box);

  function render(): void {
    const s = state.get();
    const here = lossAndGrad(s.w1, s.w2);
    setLive(lines.loss.value, fmtNum(here.loss, 4));
    setLive(lines.g1.value, fmtNum(here.grad[0], 4));
    setLive(lines.g2.value, fmtNum(here.grad[1], 4));
    setLive(lines.norm.value, fmtNum(Math.hypot(...here.grad), 4));
    if (descentMode) {
      path = descend([s.w1, s.w2], s.lr, s.steps);
      const end = path[path.length - 1]!;
      setLive(lines.end.value, fmtNum(end.loss, 4));
      setLive(lines.endW.value, `[${fmtNum(end.w[0], 4)}, ${fmtNum(end.w[1], 4)}]`);
      pathList.replaceChildren(...path.map((p) => h('li', null, `L = ${fmtNum(p.loss, 4)}`)));
      frame.setFormula(...descentFormula(s, here, path));
      frame.setCode(descentCode([s.w1, s.w2], s.lr, s.steps));
    } else {
      frame.setFormula(...gradientFormula(s, here));
      frame.setCode(gradientCode(s.w1, s.w2));
    }
    frame.schedule(draw);
  }
  render();
  return {
    update: render,
    destroy() {
      mq.removeEventListener('change', redraw);
      ro.disconnect();
      stopScroll();
      frame.destroy();
    },
  };
}
