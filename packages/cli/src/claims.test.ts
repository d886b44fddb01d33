import { describe, it, expect } from 'vitest';
import { type Claim, checkClaim, claims, expectedOf, formatExpected, formatValue } from './claims.js';
import { verify } from './commands/verify.js';
import { capture, lastJson } from './testing/capture.js';

/** The rows of the chapter 7 map in the spec. */
const MAP_ROWS = [
  'Neuron / Dense Layer',
  'Activation (ReLU, sigmoid)',
  'Softmax output',
  'Convolution',
  'Self-Attention',
  'Positional Encoding',
  'Batch Normalization',
  'MSE',
  'Cross-Entropy',
  'Dice Loss',
  'KL Divergence',
  'Contrastive Loss',
  'Backpropagation',
  'SGD',
  'Adam',
  'Weight Decay / L2',
  'Learning Rate Schedule',
  'PCA',
  'Weight Initialization',
  'Data Augmentation',
];

describe('the claims of the guide', () => {
  it('there are at least 25, with unique ids, covering every chapter and every row of the chapter 7 map', () => {
    expect(claims.length).toBeGreaterThanOrEqual(25);
    expect(new Set(claims.map((c) => c.id)).size).toBe(claims.length);
    expect(new Set(claims.map((c) => c.chapter))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    const rows = new Set(claims.map((c) => c.mapRow).filter(Boolean));
    for (const row of MAP_ROWS) expect(rows, row).toContain(row);
  });

  it('each states its claim, says how its expected value was derived, and has one', () => {
    for (const c of claims) {
      expect(c.claim.length, c.id).toBeGreaterThan(10);
      expect(c.how.length, c.id).toBeGreaterThan(3);
      expect(expectedOf(c), c.id).not.toBeUndefined();
    }
  });

  // one test per claim, so a failure names it
  for (const c of claims)
    it(`${c.id}: ${c.claim}`, () => {
      const r = checkClaim(c);
      expect(r.error, c.id).toBeUndefined();
      expect(r.pass, `${c.id}: computed ${formatValue(r.value)}, expected ${formatExpected(c, r.expected)}`).toBe(true);
    });

  it('the asymmetric-KL claim really has two different numbers', () => {
    const [a, b] = expectedOf(claims.find((c) => c.id === 'kl-not-symmetric')!) as number[];
    expect(Math.abs(a! - b!)).toBeGreaterThan(0.1);
  });
});

describe('checkClaim catches wrong claims', () => {
  const base = { chapter: 2, topic: 't', how: 'by hand' };
  it('a wrong value fails, a thrown error fails with its message, bounds are respected', () => {
    const wrong: Claim = { ...base, id: 'w', claim: 'dot is 17', compute: () => 16, expected: 17 };
    expect(checkClaim(wrong).pass).toBe(false);
    const throws: Claim = { ...base, id: 't', claim: 'x', compute: () => { throw new Error('boom'); }, expected: 1 };
    expect(checkClaim(throws)).toMatchObject({ pass: false, error: 'boom', value: null });
    const atMost: Claim = { ...base, id: 'a', claim: 'x', compute: () => 2, expected: 1, compare: 'atMost' };
    expect(checkClaim(atMost).pass).toBe(false);
    const between: Claim = { ...base, id: 'b', claim: 'x', compute: () => 2, expected: [0, 1], compare: 'between' };
    expect(checkClaim(between).pass).toBe(false);
    const length: Claim = { ...base, id: 'l', claim: 'x', compute: () => [1, 2], expected: [1, 2, 3] };
    expect(checkClaim(length).pass).toBe(false);
  });
});

describe('groundup verify', () => {
  it('prints the table and, with --json, { claims, passed, failed } as the last line; exit 0', async () => {
    const ctx = capture();
    expect(await verify(['--json', '--chapter', '6'], ctx)).toBe(0);
    const j = lastJson<{ claims: { claim: string; value: unknown; expected: unknown; pass: boolean }[]; passed: number; failed: number }>(ctx);
    expect(j.failed).toBe(0);
    expect(j.passed).toBe(claims.filter((c) => c.chapter === 6).length);
    expect(j.claims[0]).toMatchObject({ claim: expect.any(String), pass: true });
    expect(j.claims[0]).toHaveProperty('value');
    expect(j.claims[0]).toHaveProperty('expected');
    expect(ctx.stderr).toContain('a fair coin has 1 bit');
    expect(ctx.stdout).toHaveLength(1); // only the JSON on stdout
  });

  it('exits 1 and names the claim when one fails', async () => {
    const bad: Claim = { id: 'bad-one', chapter: 1, topic: 't', claim: 'two plus two is five', compute: () => 4, expected: 5, how: 'wishful' };
    claims.push(bad);
    try {
      const ctx = capture();
      expect(await verify(['--chapter', '1'], ctx)).toBe(1);
      const text = ctx.stdout.join('\n');
      expect(text).toContain('FAIL bad-one');
      expect(text).toContain('1 failed');
    } finally {
      claims.pop();
    }
  });
});
