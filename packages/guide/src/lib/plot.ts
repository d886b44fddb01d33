/**
 * uPlot with the guide's theme: colours are read from the CSS custom properties, and the plot is
 * rebuilt when the system theme changes; it follows its container's width.
 *
 *   const p = themedPlot(el, (t) => ({ height: 220, series: [{}, { stroke: t.linalg }], ... }), data);
 *   p.setData(newData);
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { BRANCH_IDS, type Branch } from './branches.js';

export type Theme = Record<Branch, string> & { text: string; muted: string; rule: string; bg: string };

export function readTheme(el: Element = document.documentElement): Theme {
  const cs = getComputedStyle(el);
  const v = (name: string) => cs.getPropertyValue(`--${name}`).trim();
  const t = { text: v('text'), muted: v('muted'), rule: v('rule'), bg: v('bg') } as Theme;
  for (const b of BRANCH_IDS) t[b] = v(b);
  return t;
}

/** Axis defaults in theme colours (spread into an axis option). */
export function axis(t: Theme, extra: uPlot.Axis = {}): uPlot.Axis {
  return { stroke: t.muted, grid: { stroke: t.rule, width: 1 }, ticks: { stroke: t.rule, width: 1 }, font: '12px system-ui, sans-serif', ...extra };
}

export interface ThemedPlot {
  setData(data: uPlot.AlignedData): void;
  readonly plot: uPlot;
  destroy(): void;
}

export function themedPlot(el: HTMLElement, options: (t: Theme, width: number) => uPlot.Options, data: uPlot.AlignedData): ThemedPlot {
  let current = data;
  const width = () => Math.max(200, Math.floor(el.clientWidth || 320));
  let plot = new uPlot(options(readTheme(el), width()), current, el);
  const rebuild = () => {
    plot.destroy();
    plot = new uPlot(options(readTheme(el), width()), current, el);
  };
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', rebuild);
  let lastWidth = width();
  const ro = new ResizeObserver(() => {
    const w = width();
    if (Math.abs(w - lastWidth) > 2) {
      lastWidth = w;
      plot.setSize({ width: w, height: plot.height });
    }
  });
  ro.observe(el);
  return {
    setData(d) {
      current = d;
      plot.setData(d);
    },
    get plot() {
      return plot;
    },
    destroy() {
      mq.removeEventListener('change', rebuild);
      ro.disconnect();
      plot.destroy();
    },
  };
}
