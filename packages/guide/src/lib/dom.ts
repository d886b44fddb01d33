/** Tiny DOM helpers: `h('p', { class: 'lede' }, 'text', child)` builds an element. */
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : String(c));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children (the SVG counterpart of `h`). */
export function svg(tag: string, attrs: Record<string, string | number>, ...kids: (Node | string)[]): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const k of kids) e.append(k);
  return e;
}

let uid = 0;
/** A document-unique id with a readable prefix (for aria-labelledby and friends). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${++uid}`;
}

/**
 * Sets an element's text and, when it changed, highlights it briefly (class `changed`), so the
 * eye can follow cause and effect. Returns whether the text changed.
 */
export function setLive(el: HTMLElement, text: string): boolean {
  if (el.textContent === text) return false;
  const first = !el.hasAttribute('data-set');
  el.textContent = text;
  el.setAttribute('data-set', '');
  if (!first) {
    const doc = el.ownerDocument;
    let p = flashQueues.get(doc);
    if (!p) flashQueues.set(doc, (p = new Set()));
    if (p.size === 0) queueMicrotask(() => flushFlashes(p));
    p.add(el);
  }
  return true;
}

/**
 * The flashes of one task, restarted together: restarting a CSS animation needs a layout between
 * removing and re-adding its class, and one layout per changed number (a widget updates 25 of
 * them per slider move) cost ~24 ms; one microtask after the task's last change pays one layout
 * for all. The queue is per document and empties within the task that filled it.
 */
const flashQueues = new WeakMap<Document, Set<HTMLElement>>();
const FLASH_MS = 900;

function flushFlashes(pending: Set<HTMLElement>): void {
  const els = [...pending];
  pending.clear();
  for (const el of els) el.classList.remove('changed');
  if (els.length) void els[0]!.offsetWidth; // one layout restarts every animation of the batch
  for (const el of els) {
    el.classList.add('changed');
    const t = Number(el.dataset.flashTimer);
    if (t) clearTimeout(t);
    el.dataset.flashTimer = String(window.setTimeout(() => el.classList.remove('changed'), FLASH_MS));
  }
}

export function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * A region that may scroll sideways (a wide table on a phone) must be reachable by keyboard
 * (WCAG 2.1.1; axe `scrollable-region-focusable`): while its content overflows, it is focusable
 * (tabindex 0, so arrow keys scroll it); when everything fits it leaves the tab order again. Give it
 * a name (`label`, unless it has one) so a screen reader says what the focused region is.
 * Stops watching by itself when the element leaves the page; returns a function that stops it now.
 */
export function focusableWhenScrolling(el: HTMLElement, label?: string): () => void {
  if (label && !el.hasAttribute('aria-label') && !el.hasAttribute('aria-labelledby')) {
    if (!el.hasAttribute('role')) el.setAttribute('role', 'group');
    el.setAttribute('aria-label', label);
  }
  if (typeof ResizeObserver === 'undefined') return () => {};
  let raf = 0;
  let seen = false;
  const check = () => {
    raf = 0;
    if (!el.isConnected) {
      if (seen) stop();
      return;
    }
    seen = true;
    const scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (scrolls && el.getAttribute('tabindex') !== '0') el.setAttribute('tabindex', '0');
    else if (!scrolls && el.hasAttribute('tabindex') && document.activeElement !== el) el.removeAttribute('tabindex');
  };
  const queue = () => {
    if (!raf) raf = requestAnimationFrame(check);
  };
  const ro = new ResizeObserver(queue);
  const mo = new MutationObserver(queue);
  const stop = () => {
    ro.disconnect();
    mo.disconnect();
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
  };
  ro.observe(el);
  mo.observe(el, { childList: true, subtree: true, characterData: true });
  queue();
  return stop;
}
