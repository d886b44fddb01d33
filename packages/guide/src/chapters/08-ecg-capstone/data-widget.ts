/** The capstone data widget: the real record 208 beside a synthetic 12-lead ECG of the chosen class and lead. */
import uPlot from 'uplot';
import { data, type Tensor } from 'groundup';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { select } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import type { LiveSymbols } from '../../lib/live-formula.js';
import { widgetFrame, type Frame, type Widget } from '../../lib/widget.js';
import { CAPSTONE } from './model.js';
import { ecgPlotOptions } from './shared.js';

// record 208 is a module of the library's own, loaded on first use; this chapter's page is
// loaded on demand too, so it waits for the recording once, here
const rec = await data.ecg.record208();

/** The drawn record's rate; the network reads every (DRAW_FS / CAPSTONE.fs)-th sample. */
const DRAW_FS = 250;

/** The formula: the tensor, the network's decimation, and the real record's ADC scale, with live x and x_net. */
function dataFormula(lead: string, v: number[], forNet: Tensor): [string, LiveSymbols] {
  const step = DRAW_FS / CAPSTONE.fs;
  const tex =
    `\\begin{aligned}&\\live{x}{x} \\in \\mathbb{R}^{N \\times 12 \\times L},\\quad x[0,\\ \\text{${lead}},\\ t] \\text{ in mV},\\ t = 0, \\tfrac{1}{${DRAW_FS}}, \\dots, ${(v.length / DRAW_FS).toFixed(0)}\\,\\text{s} \\\\` +
    `&\\live{xnet}{x_\\text{net}}[n, c, j] = x[n, c, ${step}j]:\\ [1, 12, ${v.length}] \\to ${fmtShape(forNet.shape)} \\text{ at } ${CAPSTONE.fs}\\,\\text{Hz};\\qquad v_\\text{real} = \\frac{c - ${rec.adcZero}}{${rec.adcGain}}\\end{aligned}`;
  const li = data.ecg.LEAD_NAMES.indexOf(lead as (typeof data.ecg.LEAD_NAMES)[number]);
  return [
    tex,
    {
      x: { value: { shape: [v.length], data: v }, name: `x[0, ${lead}, :]`, what: `lead ${lead} of the drawn record in mV, at ${DRAW_FS} Hz` },
      xnet: { value: forNet.select(0, 0).select(0, Math.max(0, li)), name: `x_net[0, ${lead}, :]`, what: `the same lead as the network reads it, at ${CAPSTONE.fs} Hz` },
    },
  ];
}

function dataCode(cls: string, seed: number, li: number, lead: string): string {
  return [
    `const d = data.ecg.synthetic({ n: 1, leads: 12, samples: 1000, fs: ${DRAW_FS}, classes: ['${cls}'], seed: ${1000 + seed} });`,
    `const lead = d.x.select(0, 0).select(0, ${li});   // lead ${lead}`,
    `const forNet = d.x.slice(':', ':', '::${DRAW_FS / CAPSTONE.fs}');   // the same 4 s at ${CAPSTONE.fs} Hz, as the network reads it`,
    `[d.x.shape, forNet.shape, lead.min().item(), lead.max().item()]`,
  ].join('\n');
}

/** The two plots side by side (the real record drawn once) and the numbers list. */
function dataLayout(frame: Frame) {
  const realHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'five seconds of the real MIT-BIH record 208, lead MLII, in millivolts' });
  const synHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'a synthetic ECG of the chosen class and lead, in millivolts' });
  const synTitle = h('p', { class: 'ch8-plot-title', 'data-syn-title': '' });
  frame.picture.append(h('div', { class: 'ch8-pair' }, h('div', null, h('p', { class: 'ch8-plot-title' }, 'real: MIT-BIH record 208, lead MLII, 360 Hz'), realHost), h('div', null, synTitle, synHost)));
  const nums = { shape: h('span', { class: 'num', 'data-ecg': 'shape' }), net: h('span', { class: 'num', 'data-ecg': 'net-shape' }), range: h('span', { class: 'num', 'data-ecg': 'range' }) };
  const row = (k: string, v: HTMLElement) => [h('dt', null, k), h('dd', null, v)];
  frame.numbers.append(h('dl', { class: 'ch8-kv' }, ...row('synthetic record (drawn)', nums.shape), ...row('what the network reads', nums.net), ...row('this lead, min … max', nums.range)));
  const linePlot = (host: HTMLElement, colour: keyof Theme, d: uPlot.AlignedData) => themedPlot(host, (t, width) => ecgPlotOptions(t, width, { height: 200, stroke: t[colour], xLabel: 'seconds' }), d);
  const nReal = rec.fs * 5;
  const realPlot = linePlot(realHost, 'linalg', [Array.from({ length: nReal }, (_, i) => i / rec.fs), Array.from(rec.signal.data.subarray(0, nReal))]);
  let synPlot: ThemedPlot | null = null;
  return {
    nums,
    synTitle,
    drawSynthetic(t: number[], v: number[]) {
      if (!synPlot) synPlot = linePlot(synHost, 'calculus', [t, v]);
      else synPlot.setData([t, v]);
    },
    destroy() {
      realPlot.destroy();
      synPlot?.destroy();
    },
  };
}

export function mountData(el: HTMLElement): Widget {
  const id = 'ecgdata';
  const classes = [...data.ecg.ECG_CLASSES] as string[];
  const leads = [...data.ecg.LEAD_NAMES] as string[];
  const state = urlState(id, { cls: 'afib', lead: 'II', seed: 0 }, { cls: { oneOf: classes }, lead: { oneOf: leads }, seed: { min: 0, max: 1_000_000, int: true } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'A real ECG and synthetic 12-lead ECGs by class',
    branch: 'linalg',
    caption: 'Pick a rhythm class and a lead; “another” draws a new record of that class.',
    sources: [
      { file: 'data/ecg.ts', name: 'record208' },
      { file: 'data/ecg-synthetic.ts', name: 'synthetic' },
    ],
  });
  // the generator draws five rhythms; the network below learns three of them (content.ts says why)
  const learned = (c: string) => (CAPSTONE.classes.includes(c) ? `${c} (learned below)` : `${c} (generator only)`);
  const clsSel = select('class', 'cls', classes.map((c) => [c, learned(c)] as [string, string]), state.get().cls, (v) => (state.set({ cls: v }), render()));
  const leadSel = select('lead', 'lead', leads.map((c) => [c, c] as [string, string]), state.get().lead, (v) => (state.set({ lead: v }), render()));
  const again = h('button', { type: 'button', 'data-action': 'another' }, 'another');
  frame.controls.append(clsSel.row, leadSel.row, h('div', { class: 'ch8-buttons' }, again));
  const ui = dataLayout(frame);

  const render = () => {
    const s = state.get();
    clsSel.set(s.cls);
    leadSel.set(s.lead);
    const d = data.ecg.synthetic({ n: 1, leads: 12, samples: 1000, fs: DRAW_FS, classes: [s.cls], seed: 1000 + s.seed });
    const li = Math.max(0, leads.indexOf(s.lead));
    const v = Array.from(d.x.select(0, 0).select(0, li).data);
    ui.drawSynthetic(v.map((_, i) => i / DRAW_FS), v);
    ui.synTitle.textContent = `synthetic: ${s.cls}, lead ${s.lead}, ${DRAW_FS} Hz (record ${s.seed + 1})`;
    setLive(ui.nums.shape, `${fmtShape(d.x.shape)} at ${DRAW_FS} Hz → lead ${s.lead}: [${v.length}]`);
    // the same 4 seconds at the network's 125 Hz: every second sample
    const step = DRAW_FS / CAPSTONE.fs;
    const forNet = d.x.slice(':', ':', `::${step}`);
    setLive(ui.nums.net, `${fmtShape(forNet.shape)} at ${CAPSTONE.fs} Hz (every ${step === 2 ? 'second' : `${step}th`} sample)`);
    setLive(ui.nums.range, `${fmtNum(Math.min(...v), 3)} … ${fmtNum(Math.max(...v), 3)} mV`);
    frame.setFormula(...dataFormula(s.lead, v, forNet));
    frame.setCode(dataCode(s.cls, s.seed, li, s.lead));
  };
  again.addEventListener('click', () => {
    state.set({ seed: state.get().seed + 1 });
    render();
  });
  render();
  return {
    update: render,
    destroy() {
      ui.destroy();
      frame.destroy();
    },
  };
}
