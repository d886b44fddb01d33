/**
 * setLive with the same contract as lib/dom.ts's (sets the text now, flashes the element when it
 * changed, returns whether it did), but the flash restarts are batched: lib's version reads
 * `offsetWidth` after every text change, which forces a full layout per number (a widget that
 * updates 25 numbers paid for 25 layouts per slider move). Here the elements changed during one
 * task are collected, and one microtask restarts all their animations after a single layout.
 * Chapters 4 and 6 import this until lib/dom.ts batches the same way (then: swap the import).
 *
 * The queue is per document and empties within the task that filled it; nothing persists.
 */
const FLASH_MS = 900;

interface Pending {
  els: Set<HTMLElement>;
}

function flush(p: Pending): void {
  const els = [...p.els];
  p.els.clear();
  for (const el of els) el.classList.remove('changed');
  if (els.length) void els[0]!.offsetWidth; // one layout for the whole batch restarts every animation
  for (const el of els) {
    el.classList.add('changed');
    const t = Number(el.dataset.flashTimer);
    if (t) clearTimeout(t);
    el.dataset.flashTimer = String(window.setTimeout(() => el.classList.remove('changed'), FLASH_MS));
  }
}

const queues = new WeakMap<Document, Pending>();

export function setLive(el: HTMLElement, text: string): boolean {
  if (el.textContent === text) return false;
  const first = !el.hasAttribute('data-set');
  el.textContent = text;
  el.setAttribute('data-set', '');
  if (!first) {
    const doc = el.ownerDocument;
    let p = queues.get(doc);
    if (!p) queues.set(doc, (p = { els: new Set() }));
    if (p.els.size === 0) queueMicrotask(() => flush(p));
    p.els.add(el);
  }
  return true;
}
