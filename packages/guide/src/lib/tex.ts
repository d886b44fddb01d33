/** KaTeX rendering (fonts and CSS come from node_modules through Vite: no remote requests). */
import katex from 'katex';
import 'katex/dist/katex.min.css';

/** Renders TeX into `el`. Display mode centres it on its own line. Errors show in red, never throw. */
export function tex(el: HTMLElement, source: string, display = false): HTMLElement {
  katex.render(source, el, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
  return el;
}

/** A new element holding rendered TeX. */
export function texEl(source: string, display = false, tag: 'span' | 'div' = display ? 'div' : 'span'): HTMLElement {
  return tex(document.createElement(tag), source, display);
}

/** A number written for TeX: fixed decimals, real minus sign handled by TeX itself. */
export function texNum(x: number, digits = 3): string {
  const s = Number.isInteger(x) ? String(x) : x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}

/** A matrix (nested array) as a TeX bmatrix. */
export function texMatrix(rows: number[][] | number[], digits = 2): string {
  const rr = (Array.isArray(rows[0]) ? rows : [rows]) as number[][];
  return `\\begin{bmatrix}${rr.map((r) => r.map((v) => texNum(v, digits)).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
}
