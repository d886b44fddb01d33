/**
 * #/data — "your data": bring a CSV, look at it, choose target, features and network, train in a
 * worker with live curves (pause / resume), then the held-out predictions; save the model in the
 * CLI's format or load one. The worker (data.worker.ts) holds the table and does every computation.
 */
import './data.css';
import { h } from '../../lib/dom.js';
import { modelFileControls } from '../../lib/model-files.js';
import { loadView } from './load.js';
import type { FromWorker, Settings, ToWorker } from './protocol.js';
import { curvesView, resultsView } from './results-view.js';
import { setupView, type SetupView } from './setup-view.js';
import { summaryView } from './summary-view.js';

const SAVED = 'groundup:data:settings';
const readSaved = (): Partial<Settings> => {
  try {
    return JSON.parse(localStorage.getItem(SAVED) ?? '{}') as Partial<Settings>;
  } catch {
    return {};
  }
};

export function renderDataPage(main: HTMLElement): () => void {
  const worker = new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'groundup-data' });
  const send = (m: ToWorker) => worker.postMessage(m);
  let setup: SetupView | null = null;
  let state: 'idle' | 'running' | 'paused' = 'idle';
  let results: { destroy(): void } | null = null;
  let exported: ((f: { weights: Uint8Array; sidecar: string }) => void) | null = null;
  let loaded: ((line: string) => void) | null = null;
  let failedLoad: ((why: string) => void) | null = null;
  let carryOn = false;

  const parse = (m: { file?: File; text?: string; name: string }) => {
    load.progress.hidden = false;
    load.progress.value = 0;
    load.say(`reading ${m.name} …`);
    send({ type: 'parse', ...m });
  };
  const load = loadView(
    (file) => parse({ file, name: file.name }),
    (text) => parse({ text, name: 'pasted text' }),
  );
  const tableHost = h('div', { class: 'data-table-host' });
  const setupHost = h('div');
  const trainBtn = h('button', { type: 'button', 'data-action': 'train', disabled: true }, 'Train');
  const pauseBtn = h('button', { type: 'button', 'data-action': 'pause', disabled: true, 'aria-pressed': 'false' }, 'Pause');
  const trainStatus = h('p', { class: 'data-status', role: 'status', 'data-train-status': '' });
  const curves = curvesView();
  curves.el.hidden = true; // empty axes say nothing before the first run
  const resultHost = h('div');
  const files = modelFileControls({
    name: 'groundup-data-page',
    save: () =>
      new Promise((resolve, reject) => {
        exported = resolve;
        failedLoad = (why) => reject(new Error(why));
        send({ type: 'export' });
      }),
    load: (_file, _tensors, raw) =>
      new Promise((resolve, reject) => {
        if (!setup) return reject(new Error('load the table first: the model is evaluated on its rows'));
        loaded = resolve;
        failedLoad = (why) => reject(new Error(why));
        send({ type: 'load', weights: raw.weights.slice(), ...(raw.sidecar ? { sidecar: raw.sidecar } : {}) });
      }),
  });
  const trainSection = h(
    'section',
    { class: 'data-train', 'aria-labelledby': 'data-train-h', hidden: true },
    h('h2', { id: 'data-train-h' }, '3. Train, then look at the held-out rows'),
    h('div', { class: 'data-buttons' }, trainBtn, pauseBtn),
    trainStatus,
    curves.el,
    resultHost,
    h('h3', null, 'The model as files'),
    h('p', null, 'The same two files ', h('code', null, 'groundup train --csv'), ' writes: ', h('code', null, 'groundup eval --weights groundup-data-page.safetensors --csv your.csv'), ' measures this model in a terminal, and a model trained there loads here.'),
    files.row,
    files.status,
  );

  const setButtons = () => {
    trainBtn.disabled = state !== 'idle' || !setup;
    pauseBtn.disabled = state === 'idle';
    pauseBtn.textContent = state === 'paused' ? 'Resume' : 'Pause';
    pauseBtn.setAttribute('aria-pressed', String(state === 'paused'));
  };
  const showResult = (ev: Parameters<typeof resultsView>[0], headline: string) => {
    results?.destroy();
    const r = resultsView(ev, headline);
    results = r;
    resultHost.replaceChildren(r.el);
  };

  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'progress') load.progress.value = m.fraction;
    else if (m.type === 'parsed') {
      load.progress.value = 1;
      load.say(`Read ${m.name}: ${m.summary.rows.toLocaleString('en')} rows × ${m.summary.columns.length} columns in ${m.seconds.toFixed(1)} s.`);
      tableHost.replaceChildren(summaryView(m.name, m.summary));
      setup = setupView(m.summary, readSaved(), (s) => localStorage.setItem(SAVED, JSON.stringify(s)));
      setupHost.replaceChildren(setup.el);
      trainSection.hidden = false;
      state = 'idle';
      carryOn = false;
      results?.destroy();
      resultHost.replaceChildren();
      setButtons();
    } else if (m.type === 'epoch') {
      curves.push(m.epoch, m.loss, m.trainMetric, m.testMetric);
      if (state === 'running') trainStatus.textContent = `training in the worker: epoch ${m.epoch} of ${m.epochs}`;
    } else if (m.type === 'paused') trainStatus.textContent = `paused after epoch ${m.epoch}`;
    else if (m.type === 'done') {
      state = 'idle';
      trainStatus.textContent = `finished ${m.epochs} epochs`;
      showResult(m.evaluation, 'Trained here.');
      setButtons();
    } else if (m.type === 'loaded') {
      setup?.apply(m.settings);
      carryOn = true;
      showResult(m.evaluation, `Loaded a model (from ${m.source}).`);
      loaded?.(`Loaded the model (from ${m.source}); Train continues from its weights.`);
      loaded = null;
    } else if (m.type === 'exported') {
      exported?.({ weights: m.weights, sidecar: m.sidecar });
      exported = null;
    } else if (m.type === 'error') {
      if (m.stage === 'parse') {
        load.progress.hidden = true;
        load.say(m.message.replace(/^(describeCSV|fromCSV): /, ''), true);
      } else if (m.stage === 'train') {
        state = 'idle';
        trainStatus.textContent = `Could not train: ${m.message}`;
        trainStatus.classList.add('is-error');
        setButtons();
      } else {
        failedLoad?.(m.message);
        failedLoad = null;
      }
    }
  };
  trainBtn.addEventListener('click', () => {
    const r = setup?.read();
    if (!r) return;
    trainStatus.classList.toggle('is-error', !r.ok);
    if (!r.ok) return void (trainStatus.textContent = `Cannot train: ${r.why}`);
    curves.el.hidden = false;
    curves.reset(r.settings.kind);
    results?.destroy();
    resultHost.replaceChildren();
    state = 'running';
    trainStatus.textContent = 'training in the worker';
    send({ type: 'train', settings: r.settings, carryOn });
    carryOn = false; // only the first run after a load starts from its weights
    setButtons();
  });
  pauseBtn.addEventListener('click', () => {
    if (state === 'running') (state = 'paused'), send({ type: 'pause' });
    else if (state === 'paused') (state = 'running'), send({ type: 'resume' }), (trainStatus.textContent = 'training in the worker');
    setButtons();
  });

  main.append(
    h(
      'article',
      { class: 'data-page' },
      h('h1', { tabindex: -1 }, 'Your data'),
      h('p', { class: 'lede' }, 'Train a small network on a table of your own: the same library, data reader and model files as the rest of the guide and the command line. Fisher’s iris or any CSV of numbers with one column to predict will do.'),
      load.el,
      tableHost,
      setupHost,
      trainSection,
    ),
  );
  return () => {
    worker.terminate();
    curves.destroy();
    results?.destroy();
  };
}
