/**
 * WCAG AA for the branch colours, computed from theme.css itself: in both themes, the ink colour
 * on each branch colour and the branch colour on the page background reach 4.5:1, and so do the
 * body and muted text colours on the background.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../src/styles/theme.css', import.meta.url), 'utf8');

function block(src: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of src.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) vars[m[1]!] = m[2]!;
  return vars;
}

const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const light = block(css.slice(0, darkStart));
const dark = { ...light, ...block(css.slice(darkStart)) };

/** Relative luminance (WCAG 2.x). */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

const BRANCHES = ['linalg', 'calculus', 'probability', 'optimization', 'information'];

describe('contrast of the theme colours (WCAG AA, 4.5:1)', () => {
  it('the formula matches known values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
  });

  for (const [name, theme] of [['light', light], ['dark', dark]] as const) {
    it(`${name}: every branch colour is defined, distinct from the others`, () => {
      const colours = BRANCHES.map((b) => theme[b]);
      expect(colours.every((c) => /^#[0-9a-f]{6}$/i.test(c ?? ''))).toBe(true);
      expect(new Set(colours).size).toBe(5);
    });
    for (const b of BRANCHES) {
      it(`${name}: text on ${b} and ${b} as text on the page`, () => {
        expect(contrast(theme[`${b}-ink`]!, theme[b]!)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(theme[b]!, theme.bg!)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(theme[b]!, theme['bg-raised']!)).toBeGreaterThanOrEqual(4.5);
      });
    }
    it(`${name}: body and muted text on the page and on raised surfaces`, () => {
      for (const bg of ['bg', 'bg-raised', 'code-bg']) {
        expect(contrast(theme.text!, theme[bg]!)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(theme.muted!, theme[bg]!)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(theme['code-comment']!, theme[bg]!)).toBeGreaterThanOrEqual(4.5);
      }
    });
  }
  it('the dark theme really overrides the colours', () => {
    expect(dark.bg).not.toBe(light.bg);
    for (const b of BRANCHES) expect(dark[b]).not.toBe(light[b]);
  });
});
