/**
 * The three ways in: a file picker, dropping a file on the zone, or pasting the text. Each hands
 * the page a File or a string; the parsing happens in the worker.
 */
import { h } from '../../lib/dom.js';

export interface LoadView {
  el: HTMLElement;
  progress: HTMLProgressElement;
  status: HTMLElement;
  /** Shows a parse result or error (errors in the error style). */
  say(text: string, bad?: boolean): void;
}

export function loadView(onFile: (f: File) => void, onText: (text: string) => void): LoadView {
  const input = h('input', { type: 'file', id: 'data-file', accept: '.csv,.tsv,.txt,text/csv', 'data-action': 'pick-csv' });
  const zone = h(
    'div',
    { class: 'data-drop', 'data-drop': '', tabindex: 0, role: 'group', 'aria-label': 'drop a CSV file here' },
    h('label', { for: 'data-file', class: 'data-drop-label' }, 'Choose a CSV file'),
    input,
    h('span', { class: 'data-drop-hint' }, 'or drop one here'),
  );
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    input.value = '';
    if (f) onFile(f);
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('is-over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('is-over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('is-over');
    const f = e.dataTransfer?.files[0];
    if (f) onFile(f);
  });
  const paste = h('textarea', { class: 'data-paste', rows: 5, spellcheck: false, 'aria-label': 'CSV text', placeholder: 'a,b,label\n1.0,2.5,cat\n0.3,1.1,dog', 'data-paste': '' });
  const use = h('button', { type: 'button', 'data-action': 'use-paste' }, 'Read the pasted text');
  use.addEventListener('click', () => onText(paste.value));
  const progress = h('progress', { max: 1, value: 0, class: 'data-progress', 'aria-label': 'parsing progress', hidden: true, 'data-parse-progress': '' });
  const status = h('p', { class: 'data-status', role: 'status', 'data-parse-status': '' });
  const el = h(
    'section',
    { class: 'data-load', 'aria-labelledby': 'data-load-h' },
    h('h2', { id: 'data-load-h' }, '1. Bring a table'),
    h('p', null, 'A header row, then one row per sample. Commas, semicolons, tabs or bars between fields; quotes around a field that holds one. Nothing leaves this browser.'),
    h('div', { class: 'data-load-ways' }, zone, h('div', { class: 'data-paste-box' }, paste, use)),
    progress,
    status,
  );
  return {
    el,
    progress,
    status,
    say(text, bad = false) {
      status.textContent = text;
      status.classList.toggle('is-error', bad);
    },
  };
}
