import { chapterHref, loadPage, sectionByRef } from '../registry.js';
import { BRANCHES, BRANCH_IDS, branchClass } from '../../lib/branches.js';
import { h } from '../../lib/dom.js';
import { prose } from '../../lib/prose.js';
import { LIBRARY_ROOT } from '../../lib/source.js';
import type { ChapterPage } from '../types.js';
import { MAP } from './rows.js';

const intro = `
Every part of a network leans on one or two of the five branches. The table lists the common
parts, the math each one is built from (coloured by branch), and what it is for. Each row links
to the section that explains it, to the library file that implements it, and to the tests that
check it.
`;

const pattern = `
Read down the colours and a pattern shows. **Linear algebra** moves the data through the model.
**Calculus** produces the learning signal. **Probability** gives the outputs and losses their
meaning. **Optimization** decides how the weights move. **Information theory** explains why the
losses look the way they do. Everything in the table goes back to one of these five.

To see every row at work in a single model, go on to [the capstone](#/ch/8): an ECG classifier
that uses the forward-pass rows as its layers and the training rows as its recipe, trained live
in your browser.

Every row also has at least one claim that is computed rather than stated: [the checks page](#/checks)
runs each of them, with every other checkable claim of the guide, and compares the library's
answer with one found independently.

To try the whole training recipe on a table of your own — a CSV with one column to predict — open
[your data](#/data): it reads the file, trains an MLP in a worker and saves the model in the same
format as the command line.

Beyond this there is deeper theory — measure-theoretic probability, the geometry of manifolds —
that matters mostly at the research frontier. With the ideas in this guide you can follow the
math in most machine learning papers.
`;

export const page: ChapterPage = {
  sections: {
    map: (el, ctx) => {
      ctx.wide();
      el.append(prose(intro));
      const tbody = h('tbody');
      const table = h(
        'table',
        { class: 'map-table', 'aria-label': 'Which math lives where' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Component'), h('th', { scope: 'col' }, 'Math used'), h('th', { scope: 'col' }, 'What it does'), h('th', { scope: 'col' }, 'Read · code · tests'))),
        tbody,
      );
      const pending: { ref: string; link: HTMLAnchorElement; note: HTMLElement }[] = [];
      for (const g of MAP) {
        tbody.append(h('tr', { class: 'group' }, h('th', { colspan: 4, scope: 'colgroup' }, g.title)));
        for (const r of g.rows) {
          const found = sectionByRef(r.section);
          const link = h('a', { href: found ? chapterHref(found.chapter.number, found.section.id) : '#/', 'data-link': 'section' }, found ? `§ ${found.chapter.number}: ${found.section.title}` : r.section);
          const note = h('span', { class: 'coming' });
          if (found) pending.push({ ref: r.section, link, note });
          tbody.append(
            h(
              'tr',
              { 'data-component': r.component },
              h('th', { scope: 'row' }, r.component),
              h('td', { class: `math ${branchClass(r.branch)}`, title: BRANCHES[r.branch].name }, r.math, h('span', { class: 'visually-hidden' }, ` (${BRANCHES[r.branch].name})`)),
              h('td', null, r.does),
              h(
                'td',
                { class: 'links' },
                h('span', null, link, note),
                h('a', { href: `#/source/${r.source}`, 'data-link': 'source', title: `${LIBRARY_ROOT}${r.source}` }, 'source: ', ...pathBreaks(r.source)),
                ...r.tests.map((t) => h('a', { href: `#/source/${t}`, 'data-link': 'tests', title: `${LIBRARY_ROOT}${t}` }, 'tests: ', ...pathBreaks(t))),
              ),
            ),
          );
        }
      }
      el.append(h('ul', { class: 'branch-legend', 'aria-label': 'colours of the branches' }, ...BRANCH_IDS.map((b) => h('li', { class: `chip ${branchClass(b)}` }, BRANCHES[b].name))), h('div', { class: 'wide table-wrap' }, table));
      // sections not written yet: link to the chapter instead, and say so
      let alive = true;
      void (async () => {
        for (const p of pending) {
          const found = sectionByRef(p.ref)!;
          const pg = await loadPage(found.chapter.number);
          if (!alive) return;
          if (!pg.sections[found.section.id]) {
            p.link.href = chapterHref(found.chapter.number);
            p.link.textContent = `Chapter ${found.chapter.number}: ${found.chapter.title}`;
            p.note.textContent = ` — section coming (“${found.section.title}”)`;
            p.link.dataset.coming = '';
          }
        }
        el.dataset.linksChecked = '';
      })();
      return () => {
        alive = false;
      };
    },
    pattern: (el) => {
      el.append(prose(pattern));
    },
  },
};

/** A file path with a line-break opportunity after each '/' and before each '.', so a narrow screen wraps it between words, not inside one. */
function pathBreaks(path: string): (string | HTMLElement)[] {
  return path.split(/(?<=\/)|(?=\.)/).flatMap((part, i) => (i ? [h('wbr'), part] : [part]));
}
