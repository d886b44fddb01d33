/**
 * "Download model" and "Load model" for every training widget: the weights as safetensors plus
 * the JSON sidecar, in the format `groundup train` writes (io.saveModelFile / io.loadModelFile),
 * so a file made here evaluates with `groundup eval --weights` and a CLI file loads here.
 *
 * Loading takes the .safetensors alone (its header carries the description) or together with its
 * .json. Anything that is not such a file, or is one for another network, is refused with the
 * library's message in the widget's status line; the model in the page is left as it was.
 */
import { io, type Tensor } from 'groundup';
import { h } from './dom.js';

export interface ModelFileHooks {
  /** Base of the downloaded names: `<name>.safetensors` and `<name>.json`. */
  name: string;
  /** The current model as its two files (io.saveModelFile); may come from a worker. */
  save(): { weights: Uint8Array; sidecar: string } | Promise<{ weights: Uint8Array; sidecar: string }>;
  /** Takes a checked file into the widget; throws (ValueError …) to refuse it. Returns a line for the status. */
  load(file: io.ModelFile, tensors: Record<string, Tensor>, raw: { weights: Uint8Array; sidecar?: string }): string | Promise<string>;
}

export interface ModelFileControls {
  row: HTMLElement;
  /** The status line (what was saved, loaded or refused). */
  status: HTMLElement;
  /** Loads files as if picked (for drag and drop, and tests). */
  loadFiles(files: File[]): Promise<void>;
}

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Reads picked files: one .safetensors and, optionally, its .json sidecar. */
export async function readModelFiles(files: File[]): Promise<{ file: io.ModelFile; tensors: Record<string, Tensor>; raw: { weights: Uint8Array; sidecar?: string } }> {
  const weights = files.find((f) => !f.name.toLowerCase().endsWith('.json'));
  const side = files.find((f) => f.name.toLowerCase().endsWith('.json'));
  if (!weights) throw new Error('pick the .safetensors file (with its .json beside it, if you have it)');
  if (weights.size > 512 * 1024 * 1024) throw new Error(`${weights.name} is ${(weights.size / 2 ** 20).toFixed(0)} MB; a model of this guide is far smaller`);
  const bytes = new Uint8Array(await weights.arrayBuffer());
  const sidecar = side ? await side.text() : undefined;
  return { ...io.loadModelFile(bytes, sidecar), raw: { weights: bytes, ...(sidecar !== undefined ? { sidecar } : {}) } };
}

export function modelFileControls(hooks: ModelFileHooks): ModelFileControls {
  const status = h('p', { class: 'model-file-status', role: 'status', 'data-model-status': '' });
  const saveBtn = h('button', { type: 'button', 'data-action': 'download-model' }, 'Download model');
  const input = h('input', { type: 'file', accept: '.safetensors,.json', multiple: true, 'data-action': 'load-model', class: 'visually-hidden', 'aria-label': 'load a model file (.safetensors and its .json)' });
  const loadBtn = h('button', { type: 'button' }, 'Load model…');
  loadBtn.addEventListener('click', () => input.click());
  const say = (text: string, bad = false) => {
    status.textContent = text;
    status.classList.toggle('is-error', bad);
  };
  saveBtn.addEventListener('click', async () => {
    try {
      const { weights, sidecar } = await hooks.save();
      download(`${hooks.name}.safetensors`, weights as BlobPart, 'application/octet-stream');
      download(`${hooks.name}.json`, sidecar, 'application/json');
      say(`Saved ${hooks.name}.safetensors and ${hooks.name}.json; \`groundup eval --weights ${hooks.name}.safetensors\` reads them.`);
    } catch (e) {
      say(`Could not save: ${(e as Error).message}`, true);
    }
  });
  const loadFiles = async (files: File[]) => {
    try {
      const { file, tensors, raw } = await readModelFiles(files);
      say(await hooks.load(file, tensors, raw));
    } catch (e) {
      say(`Refused: ${(e as Error).message}`, true);
    }
  };
  input.addEventListener('change', () => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length) void loadFiles(files);
  });
  const row = h('div', { class: 'model-file-row' }, saveBtn, loadBtn, input);
  return { row, status, loadFiles };
}
