/** The chapter 7 map and the registry agree: every linked section and file exists. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAP } from '../src/chapters/07-map/rows.js';
import { chapters, sectionByRef } from '../src/chapters/registry.js';

const libFile = (p: string) => new URL(`../../groundup/src/${p}`, import.meta.url);

describe('chapter registry', () => {
  it('holds chapters 1 to 8 in order, each with sections whose ids are unique and link-safe', () => {
    expect(chapters.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const c of chapters) {
      expect(c.sections.length).toBeGreaterThan(0);
      const ids = c.sections.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });
  it('resolves references and rejects bad ones', () => {
    expect(sectionByRef('ch2/dot-product')?.section.title).toMatch(/dot product/i);
    expect(sectionByRef('ch2/no-such-section')).toBeUndefined();
    expect(sectionByRef('dot-product')).toBeUndefined();
  });
});

describe('chapter 7 map', () => {
  const rows = MAP.flatMap((g) => g.rows);
  it('has every row of the spec’s table (20 components in 4 groups)', () => {
    expect(MAP.length).toBe(4);
    expect(rows.length).toBe(20);
  });
  for (const r of rows) {
    it(`${r.component}: section, source and tests exist`, () => {
      expect(sectionByRef(r.section), r.section).toBeDefined();
      expect(existsSync(libFile(r.source)), r.source).toBe(true);
      expect(r.tests.length).toBeGreaterThan(0);
      for (const t of r.tests) {
        expect(t).toMatch(/\.test\.ts$/);
        expect(existsSync(libFile(t)), t).toBe(true);
      }
    });
  }
});
