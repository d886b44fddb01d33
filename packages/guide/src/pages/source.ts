/** A whole library file with line numbers: where the chapter 7 map's "source" and "tests" links go. */
import { h } from '../lib/dom.js';
import { LIBRARY_ROOT, hasLibraryFile, listing, loadLibraryFile } from '../lib/source.js';

export async function renderSourceFile(main: HTMLElement, path: string, line?: number): Promise<void> {
  const wrap = h('div', { class: 'listing-page source-file' });
  main.append(wrap);
  wrap.append(h('p', { class: 'kicker' }, 'Library source'), h('h1', { tabindex: -1 }, `${LIBRARY_ROOT}${path}`));
  if (!hasLibraryFile(path)) {
    wrap.append(h('p', null, 'There is no such file in the library.'), h('p', null, h('a', { href: '#/' }, 'Back to the start page')));
    return;
  }
  const text = await loadLibraryFile(path);
  const l = listing(text, 1, `${path}, ${text.split('\n').length} lines`);
  wrap.append(l);
  if (line) {
    const pre = l.querySelector('pre.code') as HTMLElement;
    const lh = parseFloat(getComputedStyle(pre).lineHeight) || 18;
    requestAnimationFrame(() => window.scrollTo(0, l.getBoundingClientRect().top + window.scrollY + (line - 3) * lh));
  }
}
