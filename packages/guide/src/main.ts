/// <reference types="vite/client" />
/**
 * The guide's entry: hash routes
 *   #/                 start page (every chapter)
 *   #/ch/<n>           a chapter;  #/ch/<n>/<section-id> scrolls to a section
 *   #/source/<path>    a library file (path under packages/groundup/src), optional :<line>
 *   #/checks           every claim of the spec, computed live (lib/checks.ts)
 *   #/data             "your data": train on a CSV of your own (pages/data/)
 * Widget state lives in the query string (see lib/state.ts), so it survives route changes.
 */
import './styles/theme.css';
import './styles/base.css';
import './styles/widget.css';
import { chapters } from './chapters/registry.js';
import { renderChecksPage } from './lib/checks.js';
import { h } from './lib/dom.js';
import { renderChapter } from './pages/chapter.js';
import { renderDataPage } from './pages/data/page.js';
import { renderSourceFile } from './pages/source.js';
import { renderStart } from './pages/start.js';

const main = document.getElementById('main')!;
const nav = document.getElementById('chapter-nav')!;
document.getElementById('skip')!.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

for (const c of chapters) {
  nav.append(h('li', null, h('a', { href: `#/ch/${c.number}`, title: c.title, 'aria-label': `Chapter ${c.number}: ${c.title}`, 'data-ch': c.number }, String(c.number))));
}

let cleanup: (() => void) | null = null;
let token = 0;

async function route(): Promise<void> {
  const my = ++token;
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  cleanup?.();
  cleanup = null;
  main.textContent = '';
  let chapterNo: number | null = null;
  let target: string | null = null;
  let done: (() => void) | void;
  const ch = /^\/ch\/(\d+)(?:\/([a-z0-9-]+))?$/.exec(hash);
  const src = /^\/source\/(.+?)(?::(\d+))?$/.exec(hash);
  if (ch) {
    chapterNo = Number(ch[1]);
    target = ch[2] ?? null;
    done = await renderChapter(main, chapterNo, () => my !== token);
  } else if (src) {
    done = await renderSourceFile(main, src[1]!, src[2] ? Number(src[2]) : undefined);
  } else if (hash === '/checks') {
    done = renderChecksPage(main);
  } else if (hash === '/data') {
    done = renderDataPage(main);
  } else {
    done = renderStart(main);
  }
  if (my !== token) {
    done?.();
    return;
  }
  cleanup = done ?? null;
  for (const a of nav.querySelectorAll('a')) {
    if (Number(a.dataset.ch) === chapterNo) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const h1 = main.querySelector('h1');
  document.title = `${h1?.textContent ?? 'groundup'} — groundup`;
  const el = target ? document.getElementById(`s-${target}`) : null;
  if (el) {
    el.scrollIntoView();
    el.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  } else {
    window.scrollTo(0, 0);
    if (routedOnce) h1?.focus({ preventScroll: true });
  }
  routedOnce = true;
  document.documentElement.dataset.ready = hash;
}

let routedOnce = false;
window.addEventListener('hashchange', () => void route());
void route();

// a production build caches itself for offline use (sw.js is written by offline.ts at build time)
if (import.meta.env.PROD && 'serviceWorker' in navigator)
  void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
