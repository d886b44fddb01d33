/**
 * A code cell: a CodeMirror 6 editor whose JavaScript runs against the library in a module Web
 * Worker (runner.worker.ts), with a time limit. The value of the last line is shown, console
 * output too. Edits persist in localStorage under `groundup.cell.<id>`.
 *
 *   const cell = mountCodeCell(el, { id: 'ch2-dot', code: 'tensor([2,3,1]).matmul(tensor([4,1,5])).item()' });
 */
import { h, uniqueId } from './dom.js';

export const TIME_LIMIT_MS = 2000;

export interface CodeCellOptions {
  /** Storage key; one saved edit per id. */
  id: string;
  /** The starting code (also what "Reset" restores). */
  code: string;
  label?: string;
  timeLimitMs?: number;
}

export interface RunResult {
  logs: string[];
  result?: string;
  error?: string;
  timedOut?: boolean;
}

export interface CodeCell {
  run(): Promise<RunResult>;
  getCode(): string;
  /** Replaces the starting code; the editor follows unless the learner has saved edits. */
  setCode(code: string): void;
  destroy(): void;
}

// ---- one shared worker for all cells; restarted after a timeout ----
let worker: Worker | null = null;
let ready: Promise<Worker> | null = null;
let nextId = 1;

function getWorker(): Promise<Worker> {
  if (ready) return ready;
  ready = new Promise<Worker>((resolve, reject) => {
    const w = new Worker(new URL('./runner.worker.ts', import.meta.url), { type: 'module', name: 'groundup-runner' });
    const onMessage = (e: MessageEvent) => {
      if (e.data?.type === 'ready') {
        w.removeEventListener('message', onMessage);
        resolve(w);
      }
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', (e) => reject(new Error(`the code runner failed to start: ${e.message}`)), { once: true });
    worker = w;
  });
  return ready;
}

function killWorker(): void {
  worker?.terminate();
  worker = null;
  ready = null;
}

/** Runs code in the worker with a time limit. Exposed for widgets that want a result without an editor. */
export async function runCode(code: string, timeLimitMs = TIME_LIMIT_MS, onLog?: (line: string) => void): Promise<RunResult> {
  const w = await getWorker();
  const id = nextId++;
  const logs: string[] = [];
  return new Promise<RunResult>((resolve) => {
    const timer = setTimeout(() => {
      w.removeEventListener('message', onMessage);
      killWorker();
      resolve({ logs, timedOut: true, error: `Stopped after ${timeLimitMs / 1000} s: the code was still running (an endless loop?). The runner was restarted; the page was never blocked.` });
    }, timeLimitMs);
    const onMessage = (e: MessageEvent) => {
      const m = e.data as { id: number; type: string; text?: string; level?: string; result?: string; error?: string };
      if (m.id !== id) return;
      if (m.type === 'log') {
        const line = m.level === 'log' || m.level === 'info' ? m.text! : `[${m.level}] ${m.text}`;
        logs.push(line);
        onLog?.(line);
      } else if (m.type === 'done') {
        clearTimeout(timer);
        w.removeEventListener('message', onMessage);
        resolve({ logs, result: m.result, error: m.error });
      }
    };
    w.addEventListener('message', onMessage);
    w.postMessage({ id, code });
  });
}

const storageKey = (id: string) => `groundup.cell.${id}`;

function loadSaved(id: string): string | null {
  try {
    return localStorage.getItem(storageKey(id));
  } catch {
    return null;
  }
}

/** The cell's regions: label and buttons, the editor host, status line and output. */
function cellLayout(options: CodeCellOptions) {
  const labelId = uniqueId('cell-label');
  const editorHost = h('div', { class: 'cell-editor' });
  const runBtn = h('button', { type: 'button', class: 'run' }, 'Run');
  const resetBtn = h('button', { type: 'button', class: 'reset', title: 'put back the original code (your edit is kept in this browser until then)' }, 'Reset to original');
  const status = h('span', { class: 'cell-status', role: 'status', 'aria-live': 'polite' });
  // role log: a live region whose new lines are announced; it may carry a name (a bare pre may not)
  const output = h('pre', { class: 'cell-output', role: 'log', 'aria-live': 'polite', 'aria-label': 'output', tabindex: 0 });
  const root = h(
    'div',
    { class: 'code-cell' },
    h('div', { class: 'cell-head' }, h('span', { id: labelId, class: 'cell-label' }, options.label ?? 'JavaScript · the whole library is in scope · Ctrl+Enter runs'), h('span', { class: 'cell-buttons' }, resetBtn, runBtn)),
    editorHost,
    h('div', { class: 'cell-foot' }, status),
    output,
  );
  return { root, labelId, editorHost, runBtn, resetBtn, status, output };
}

/** Saves an edit under the cell's id (an edit equal to the original is forgotten). */
function saver(id: string, original: () => string) {
  return (code: string) => {
    try {
      if (code === original()) localStorage.removeItem(storageKey(id));
      else localStorage.setItem(storageKey(id), code);
    } catch {
      /* storage may be unavailable (private mode); editing still works */
    }
  };
}

type EditorViewLike = { state: { doc: { toString(): string } }; dispatch(tr: unknown): void; destroy(): void };

/**
 * Loads CodeMirror and puts it in place of the fallback textarea (keeping what was typed there),
 * unless the cell was destroyed meanwhile. Ctrl/Cmd+Enter calls `run`; every edit calls `save`.
 */
async function loadEditor(o: { host: HTMLElement; fallback: HTMLTextAreaElement; labelId: string; run: () => void; save: (code: string) => void; alive: () => boolean }): Promise<EditorViewLike | null> {
  const [{ EditorView, basicSetup }, { javascript }, { keymap }, { HighlightStyle, syntaxHighlighting }, { tags }] = await Promise.all([
    import('codemirror'),
    import('@codemirror/lang-javascript'),
    import('@codemirror/view'),
    import('@codemirror/language'),
    import('@lezer/highlight'),
  ]);
  // CodeMirror's default colours are for a light page (#708 keywords are unreadable on the dark
  // theme); ours follow the theme like the source listings: bold keywords, italic comments,
  // strings in a theme colour, everything else the text colour — each AA on the editor background.
  const highlight = HighlightStyle.define([
    { tag: tags.keyword, fontWeight: '700' },
    { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--code-comment)', fontStyle: 'italic' },
    { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--optimization)' },
    { tag: tags.invalid, color: 'var(--calculus)' },
  ]);
  if (!o.alive()) return null;
  const doc = o.fallback.value;
  o.fallback.remove();
  return new EditorView({
    doc,
    parent: o.host,
    extensions: [
      keymap.of([{ key: 'Mod-Enter', run: () => (o.run(), true) }]),
      basicSetup,
      javascript(),
      syntaxHighlighting(highlight),
      // tabindex: the editable area is in the tab order anyway; saying so lets checkers see that its scroller is keyboard-reachable
      EditorView.contentAttributes.of({ 'aria-labelledby': o.labelId, tabindex: '0' }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) o.save(u.state.doc.toString());
      }),
    ],
  }) as unknown as EditorViewLike;
}

/** What a run printed: the logs, the last line's value (→ …) and any error. */
function showResult(ui: ReturnType<typeof cellLayout>, r: RunResult, ms: number): void {
  ui.output.textContent = [...r.logs, ...(r.result !== undefined ? [`→ ${r.result}`] : []), ...(r.error ? [r.error] : [])].join('\n');
  ui.output.classList.toggle('error', Boolean(r.error));
  ui.status.textContent = r.timedOut ? 'Stopped (time limit).' : r.error ? 'Error.' : `Done in ${ms.toFixed(0)} ms.`;
}

export function mountCodeCell(el: HTMLElement, options: CodeCellOptions): CodeCell {
  let original = options.code;
  const limit = options.timeLimitMs ?? TIME_LIMIT_MS;
  const ui = cellLayout(options);
  el.append(ui.root);

  let destroyed = false;
  let view: EditorViewLike | null = null;
  const save = saver(options.id, () => original);
  // a plain textarea until CodeMirror has loaded (and if it ever fails to)
  const fallback = h('textarea', { class: 'cell-fallback', 'aria-labelledby': ui.labelId, spellcheck: 'false', rows: 4 });
  fallback.value = loadSaved(options.id) ?? original;
  ui.editorHost.append(fallback);
  fallback.addEventListener('input', () => save(fallback.value));
  const getCode = () => (view ? view.state.doc.toString() : fallback.value);
  const setDoc = (code: string) => {
    if (view) view.dispatch({ changes: { from: 0, to: view.state.doc.toString().length, insert: code } });
    else fallback.value = code;
  };
  void loadEditor({ host: ui.editorHost, fallback, labelId: ui.labelId, run: () => void run(), save, alive: () => !destroyed }).then((v) => (view = v));

  let running = false;
  async function run(): Promise<RunResult> {
    if (running) return { logs: [], error: 'already running' };
    running = true;
    ui.runBtn.disabled = true;
    ui.output.textContent = '';
    ui.status.textContent = 'Running…';
    const t0 = performance.now();
    const r = await runCode(getCode(), limit, (line) => {
      ui.output.textContent += `${line}\n`;
    });
    showResult(ui, r, performance.now() - t0);
    running = false;
    ui.runBtn.disabled = false;
    return r;
  }

  ui.runBtn.addEventListener('click', () => void run());
  ui.resetBtn.addEventListener('click', () => {
    setDoc(original);
    save(original);
  });

  return {
    run,
    getCode,
    setCode(code) {
      const edited = getCode() !== original;
      original = code;
      if (!edited) setDoc(code);
      save(getCode());
    },
    destroy() {
      destroyed = true;
      view?.destroy();
      ui.root.remove();
    },
  };
}
