/** The start page: what the guide is, the five branches and their colours, every chapter. */
import { chapters } from '../chapters/registry.js';
import { BRANCHES, BRANCH_IDS, branchClass } from '../lib/branches.js';
import { h } from '../lib/dom.js';

export function renderStart(main: HTMLElement): void {
  main.append(
    h('p', { class: 'kicker' }, 'groundup'),
    h('h1', { tabindex: -1 }, 'The math behind machine learning, runnable'),
    h(
      'p',
      { class: 'lede' },
      'Five branches of math carry all of machine learning. This guide explains each one and shows it at work: every number on these pages is computed while you read, by a small TypeScript library, and every widget can show you the library function behind it.',
    ),
    h(
      'p',
      { class: 'checks-link' },
      'Every checkable claim of the guide is also computed on its own: ',
      h('a', { href: '#/checks' }, 'the checks page'),
      ' runs them all in your browser and compares each with a value worked out another way.',
    ),
    h('p', { class: 'checks-link' }, 'Have a table of your own? ', h('a', { href: '#/data', 'data-link': 'data' }, 'Train on your data'), ': load a CSV, pick the column to predict, and watch a network learn it.'),
    h('h2', null, 'Five branches, five colours'),
    h('ul', { class: 'branch-legend', 'aria-label': 'Branches of math and their colours' }, ...BRANCH_IDS.map((b) => h('li', { class: `chip ${branchClass(b)}`, title: BRANCHES[b].role }, BRANCHES[b].name))),
    h('h2', null, 'Chapters'),
    h(
      'ol',
      { class: 'chapter-list', 'aria-label': 'Chapters' },
      ...chapters.map((c) =>
        h(
          'li',
          { class: branchClass(c.branch), 'data-chapter': c.number },
          h('span', { class: 'shape' }, `Chapter ${c.number}`),
          ' ',
          c.branch ? h('span', { class: 'chip' }, BRANCHES[c.branch].name) : null,
          h('div', null, h('a', { class: 'title', href: `#/ch/${c.number}` }, c.title)),
          h('p', { class: 'summary' }, c.summary),
          c.sections.length ? h('p', { class: 'sections' }, c.sections.map((s) => s.title).join(' · ')) : null,
        ),
      ),
    ),
  );
}
