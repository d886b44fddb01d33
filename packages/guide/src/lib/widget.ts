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
 *   frame.setFormula('\\live{a}{a} \\cdot b = 16', { a: [2, 3, 1] })  // hover a: its live value
 *   frame.schedule(draw)   // runs draw on the next frame, or when the widget scrolls back into view
 */
import { type Branch, branchClass } from './branches.js';
import { mountCodeCell, type CodeCell } from './codecell.js';
import { focusableWhenScrolling, h, uniqueId } from './dom.js';
import { LIBRARY_ROOT, listing, loadDefinition } from './source.js';
import { liveTex, type LiveFormula, type LiveSymbols } from './live-formula.js';
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
  /**
   * The formula tab's TeX (with the current values substituted). With `values`, symbols marked
   * `\\live{key}{…}` in the TeX show their value on hover or focus (lib/live-formula.ts); values
   * alone change cheaply, without re-rendering the TeX.
   */
  setFormula(tex: string, values?: LiveSymbols): void;
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

/** While the reader drags a slider (or holds an arrow key), the formula renders at most this often. */
export const FORMULA_BUSY_MS = 100;

/**
 * Whether the reader is in the middle of a continuous change on `host`'s controls: a pointer held
 * down (a slider drag) or an auto-repeating key. `onEnd` runs when the pointer is released or the
 * key comes up.
 */
function busyWatcher(host: HTMLElement, onEnd: () => void) {
  let pointer = false;
  let keyUntil = 0;
  const down = () => {
    pointer = true;
  };
  const release = () => {
    if (!pointer) return;
    pointer = false;
    onEnd();
  };
  const key = (e: KeyboardEvent) => {
    if (e.repeat) keyUntil = performance.now() + FORMULA_BUSY_MS * 2;
  };
  const keyUp = () => {
    keyUntil = 0;
    onEnd();
  };
  host.addEventListener('pointerdown', down);
  host.addEventListener('keydown', key);
  host.addEventListener('keyup', keyUp);
  window.addEventListener('pointerup', release);
  window.addEventListener('pointercancel', release);
  return {
    busy: () => pointer || performance.now() < keyUntil,
    destroy() {
      host.removeEventListener('pointerdown', down);
      host.removeEventListener('keydown', key);
      host.removeEventListener('keyup', keyUp);
      window.removeEventListener('pointerup', release);
      window.removeEventListener('pointercancel', release);
    },
  };
}

/**
 * The formula tab's renderer, made cheap: it renders only when the tab is open and the widget is on
 * screen (a change meanwhile renders on opening / scrolling back), skips a TeX string it already
 * shows, coalesces the calls made in one task into one render, and while a drag or a held key keeps
 * the controls busy renders at most every FORMULA_BUSY_MS, always ending on the last value. A single
 * change (a click, a typed number, one key press) still renders before the task ends, so the tab
 * never lags behind the live numbers a reader, or a test, reads right after it. With live values
 * (lib/live-formula.ts) a change of values alone updates them without re-rendering the TeX.
 */
export function formulaRenderer(panel: HTMLElement, busyHost: HTMLElement) {
  let want = '';
  let shown: string | null = null;
  let values: LiveSymbols | null = null; // values given since the last render
  let live: LiveFormula | null = null;
  let active = false; // tab open and widget on screen
  let microtask = false;
  let timer = 0;
  let last = -Infinity;
  let renders = 0;
  const stale = () => want !== shown || values !== null;
  const render = () => {
    if (timer) clearTimeout(timer);
    timer = 0;
    if (!active || !stale()) return;
    if (want !== shown) panel.dataset.renders = String(++renders);
    if (values || live) {
      if (!live) {
        panel.textContent = '';
        live = liveTex(panel, want, values ?? {});
      } else live.setTex(want, values ?? undefined);
    } else tex(panel, want, true);
    shown = want;
    values = null;
    last = performance.now();
  };
  const watch = busyWatcher(busyHost, () => request());
  const flush = () => {
    microtask = false;
    if (!active || !stale()) return;
    const wait = watch.busy() ? last + FORMULA_BUSY_MS - performance.now() : 0;
    if (wait <= 0) render();
    else if (!timer) timer = window.setTimeout(render, wait);
  };
  function request() {
    if (microtask) return;
    microtask = true;
    queueMicrotask(flush);
  }
  return {
    set(t: string, v?: LiveSymbols) {
      want = t;
      if (v) values = { ...values, ...v };
      request();
    },
    get tex() {
      return want;
    },
    /** The tab is open and the widget on screen: render what is pending (synchronously). */
    setActive(on: boolean) {
      active = on;
      if (on) render();
    },
    destroy() {
      if (timer) clearTimeout(timer);
      watch.destroy();
    },
  };
}

const TABS: Tab[] = ['formula', 'source', 'code'];

/** The tab buttons and their panels (ARIA tabs pattern); nothing selected yet. */
function buildTabs(o: FrameOptions) {
  const buttons = {} as Record<Tab, HTMLButtonElement>;
  const panels = {} as Record<Tab, HTMLElement>;
  const tablist = h('div', { class: 'w-tabs', role: 'tablist', 'aria-label': `${o.title}: views` });
  const panelHost = h('div', { class: 'w-panels' });
  for (const t of TABS) {
    const tabId = uniqueId(`${o.id}-tab-${t}`);
    const panelId = uniqueId(`${o.id}-panel-${t}`);
    buttons[t] = h('button', { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, 'aria-selected': 'false', tabindex: -1, 'data-tab': t }, t);
    panels[t] = h('div', { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, class: `w-panel w-panel-${t}`, hidden: true, tabindex: 0 });
    tablist.append(buttons[t]);
    panelHost.append(panels[t]);
  }
  return { buttons, panels, tablist, panelHost };
}

/** Arrow keys, Home and End move between tabs (calls `select(tab)` with focus). */
function tabKeys(tablist: HTMLElement, select: (t: Tab, focus: boolean) => void): void {
  tablist.addEventListener('click', (e) => {
    const t = (e.target as HTMLElement).closest('button')?.dataset.tab as Tab | undefined;
    if (t) select(t, false);
  });
  tablist.addEventListener('keydown', (e) => {
    const i = TABS.indexOf((document.activeElement as HTMLElement)?.dataset?.tab as Tab);
    if (i < 0) return;
    const n = TABS.length;
    const j = ({ ArrowRight: (i + 1) % n, ArrowLeft: (i + n - 1) % n, Home: 0, End: n - 1 } as Record<string, number>)[e.key];
    if (j === undefined) return;
    e.preventDefault();
    select(TABS[j]!, true);
  });
}

/** Fills the source tab with the library definitions (once, on first opening). */
function loadSources(host: HTMLElement, sources: SourceRef[]): void {
  host.textContent = 'Loading the library source…';
  void Promise.all(sources.map((s) => loadDefinition(s.file, s.name).then((d) => ({ s, d }))))
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
}

/**
 * Pauses work off screen: `schedule(fn)` runs the latest fn on the next frame while the widget is
 * visible, or when it comes back; listeners hear each change of visibility.
 */
function visibilityScheduler(root: HTMLElement) {
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
  return {
    get visible() {
      return visible;
    },
    schedule(fn: () => void) {
      queued = fn;
      if (visible && !raf) raf = requestAnimationFrame(flush);
    },
    listen(fn: (v: boolean) => void) {
      listeners.push(fn);
    },
    destroy() {
      io?.disconnect();
      if (raf) cancelAnimationFrame(raf);
    },
  };
}

/** The frame's regions: controls (with the URL notice), picture, live numbers, and the figure around them. */
function buildLayout(o: FrameOptions, tablist: HTMLElement, panelHost: HTMLElement) {
  const titleId = uniqueId(`${o.id}-title`);
  const noticeEl = h('p', { class: 'w-notice', role: 'status', 'data-w-notice': '' }, (o.state?.notices ?? []).join('. '));
  const controls = h('div', { class: 'w-controls', role: 'group', 'aria-label': `${o.title}: controls` }, noticeEl);
  const picture = h('div', { class: 'w-picture' });
  const numbers = h('div', { class: 'w-numbers numbers', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'false', 'aria-label': `${o.title}: live numbers` });
  const root = h(
    'figure',
    { class: `widget wide ${branchClass(o.branch)}`, 'aria-labelledby': titleId, 'data-widget': o.id, 'data-params': o.state?.params?.join(' ') },
    h('figcaption', { class: 'w-head' }, h('span', { id: titleId, class: 'w-title' }, o.title), o.caption ? h('span', { class: 'w-caption' }, o.caption) : null),
    h('div', { class: 'w-body' }, controls, h('div', { class: 'w-main' }, picture, numbers)),
    tablist,
    panelHost,
  );
  return { root, controls, picture, numbers, noticeEl };
}

export function widgetFrame(el: HTMLElement, o: FrameOptions): Frame {
  const { buttons, panels, tablist, panelHost } = buildTabs(o);
  const { root, controls, picture, numbers, noticeEl } = buildLayout(o, tablist, panelHost);
  el.append(root);

  const view = visibilityScheduler(root);
  const formula = formulaRenderer(panels.formula, controls);
  let code = '';
  let open: Tab | null = null;
  let sourceLoaded = false;
  let cell: CodeCell | null = null;
  const select = (t: Tab | null, focus = false) => {
    open = t;
    for (const x of TABS) {
      const on = x === t;
      buttons[x].setAttribute('aria-selected', String(on));
      buttons[x].tabIndex = on || (t === null && x === 'formula') ? 0 : -1;
      panels[x].hidden = !on;
    }
    formula.setActive(t === 'formula' && view.visible);
    if (t === 'source' && !sourceLoaded) {
      sourceLoaded = true;
      loadSources(panels.source, o.sources);
    }
    if (t === 'code' && !cell) cell = mountCodeCell(panels.code, { id: o.id, code, label: 'JavaScript · this widget’s computation with its current values · Ctrl+Enter runs' });
    if (t && focus) buttons[t].focus();
  };
  tabKeys(tablist, select);
  select(o.openTab ?? 'formula');
  view.listen((v) => formula.setActive(open === 'formula' && v));
  // a wide table of numbers scrolls sideways on a phone: the keyboard must reach it
  const stopScrollWatch = focusableWhenScrolling(numbers);

  return {
    root,
    controls,
    picture,
    numbers,
    setFormula: (t, v) => formula.set(t, v),
    setCode(c) {
      code = c;
      cell?.setCode(c);
    },
    schedule: (fn) => view.schedule(fn),
    onVisibility: (fn) => view.listen(fn),
    get visible() {
      return view.visible;
    },
    openTab: (t) => select(t),
    notice(text) {
      noticeEl.textContent = text;
    },
    destroy() {
      view.destroy();
      formula.destroy();
      stopScrollWatch();
      cell?.destroy();
      root.remove();
    },
  };
}
