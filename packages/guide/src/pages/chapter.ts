/** A chapter page: title, contents, each section (rendered or "coming"), previous/next links. */
import { chapter, chapterHref, chapters, loadPage } from '../chapters/registry.js';
import type { SectionContext } from '../chapters/types.js';
import { BRANCHES, branchClass } from '../lib/branches.js';
import { sectionChecks } from '../lib/checks.js';
import { h } from '../lib/dom.js';

export async function renderChapter(main: HTMLElement, n: number, stale: () => boolean): Promise<(() => void) | void> {
  const c = chapter(n);
  if (!c) {
    main.append(h('h1', { tabindex: -1 }, 'No such chapter'), h('p', null, h('a', { href: '#/' }, 'Back to the start page')));
    return;
  }
  const page = await loadPage(n);
  if (stale()) return;
  const cleanups: (() => void)[] = [];
  const written = c.sections.filter((s) => page.sections[s.id]);
  main.append(
    h('p', { class: 'kicker' }, `Chapter ${c.number}`),
    h('h1', { tabindex: -1, class: branchClass(c.branch) }, c.title),
    h('p', { class: 'lede' }, c.summary),
  );
  if (page.intro) {
    const intro = h('div', { class: 'intro' });
    main.append(intro);
    const done = page.intro(intro, { chapter: c, section: { id: 'intro', title: c.title }, wide: () => intro.classList.add('has-wide') });
    if (done) cleanups.push(done);
  }
  if (c.sections.length) {
    main.append(
      h(
        'nav',
        { class: 'toc', 'aria-label': `Sections of chapter ${c.number}` },
        h('strong', null, 'In this chapter'),
        written.length < c.sections.length ? h('span', { class: 'coming' }, ` — ${written.length} of ${c.sections.length} sections written; the others are coming`) : null,
        h(
          'ol',
          null,
          ...c.sections.map((s) =>
            h('li', { class: branchClass(s.branch) }, h('a', { href: chapterHref(c.number, s.id) }, s.title), page.sections[s.id] ? null : h('span', { class: 'coming' }, ' (coming)')),
          ),
        ),
      ),
    );
  }
  for (const s of c.sections) {
    const headingId = `h-${s.id}`;
    const el = h(
      'section',
      { id: `s-${s.id}`, class: `chapter-section ${branchClass(s.branch)}`, 'aria-labelledby': headingId, 'data-section': s.id },
      h('h2', { id: headingId, tabindex: -1 }, s.title, ' ', s.branch ? h('span', { class: 'chip' }, BRANCHES[s.branch].name) : null),
    );
    main.append(el);
    const render = page.sections[s.id];
    if (!render) {
      el.classList.add('is-coming');
      el.append(h('p', { class: 'coming' }, 'This section is coming: its explanation, formula and live widget are being written.'));
      continue;
    }
    const ctx: SectionContext = { chapter: c, section: s, wide: () => el.classList.add('has-wide') };
    try {
      const done = render(el, ctx);
      if (done) cleanups.push(done);
    } catch (e) {
      el.append(h('p', { class: 'coming', role: 'alert' }, `This section failed to render: ${(e as Error).message}`));
      console.error(e);
    }
    const checks = sectionChecks(`ch${c.number}/${s.id}`); // the spec's claims of this section, beside its widget
    if (checks) el.append(checks);
  }
  const i = chapters.indexOf(c);
  const prev = chapters[i - 1];
  const next = chapters[i + 1];
  main.append(
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Previous and next chapter' },
      prev ? h('a', { href: chapterHref(prev.number), rel: 'prev' }, `← ${prev.number}. ${prev.title}`) : h('a', { href: '#/' }, '← Start'),
      next ? h('a', { href: chapterHref(next.number), rel: 'next' }, `${next.number}. ${next.title} →`) : h('a', { href: '#/' }, 'Start →'),
    ),
  );
  return () => {
    for (const f of cleanups) f();
  };
}
