import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractDefinition } from '../src/lib/extract.js';

const lib = (p: string) => readFileSync(new URL(`../../groundup/src/${p}`, import.meta.url), 'utf8');

describe('extractDefinition', () => {
  it('finds a library function with its doc comment, ending at its closing brace', () => {
    const src = lib('ops/activation.ts');
    const d = extractDefinition(src, 'softmax')!;
    expect(d.code).toMatch(/^\/\*\*/);
    expect(d.code).toContain('export function softmax(');
    expect(d.code.trimEnd().endsWith('}')).toBe(true);
    expect(d.code).not.toContain('export function logSoftmax');
    // the line numbers point at the same text in the file
    expect(src.split('\n').slice(d.startLine - 1, d.endLine).join('\n')).toBe(d.code);
  });

  it('finds matmul, add and a one-line const', () => {
    expect(extractDefinition(lib('ops/matmul.ts'), 'matmul')!.code).toContain('export function matmul(a: Tensor, b: Tensor)');
    expect(extractDefinition(lib('ops/arithmetic.ts'), 'add')!.code).toContain('export function add(');
    const eq = extractDefinition(lib('ops/arithmetic.ts'), 'eq')!;
    expect(eq.startLine).toBe(eq.endLine - (eq.code.split('\n').length - 1));
    expect(eq.code.trim().endsWith(';')).toBe(true);
  });

  it('skips braces inside strings, comments and template literals; handles return types with braces', () => {
    const src = [
      'const x = 1;',
      '// a comment with }',
      'export function f(a: { b: number } = { b: 1 }): { c: string } {',
      "  const s = '}}}';",
      '  const t = `{ ${a.b} }`;',
      '  /* } */',
      '  return { c: s + t };',
      '}',
      'export function g() {}',
    ].join('\n');
    const d = extractDefinition(src, 'f')!;
    expect(d.startLine).toBe(2); // the line comment above belongs to it
    expect(d.endLine).toBe(8);
  });

  it('keeps overload signatures together with the implementation', () => {
    const src = ['export function h(a: number): number;', 'export function h(a: string): string;', 'export function h(a: unknown) {', '  return a;', '}', 'const z = 2;'].join('\n');
    const d = extractDefinition(src, 'h')!;
    expect([d.startLine, d.endLine]).toEqual([1, 5]);
  });

  it('classes, interfaces, multi-line types; null when missing; no prefix matches', () => {
    const src = ['/** doc */', 'export class A extends B {', '  m() { return 1; }', '}', 'export type T =', '  | 1', '  | 2;', 'export interface I { a: number }', 'export function Ab() {}'].join('\n');
    expect(extractDefinition(src, 'A')).toMatchObject({ startLine: 1, endLine: 4 });
    expect(extractDefinition(src, 'T')).toMatchObject({ startLine: 5, endLine: 7 });
    expect(extractDefinition(src, 'I')).toMatchObject({ startLine: 8, endLine: 8 });
    expect(extractDefinition(src, 'Missing')).toBeNull();
    expect(extractDefinition(src, 'Ab')!.code).toBe('export function Ab() {}');
  });
});
