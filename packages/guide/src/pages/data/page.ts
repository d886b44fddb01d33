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

type Send = (m: ToWorker) => void;

/**
 * The model-file buttons: saving asks the worker for the files, loading sends it the weights;
 * each waits for the worker's answer, which `answer` (below) routes to the waiting promise.
 */
function fileControls(send: Send, hasTable: () => boolean) {
  const waiting: { exported?: (f: { weights: Uint8Array; sidecar: string }) => void; loaded?: (line: string) => void; failed?: (why: string) => void } = {};
  const files = modelFileControls({
    name: 'groundup-data-page',
    save: () =>
      new Promise((resolve, reject) => {
        waiting.exported = resolve;
        waiting.failed = (why) => reject(new Error(why));
        send({ type: 'export' });
      }),
    load: (_file, _tensors, raw) =>
      new Promise((resolve, reject) => {
        if (!hasTable()) return reject(new Error('load the table first: the model is evaluated on its rows'));
        waiting.loaded = resolve;
        waiting.failed = (why) => reject(new Error(why));
        send({ type: 'load', weights: raw.weights.slice(), ...(raw.sidecar ? { sidecar: raw.sidecar } : {}) });
      }),
  });
  const take = <K extends keyof typeof waiting>(k: K) => {
    const f = waiting[k];
    delete waiting[k];
    return f;
  };
  return {
    files,
    exported: (f: { weights: Uint8Array; sidecar: string }) => take('exported')?.(f),
    loaded: (line: string) => take('loaded')?.(line),
    failed: (why: string) => take('failed')?.(why),
  };
}

/** Section 3: train and pause buttons, status, curves, the held-out results and the model files. */
function trainSection(files: ReturnType<typeof modelFileControls>) {
  const trainBtn = h('button', { type: 'button', 'data-action': 'train', disabled: true }, 'Train');
  const pauseBtn = h('button', { type: 'button', 'data-action': 'pause', disabled: true, 'aria-pressed': 'false' }, 'Pause');
  const status = h('p', { class: 'data-status', role: 'status', 'data-train-status': '' });
  const curves = curvesView();
  curves.el.hidden = true; // empty axes say nothing before the first run
  const resultHost = h('div');
  const el = h(
    'section',
    { class: 'data-train', 'aria-labelledby': 'data-train-h', hidden: true },
    h('h2', { id: 'data-train-h' }, '3. Train, then look at the held-out rows'),
    h('div', { class: 'data-buttons' }, trainBtn, pauseBtn),
    status,
    curves.el,
    resultHost,
    h('h3', null, 'The model as files'),
    h('p', null, 'The same two files ', h('code', null, 'groundup train --csv'), ' writes: ', h('code', null, 'groundup eval --weights groundup-data-page.safetensors --csv your.csv'), ' measures this model in a terminal, and a model trained there loads here.'),
    files.row,
    files.status,
  );
  let results: { destroy(): void } | null = null;
  return {
    el,
    trainBtn,
    pauseBtn,
    status,
    curves,
    showResult(ev: Parameters<typeof resultsView>[0], headline: string) {
      results?.destroy();
      results = resultsView(ev, headline);
      resultHost.replaceChildren((results as ReturnType<typeof resultsView>).el);
    },
    clearResult() {
      results?.destroy();
      results = null;
      resultHost.replaceChildren();
    },
    destroy() {
      curves.destroy();
      results?.destroy();
    },
  };
}

/** The page's state while it is open (nothing at module level). */
interface PageState {
  setup: SetupView | null;
  run: 'idle' | 'running' | 'paused';
  carryOn: boolean; // the first run after a load starts from its weights
}

/** Everything the worker answers, routed to the views: parse progress, the table, epochs, results, files. */
function workerMessages(p: PageState, v: { load: ReturnType<typeof loadView>; tableHost: HTMLElement; setupHost: HTMLElement; train: ReturnType<typeof trainSection>; fc: ReturnType<typeof fileControls>; setButtons: () => void }) {
  const { load, train, fc } = v;
  const onParsed = (m: Extract<FromWorker, { type: 'parsed' }>) => {
    load.progress.value = 1;
    load.say(`Read ${m.name}: ${m.summary.rows.toLocaleString('en')} rows × ${m.summary.columns.length} columns in ${m.seconds.toFixed(1)} s.`);
    v.tableHost.replaceChildren(summaryView(m.name, m.summary));
    p.setup = setupView(m.summary, readSaved(), (st) => localStorage.setItem(SAVED, JSON.stringify(st)));
    v.setupHost.replaceChildren(p.setup.el);
    train.el.hidden = false;
    p.run = 'idle';
    p.carryOn = false;
    train.clearResult();
    v.setButtons();
  };
  const onError = (m: Extract<FromWorker, { type: 'error' }>) => {
    if (m.stage === 'parse') {
      load.progress.hidden = true;
      load.say(m.message.replace(/^(describeCSV|fromCSV): /, ''), true);
    } else if (m.stage === 'train') {
      p.run = 'idle';
      train.status.textContent = `Could not train: ${m.message}`;
      train.status.classList.add('is-error');
      v.setButtons();
    } else fc.failed(m.message);
  };
  return (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'progress') load.progress.value = m.fraction;
    else if (m.type === 'parsed') onParsed(m);
    else if (m.type === 'epoch') {
      train.curves.push(m.epoch, m.loss, m.trainMetric, m.testMetric);
      if (p.run === 'running') train.status.textContent = `training in the worker: epoch ${m.epoch} of ${m.epochs}`;
    } else if (m.type === 'paused') train.status.textContent = `paused after epoch ${m.epoch}`;
    else if (m.type === 'done') {
      p.run = 'idle';
      train.status.textContent = `finished ${m.epochs} epochs`;
      train.showResult(m.evaluation, 'Trained here.');
      v.setButtons();
    } else if (m.type === 'loaded') {
      p.setup?.apply(m.settings);
      p.carryOn = true;
      train.showResult(m.evaluation, `Loaded a model (from ${m.source}).`);
      fc.loaded(`Loaded the model (from ${m.source}); Train continues from its weights.`);
    } else if (m.type === 'exported') fc.exported({ weights: m.weights, sidecar: m.sidecar });
    else if (m.type === 'error') onError(m);
  };
}

export function renderDataPage(main: HTMLElement): () => void {
  const worker = new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'groundup-data' });
  const send: Send = (m) => worker.postMessage(m);
  const p: PageState = { setup: null, run: 'idle', carryOn: false };
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
  const fc = fileControls(send, () => !!p.setup);
  const train = trainSection(fc.files);
  const setButtons = () => {
    train.trainBtn.disabled = p.run !== 'idle' || !p.setup;
    train.pauseBtn.disabled = p.run === 'idle';
    train.pauseBtn.textContent = p.run === 'paused' ? 'Resume' : 'Pause';
    train.pauseBtn.setAttribute('aria-pressed', String(p.run === 'paused'));
  };
  worker.onmessage = workerMessages(p, { load, tableHost, setupHost, train, fc, setButtons });
  train.trainBtn.addEventListener('click', () => {
    const r = p.setup?.read();
    if (!r) return;
    train.status.classList.toggle('is-error', !r.ok);
    if (!r.ok) return void (train.status.textContent = `Cannot train: ${r.why}`);
    train.curves.el.hidden = false;
    train.curves.reset(r.settings.kind);
    train.clearResult();
    p.run = 'running';
    train.status.textContent = 'training in the worker';
    send({ type: 'train', settings: r.settings, carryOn: p.carryOn });
    p.carryOn = false;
    setButtons();
  });
  train.pauseBtn.addEventListener('click', () => {
    if (p.run === 'running') (p.run = 'paused'), send({ type: 'pause' });
    else if (p.run === 'paused') (p.run = 'running'), send({ type: 'resume' }), (train.status.textContent = 'training in the worker');
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
      train.el,
    ),
  );
  return () => {
    worker.terminate();
    train.destroy();
  };
}
