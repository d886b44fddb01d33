/**
 * The registry of chapters, discovered from the folders `chapters/NN-name/` (see types.ts).
 * meta.ts files are bundled eagerly, page.ts files are loaded when a chapter opens.
 */
import type { ChapterMeta, ChapterPage, SectionMeta } from './types.js';

const metaModules = import.meta.glob<{ meta: ChapterMeta }>('./*/meta.ts', { eager: true });
const pageModules = import.meta.glob<{ page: ChapterPage }>('./*/page.ts');

interface Entry {
  meta: ChapterMeta;
  folder: string;
}

const entries: Entry[] = Object.entries(metaModules)
  .map(([path, mod]) => ({ meta: mod.meta, folder: path.split('/')[1]! }))
  .sort((a, b) => a.meta.number - b.meta.number);

export const chapters: ChapterMeta[] = entries.map((e) => e.meta);

export function chapter(n: number): ChapterMeta | undefined {
  return chapters.find((c) => c.number === n);
}

/** Looks up a section by its reference 'ch<N>/<id>' (the form the chapter 7 map uses). */
export function sectionByRef(ref: string): { chapter: ChapterMeta; section: SectionMeta } | undefined {
  const m = /^ch(\d+)\/([a-z0-9-]+)$/.exec(ref);
  if (!m) return undefined;
  const c = chapter(Number(m[1]));
  const s = c?.sections.find((x) => x.id === m[2]);
  return c && s ? { chapter: c, section: s } : undefined;
}

export function chapterHref(n: number, sectionId?: string): string {
  return `#/ch/${n}${sectionId ? `/${sectionId}` : ''}`;
}

/** Loads a chapter's page module (its section renderers). A chapter with no page.ts has none. */
export async function loadPage(n: number): Promise<ChapterPage> {
  const e = entries.find((x) => x.meta.number === n);
  const loader = e && pageModules[`./${e.folder}/page.ts`];
  return loader ? (await loader()).page : { sections: {} };
}
