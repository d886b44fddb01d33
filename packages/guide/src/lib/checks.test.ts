/** Every claim of the spec links to a section the guide has (so the checks page and the sections agree). */
import { claims } from '@groundup/claims';
import { describe, expect, it } from 'vitest';
import { sectionByRef } from '../chapters/registry.js';
import { sectionHref } from './checks.js';

describe('claims in the guide', () => {
  it('each claim names an existing section, and sectionHref makes its link', () => {
    for (const c of claims) expect(sectionByRef(c.section), `${c.id}: ${c.section}`).toBeDefined();
    expect(sectionHref('ch3/backpropagation')).toBe('#/ch/3/backpropagation');
  });
  it('every chapter of the spec with checkable statements has claims shown in the guide (chapters 1 to 6, and the map’s rows)', () => {
    const shown = new Set(claims.map((c) => Number(/^ch(\d+)/.exec(c.section)![1])));
    for (const n of [1, 2, 3, 4, 5, 6]) expect(shown, `chapter ${n}`).toContain(n);
  });
});
