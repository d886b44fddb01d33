import { type Claim, claims } from '@groundup/claims';
import { describe, expect, it } from 'vitest';
import { capture, lastJson } from '../testing/capture.js';
import { verify } from './verify.js';

interface VerifyJson {
  claims: { id: string; chapter: number; section: string; statement: string; value: unknown; expected: unknown; compare: unknown; tolerance: unknown; source: string; pass: boolean }[];
  passed: number;
  failed: number;
}

describe('groundup verify', () => {
  it('prints the table and, with --json, every claim of the chapter with its section, values, tolerance, source and pass flag; exit 0', async () => {
    const ctx = capture();
    expect(await verify(['--json', '--chapter', '6'], ctx)).toBe(0);
    const j = lastJson<VerifyJson>(ctx);
    const ch6 = claims.filter((c) => c.chapter === 6);
    expect(j.failed).toBe(0);
    expect(j.passed).toBe(ch6.length);
    expect(j.claims.map((c) => c.id)).toEqual(ch6.map((c) => c.id));
    for (const c of j.claims) {
      expect(c).toMatchObject({ chapter: 6, section: expect.stringMatching(/^ch\d\//), statement: expect.any(String), source: expect.any(String), pass: true });
      expect(c).toHaveProperty('value');
      expect(c).toHaveProperty('expected');
      expect(c).toHaveProperty('tolerance');
      expect(c).toHaveProperty('compare');
    }
    expect(ctx.stderr).toContain('a fair coin has 1 bit');
    expect(ctx.stderr).toMatch(/passed, 0 failed, of \d+ claims/);
    expect(ctx.stdout).toHaveLength(1); // only the JSON on stdout
  });

  it('reports a timing as information, never as a result', async () => {
    const ctx = capture();
    expect(await verify(['--chapter', '3'], ctx)).toBe(0);
    expect(ctx.stdout.join('\n')).toMatch(/info backprop-cost: measured .*not asserted/);
  });

  it('exits 1 and names the claim when one fails', async () => {
    const bad: Claim = { id: 'bad-one', chapter: 1, section: 'ch1/every-symbol', statement: 'two plus two is five', compute: () => 4, expected: 5, source: 'wishful' };
    claims.push(bad);
    try {
      const ctx = capture();
      expect(await verify(['--chapter', '1'], ctx)).toBe(1);
      const text = ctx.stdout.join('\n');
      expect(text).toContain('FAIL bad-one (ch1/every-symbol)');
      expect(text).toContain('1 failed');
      const json = capture();
      expect(await verify(['--chapter', '1', '--json'], json)).toBe(1);
      expect(lastJson<VerifyJson>(json).claims.find((c) => c.id === 'bad-one')).toMatchObject({ pass: false, value: 4, expected: 5, source: 'wishful' });
    } finally {
      claims.pop();
    }
  });
});
