/**
 * The one shape every widget has (LOOK.md): controls on one side (above on a phone), the picture,
 * the live numbers, and a row of tabs — formula (KaTeX with the current values), source (the
 * library function that computed the numbers) and code (the same computation in a code cell).
 *
 * A widget module exports `mount(element, options) → { update, destroy }` and builds on this frame:
 *
 *   const frame = widgetFrame(el, { id: 'dot', title: 'Dot product', branch: 'linalg',
 *     sources: [{ file: 'linalg/dot.ts', name: 'dot' }] });
 *   frame.controls.append(...);  frame.picture.append(...);  frame.numbers.append(...)
 *   frame.setFormula('a \\cdot b = 16');  frame.setCode('linalg.dot(tensor([2,3,1]), tensor([4,1,5]))');
 *   frame.schedule(draw)   // runs draw on the next frame, or when the widget scrolls back into view
 */
import { type Branch, branchClass } from './branches.js';
import { mountCodeCell, type CodeCell } from './codecell.js';
import { focusableWhenScrolling, h, uniqueId } from './dom.js';
import { LIBRARY_ROOT, listing, loadDefinition } from './source.js';
import { tex } from './tex.js';

export interface SourceRef {
  /** Path under packages/groundup/src, e.g. 'ops/activation.ts'. */
  file: string;
  /** The function, class or const to show, e.g. 'softmax'. */
  name: string;
}

export interface FrameOptions {
  /** Unique on the page; prefixes the URL state and names the saved code cell. */
  id: string;
  title: string;
  branch?: Branch;
  /** The library definitions that computed the numbers (shown in the source tab). */
  sources: SourceRef[];
  /** One sentence saying what to try. */
  caption?: string;
  /** Which tab starts open; default 'formula'. */
  openTab?: Tab;
  /** The widget's URL state: what it corrected in the link is shown above the controls. */
  state?: { readonly notices: readonly string[]; readonly params?: readonly string[] };
}

export type Tab = 'formula' | 'source' | 'code';

export interface Frame {
  root: HTMLElement;
  controls: HTMLElement;
  picture: HTMLElement;
  numbers: HTMLElement;
  /** The formula tab's TeX (with the current values substituted). */
  setFormula(tex: string): void;
  /** The JavaScript the code tab opens (the same computation, current values). */
  setCode(code: string): void;
  /** Runs `fn` on the next animation frame if the widget is on screen, else when it comes back. */
  schedule(fn: () => void): void;
  /** Called with true/false as the widget enters/leaves the screen (pause animations here). */
  onVisibility(fn: (visible: boolean) => void): void;
  readonly visible: boolean;
  /** Opens a tab programmatically. */
  openTab(tab: Tab): void;
  /** Shows a short notice above the controls (what the link or the input got wrong); '' hides it. */
  notice(text: string): void;
  destroy(): void;
}

export interface Widget {
  update(options?: unknown): void;
  destroy(): void;
}

export function widgetFrame(el: HTMLElement, o: FrameOptions): Frame {
  const titleId = uniqueId(`${o.id}-title`);
  const noticeEl = h('p', { class: 'w-notice', role: 'status', 'data-w-notice': '' }, (o.state?.notices ?? []).join('. '));
  const controls = h('div', { class: 'w-controls', role: 'group', 'aria-label': `${o.title}: controls` }, noticeEl);
  const picture = h('div', { class: 'w-picture' });
  const numbers = h('div', { class: 'w-numbers numbers', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'false', 'aria-label': `${o.title}: live numbers` });
  const tabs: Tab[] = ['formula', 'source', 'code'];
  const tabLabels: Record<Tab, string> = { formula: 'formula', source: 'source', code: 'code' };
  const tabButtons = {} as Record<Tab, HTMLButtonElement>;
  const panels = {} as Record<Tab, HTMLElement>;
  const tablist = h('div', { class: 'w-tabs', role: 'tablist', 'aria-label': `${o.title}: views` });
  const panelHost = h('div', { class: 'w-panels' });
  for (const t of tabs) {
    const tabId = uniqueId(`${o.id}-tab-${t}`);
    const panelId = uniqueId(`${o.id}-panel-${t}`);
    tabButtons[t] = h('button', { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, 'aria-selected': 'false', tabindex: -1, 'data-tab': t }, tabLabels[t]);
    panels[t] = h('div', { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, class: `w-panel w-panel-${t}`, hidden: true, tabindex: 0 });
    tablist.append(tabButtons[t]);
    panelHost.append(panels[t]);
  }
  const root = h(
    'figure',
    { class: `widget wide ${branchClass(o.branch)}`, 'aria-labelledby': titleId, 'data-widget': o.id, 'data-params': o.state?.params?.join(' ') },
    h('figcaption', { class: 'w-head' }, h('span', { id: titleId, class: 'w-title' }, o.title), o.caption ? h('span', { class: 'w-caption' }, o.caption) : null),
    h('div', { class: 'w-body' }, controls, h('div', { class: 'w-main' }, picture, numbers)),
    tablist,
    panelHost,
  );
  el.append(root);

  // ---- tabs ----
  let formula = '';
  let code = '';
  let open: Tab | null = null;
  let sourceLoaded = false;
  let cell: CodeCell | null = null;

  const renderFormula = () => {
    if (open === 'formula') tex(panels.formula, formula, true);
  };
  const renderSource = () => {
    if (sourceLoaded) return;
    sourceLoaded = true;
    const host = panels.source;
    host.textContent = 'Loading the library source…';
    void Promise.all(o.sources.map((s) => loadDefinition(s.file, s.name).then((d) => ({ s, d }))))
      .then((defs) => {
        host.textContent = '';
        for (const { s, d } of defs) {
          host.append(
            h('p', { class: 'src-where' }, h('code', null, s.name), ' in ', h('a', { href: `#/source/${s.file}:${d.startLine}` }, `${LIBRARY_ROOT}${s.file}`), `, lines ${d.startLine}–${d.endLine}`),
            listing(d.code, d.startLine, `source of ${s.name}`),
          );
        }
      })
      .catch((e: Error) => {
        host.textContent = e.message;
      });
  };
  const select = (t: Tab | null, focus = false) => {
    open = t;
    for (const x of tabs) {
      const on = x === t;
      tabButtons[x].setAttribute('aria-selected', String(on));
      tabButtons[x].tabIndex = on || (t === null && x === 'formula') ? 0 : -1;
      panels[x].hidden = !on;
    }
    if (t === 'formula') renderFormula();
    if (t === 'source') renderSource();
    if (t === 'code' && !cell) cell = mountCodeCell(panels.code, { id: o.id, code, label: 'JavaScript · this widget’s computation with its current values · Ctrl+Enter runs' });
    if (t && focus) tabButtons[t].focus();
  };
  tablist.addEventListener('click', (e) => {
    const t = (e.target as HTMLElement).closest('button')?.dataset.tab as Tab | undefined;
    if (t) select(t);
  });
  tablist.addEventListener('keydown', (e) => {
    const i = tabs.indexOf((document.activeElement as HTMLElement)?.dataset?.tab as Tab);
    if (i < 0) return;
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') j = (i + tabs.length - 1) % tabs.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabs.length - 1;
    if (j >= 0) {
      e.preventDefault();
      select(tabs[j]!, true);
    }
  });
  select(o.openTab ?? 'formula');

  // ---- visibility: pause off screen ----
  let visible = true;
  let queued: (() => void) | null = null;
  let raf = 0;
  const listeners: ((v: boolean) => void)[] = [];
  const flush = () => {
    raf = 0;
    const fn = queued;
    queued = null;
    fn?.();
  };
  const io =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver((entries) => {
          const v = entries.some((e) => e.isIntersecting);
          if (v === visible) return;
          visible = v;
          root.classList.toggle('paused', !v);
          for (const l of listeners) l(v);
          if (v && queued && !raf) raf = requestAnimationFrame(flush);
        }, { rootMargin: '100px' });
  io?.observe(root);
  // a wide table of numbers scrolls sideways on a phone: the keyboard must reach it
  const stopScrollWatch = focusableWhenScrolling(numbers);

  return {
    root,
    controls,
    picture,
    numbers,
    setFormula(t) {
      formula = t;
      renderFormula();
    },
    setCode(c) {
      code = c;
      cell?.setCode(c);
    },
    schedule(fn) {
      queued = fn;
      if (visible && !raf) raf = requestAnimationFrame(flush);
    },
    onVisibility(fn) {
      listeners.push(fn);
    },
    get visible() {
      return visible;
    },
    openTab: (t) => select(t),
    notice(text) {
      noticeEl.textContent = text;
    },
    destroy() {
      io?.disconnect();
      stopScrollWatch();
      if (raf) cancelAnimationFrame(raf);
      cell?.destroy();
      root.remove();
    },
  };
}
