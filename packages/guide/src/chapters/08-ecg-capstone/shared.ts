/** Shared by the capstone widgets: plot options, map links, and the weights handover (DOM events, no module state). */
import uPlot from 'uplot';
import { linalg } from 'groundup';
import { h } from '../../lib/dom.js';
import { axis, type Theme } from '../../lib/plot.js';
import { MAP, type MapRow } from '../07-map/rows.js';
import { chapterHref } from '../registry.js';

export interface Trained {
  weights: Uint8Array;
  epoch: number;
  testAccuracy: number;
}

/**
 * Training hands its latest weights to the result widget through two DOM events on the document,
 * so neither widget (nor this module) keeps state for the other: 'capstone:trained' carries the
 * weights (or null after a reset); a widget that mounts later asks with 'capstone:ask', and the
 * training widget answers with its latest.
 */
export const TRAINED = 'capstone:trained';
export const ASK = 'capstone:ask';
export function publishTrained(t: Trained | null): void {
  document.dispatchEvent(new CustomEvent<Trained | null>(TRAINED, { detail: t }));
}
/** Calls `fn` with every weights update; asks for the latest at once. Returns the unsubscribe. */
export function onTrained(fn: (t: Trained | null) => void): () => void {
  const listener = (e: Event) => fn((e as CustomEvent<Trained | null>).detail);
  document.addEventListener(TRAINED, listener);
  document.dispatchEvent(new Event(ASK));
  return () => document.removeEventListener(TRAINED, listener);
}

export const CLASS_BRANCH = ['linalg', 'calculus', 'information', 'optimization', 'probability'] as const;

/** Finds the Chapter 7 map row whose component starts like `name` (case-insensitive). */
export function mapRow(name: string): MapRow | undefined {
  const key = name.toLowerCase().split(' (')[0]!;
  for (const g of MAP) for (const r of g.rows) if (r.component.toLowerCase().startsWith(key) || key.startsWith(r.component.toLowerCase())) return r;
  return undefined;
}
/** One ECG trace against time in seconds, in mV: the options every signal plot here shares. */
export function ecgPlotOptions(t: Theme, width: number, o: { height: number; stroke: string; xLabel: string }): uPlot.Options {
  return {
    width,
    height: o.height,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false } },
    axes: [axis(t, { label: o.xLabel, labelSize: 16 }), axis(t, { size: 46, label: 'mV', labelSize: 16 })],
    series: [{}, { stroke: o.stroke, width: 1.25, points: { show: false } }],
  };
}

export function sectionLink(r: MapRow, text = r.component): HTMLElement {
  const m = /^ch(\d+)\/(.+)$/.exec(r.section);
  return m ? h('a', { href: chapterHref(Number(m[1]), m[2]) }, text) : h('span', null, text);
}
