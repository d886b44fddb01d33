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
    el.classList.remove('changed');
    void el.offsetWidth; // restart the animation
    el.classList.add('changed');
    const t = Number(el.dataset.flashTimer);
    if (t) clearTimeout(t);
    el.dataset.flashTimer = String(window.setTimeout(() => el.classList.remove('changed'), 900));
  }
  return true;
}

export function prefersReducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}
