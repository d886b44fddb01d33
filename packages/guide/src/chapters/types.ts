/**
 * What a chapter is. Each chapter is a folder `chapters/NN-name/` with
 *   meta.ts   `export const meta: ChapterMeta` — number, title, sections (ids, titles, branches).
 *             Loaded eagerly: the start page, the navigation and the chapter 7 map read it.
 *   page.ts   `export const page: ChapterPage` — how each section renders (prose, formulas, widgets).
 *             Loaded when the chapter is opened. A section without a renderer shows "coming".
 *   *.ts      the widgets the chapter mounts, and their tests (*.test.ts beside them).
 * The registry (registry.ts) discovers folders by these file names; nothing else to register.
 */
import type { Branch } from '../lib/branches.js';

export interface SectionMeta {
  /** Stable id, used in links: #/ch/<number>/<id>. Lowercase words joined by '-'. */
  id: string;
  title: string;
  /** The branch of math at work; sets the section's accent colour. */
  branch?: Branch;
}

export interface ChapterMeta {
  number: number;
  title: string;
  /** One sentence under the title, in our own words. */
  summary: string;
  /** The chapter's main branch (its accent on the start page). */
  branch?: Branch;
  sections: SectionMeta[];
}

/** Context handed to a section renderer. */
export interface SectionContext {
  chapter: ChapterMeta;
  section: SectionMeta;
  /** Mark the section as holding wide figures (lets it break out of the reading column). */
  wide(): void;
}

/**
 * Renders one section's body into `el` (its <h2> is already there). May return a cleanup
 * function, called when the learner leaves the chapter (destroy widgets there).
 */
export type SectionRender = (el: HTMLElement, ctx: SectionContext) => void | (() => void);

export interface ChapterPage {
  /** Optional text above the first section. */
  intro?: SectionRender;
  /** Renderers by section id. Ids not listed here show as "coming". */
  sections: Record<string, SectionRender>;
}
