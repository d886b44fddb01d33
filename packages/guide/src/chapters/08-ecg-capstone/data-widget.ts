/** The capstone data widget: the real record 208 beside a synthetic 12-lead ECG of the chosen class and lead. */
import uPlot from 'uplot';
import { data, linalg } from 'groundup';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { themedPlot, type Theme, type ThemedPlot } from '../../lib/plot.js';
import { select } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { CAPSTONE } from './model.js';
import { ecgPlotOptions } from './shared.js';

// record 208 is a module of the library's own, loaded on first use; this chapter's page is
// loaded on demand too, so it waits for the recording once, here
const rec = await data.ecg.record208();

// ───────────────────────── 1. the data ─────────────────────────

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
  const pairs = (xs: string[]) => xs.map((c) => [c, c] as [string, string]);
  // the generator draws five rhythms; the network below learns three of them (content.ts says why)
  const learned = (c: string) => (CAPSTONE.classes.includes(c) ? `${c} (learned below)` : `${c} (generator only)`);
  const clsSel = select('class', 'cls', classes.map((c) => [c, learned(c)] as [string, string]), state.get().cls, (v) => (state.set({ cls: v }), render()));
  const leadSel = select('lead', 'lead', pairs(leads), state.get().lead, (v) => (state.set({ lead: v }), render()));
  const again = h('button', { type: 'button', 'data-action': 'another' }, 'another');
  frame.controls.append(clsSel.row, leadSel.row, h('div', { class: 'ch8-buttons' }, again));
  const realHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'five seconds of the real MIT-BIH record 208, lead MLII, in millivolts' });
  const synHost = h('div', { class: 'ch8-chart', role: 'img', 'aria-label': 'a synthetic ECG of the chosen class and lead, in millivolts' });
  frame.picture.append(h('div', { class: 'ch8-pair' }, h('div', null, h('p', { class: 'ch8-plot-title' }, 'real: MIT-BIH record 208, lead MLII, 360 Hz'), realHost), h('div', null, h('p', { class: 'ch8-plot-title', 'data-syn-title': '' }), synHost)));
  const nums = { shape: h('span', { class: 'num', 'data-ecg': 'shape' }), range: h('span', { class: 'num', 'data-ecg': 'range' }), rr: h('span', { class: 'num', 'data-ecg': 'beats' }) };
  const netShape = h('span', { class: 'num', 'data-ecg': 'net-shape' });
  frame.numbers.append(
    h('dl', { class: 'ch8-kv' }, h('dt', null, 'synthetic record (drawn)'), h('dd', null, nums.shape), h('dt', null, 'what the network reads'), h('dd', null, netShape), h('dt', null, 'this lead, min … max'), h('dd', null, nums.range)),
  );

  const secs = 5;
  const nReal = rec.fs * secs;
  const realT = Array.from({ length: nReal }, (_, i) => i / rec.fs);
  const realV = Array.from(rec.signal.data.subarray(0, nReal));
  const linePlot = (host: HTMLElement, colour: keyof Theme, d: uPlot.AlignedData) =>
    themedPlot(host, (t, width) => ecgPlotOptions(t, width, { height: 200, stroke: t[colour], xLabel: 'seconds' }), d);
  const realPlot = linePlot(realHost, 'linalg', [realT, realV]);
  let synPlot: ThemedPlot | null = null;

  const render = () => {
    const s = state.get();
    clsSel.set(s.cls);
    leadSel.set(s.lead);
    const fs = 250;
    const d = data.ecg.synthetic({ n: 1, leads: 12, samples: 1000, fs, classes: [s.cls], seed: 1000 + s.seed });
    const li = Math.max(0, leads.indexOf(s.lead));
    const v = Array.from(d.x.select(0, 0).select(0, li).data);
    const t = v.map((_, i) => i / fs);
    if (!synPlot) synPlot = linePlot(synHost, 'calculus', [t, v]);
    else synPlot.setData([t, v]);
    (frame.picture.querySelector('[data-syn-title]') as HTMLElement).textContent = `synthetic: ${s.cls}, lead ${s.lead}, 250 Hz (record ${s.seed + 1})`;
    setLive(nums.shape, `${fmtShape(d.x.shape)} at ${fs} Hz → lead ${s.lead}: [${v.length}]`);
    // the same 4 seconds at the network's 125 Hz: every second sample
    const net = d.x.slice(':', ':', `::${fs / CAPSTONE.fs}`);
    setLive(netShape, `${fmtShape(net.shape)} at ${CAPSTONE.fs} Hz (every ${fs / CAPSTONE.fs === 2 ? 'second' : `${fs / CAPSTONE.fs}th`} sample)`);
    setLive(nums.range, `${fmtNum(Math.min(...v), 3)} … ${fmtNum(Math.max(...v), 3)} mV`);
    frame.setFormula(
      `\\begin{aligned}&\\live{x}{x} \\in \\mathbb{R}^{N \\times 12 \\times L},\\quad x[0,\\ \\text{${s.lead}},\\ t] \\text{ in mV},\\ t = 0, \\tfrac{1}{${fs}}, \\dots, ${(1000 / fs).toFixed(0)}\\,\\text{s} \\\\` +
        `&\\live{xnet}{x_\\text{net}}[n, c, j] = x[n, c, 2j]:\\ [1, 12, 1000] \\to [1, 12, 500] \\text{ at } ${CAPSTONE.fs}\\,\\text{Hz};\\qquad v_\\text{real} = \\frac{c - ${rec.adcZero}}{${rec.adcGain}}\\end{aligned}`,
      {
        x: { value: { shape: [v.length], data: v }, name: `x[0, ${s.lead}, :]`, what: `lead ${s.lead} of the drawn record in mV, at ${fs} Hz` },
        xnet: { value: net.select(0, 0).select(0, li), name: `x_net[0, ${s.lead}, :]`, what: `the same lead as the network reads it, at ${CAPSTONE.fs} Hz` },
      },
    );
    frame.setCode(
      [
        `const d = data.ecg.synthetic({ n: 1, leads: 12, samples: 1000, fs: ${fs}, classes: ['${s.cls}'], seed: ${1000 + s.seed} });`,
        `const lead = d.x.select(0, 0).select(0, ${li});   // lead ${s.lead}`,
        `const forNet = d.x.slice(':', ':', '::2');   // the same 4 s at 125 Hz, as the network reads it`,
        `[d.x.shape, forNet.shape, lead.min().item(), lead.max().item()]`,
      ].join('\n'),
    );
  };
  again.addEventListener('click', () => {
    state.set({ seed: state.get().seed + 1 });
    render();
  });
  render();
  return {
    update: render,
    destroy() {
      realPlot.destroy();
      synPlot?.destroy();
      frame.destroy();
    },
  };
}
