import { describe, expect, it } from 'vitest';
import { jacobianChainRatio, sigmoidStack } from './ch3.js';
import { type Claim, type Value, checkClaim, claims, claimsForSection, expectedOf, formatExpected, formatTolerance, formatValue, matches, runClaims } from './index.js';

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

/**
 * The statements of the spec that issue 11 asked to be computed, by claim id: a claim for each
 * must exist (this list grows with the spec, never shrinks).
 */
const REQUIRED = [
  'l1-zeros-l2-shrinks',
  'gradient-steepest-ascent',
  'chain-100-layers',
  'backprop-cost',
  'init-keeps-activation-variance',
  'weight-decay-is-map',
  'network-loss-non-convex',
  'minibatch-noise',
  'learning-rate-extremes',
  'entropy-is-average-surprise',
  'cross-entropy-at-least-entropy',
  'ce-and-kl-same-gradient',
  'kl-punishes-holes',
  'vae-kl',
  'distillation-kl',
  'rlhf-kl-penalty',
  'attention-ignores-order',
  'adam-per-weight-steps',
  'adam-counterexample',
  'xgboost-gain-is-not-entropy',
  'dead-relu',
  'batch-norm-eval',
];

/** The 48 claims `groundup verify` had before the claims moved here: all kept. */
const ORIGINAL = [
  'activations', 'adam-bias-correction', 'augmentation', 'backprop', 'batch-norm', 'bayes-ecg', 'chain-rule',
  'contrastive', 'convex-same-bottom', 'convolution', 'covariance', 'cross-entropy-is-mle',
  'cross-entropy-one-hot', 'dense-layer', 'derivative', 'dice', 'dot-product', 'eigenvectors',
  'entropy-coin', 'expectation-variance', 'gradient-descent-step', 'information-gain',
  'kl-is-ce-minus-entropy', 'kl-loss', 'kl-not-symmetric', 'l2-vs-decoupled', 'lr-schedule', 'matmul-shape',
  'matmul-shape-error', 'mini-batches', 'momentum', 'mse', 'mse-gaussian-nll', 'mse-minimiser', 'normal-mle',
  'norms', 'partial-derivatives', 'pca-axis', 'positional-encoding', 'self-attention', 'softmax-stable',
  'softmax-xwb', 'tensor-rank', 'transpose', 'vanishing-gradient-relu', 'vanishing-gradient-sigmoid',
  'weight-decay-shrinks', 'weight-init-variance',
];

/**
 * Library calls that produce a claimed result. An `expected()` function may use the library to
 * build its inputs (seeded randn, a layer's initial weights) but must not call any of these:
 * that would compare the library with itself.
 */
const RESULT_CALLS = [/\.backward\(/, /\.forward\(/, /\b(info|loss|linalg|prob|optim|trees|data)\./, /(?<!pj)\.(softmax|matmul|sum|mean|kl|conv1d|relu|sigmoid|tanh|logProb)\(/];

describe('the claims of the spec', () => {
  it('there are at least 70, with unique ids, in every chapter, covering every row of the chapter 7 map, the 48 earlier claims and every statement issue 11 listed', () => {
    expect(claims.length).toBeGreaterThanOrEqual(70);
    expect(new Set(claims.map((c) => c.id)).size).toBe(claims.length);
    expect(new Set(claims.map((c) => c.chapter))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    const rows = new Set(claims.map((c) => c.mapRow).filter(Boolean));
    for (const row of MAP_ROWS) expect(rows, row).toContain(row);
    const ids = new Set(claims.map((c) => c.id));
    for (const id of [...ORIGINAL, ...REQUIRED]) expect(ids, id).toContain(id);
    expect(ORIGINAL).toHaveLength(48);
  });

  it('each states itself, names its section and the source of its expected value', () => {
    for (const c of claims) {
      expect(c.statement.length, c.id).toBeGreaterThan(10);
      expect(c.source.trim().length, c.id).toBeGreaterThan(10);
      expect(c.section, c.id).toMatch(/^ch\d+\/[a-z0-9-]+$/);
      expect(expectedOf(c), c.id).not.toBeUndefined();
      if (Array.isArray(c.compare) || Array.isArray(c.tolerance)) {
        const n = (expectedOf(c) as number[]).length;
        if (Array.isArray(c.compare)) expect(c.compare.length, c.id).toBe(n);
        if (Array.isArray(c.tolerance)) expect(c.tolerance.length, c.id).toBe(n);
      }
    }
  });

  it("no expected value calls the library function that produces the claimed result", () => {
    for (const c of claims) {
      if (typeof c.expected !== 'function') continue;
      const text = c.expected.toString();
      for (const re of RESULT_CALLS) expect(re.test(text), `${c.id}: expected() matches ${re}`).toBe(false);
    }
  });

  it('the simplifications are claims too, with the spec\'s wording beside what is true', () => {
    const simplified = claims.filter((c) => c.simplification);
    expect(simplified.map((c) => c.id)).toEqual(expect.arrayContaining(['backprop-cost', 'batch-norm', 'init-keeps-activation-variance', 'xgboost-gain-is-not-entropy', 'adam-counterexample']));
    const r = checkClaim(claims.find((c) => c.id === 'backprop-cost')!);
    expect(r.value).toEqual([2, 0, 0]); // the FLOP count is the assertion …
    expect(r.measured).toMatch(/measured .* backward \d+(\.\d)?× the forward/); // … the timing is information
  });

  it('claimsForSection finds a section\'s claims', () => {
    expect(claimsForSection('ch3/vanishing-gradients').map((c) => c.id)).toEqual(['vanishing-gradient-sigmoid', 'vanishing-gradient-relu']);
    expect(claimsForSection('ch9/nothing')).toEqual([]);
  });

  // one test per claim, so a failure names it
  for (const c of claims)
    it(`${c.id}: ${c.statement}`, () => {
      const r = checkClaim(c);
      expect(r.error, c.id).toBeUndefined();
      expect(r.pass, `${c.id}: computed ${formatValue(r.value)}, expected ${formatExpected(r)} (tolerance ${formatTolerance(r)})`).toBe(true);
    });

  it('the asymmetric-KL claim really has two different numbers', () => {
    const [a, b] = expectedOf(claims.find((c) => c.id === 'kl-not-symmetric')!) as number[];
    expect(Math.abs(a! - b!)).toBeGreaterThan(0.1);
  });
});

describe('checking catches wrong claims', () => {
  const base = { chapter: 2, section: 'ch2/dot-product', source: 'by hand' };
  it('a wrong value fails, a thrown error fails with its message, bounds and per-element comparisons are respected', () => {
    const wrong: Claim = { ...base, id: 'w', statement: 'dot is 17', compute: () => 16, expected: 17 };
    expect(checkClaim(wrong).pass).toBe(false);
    const throws: Claim = { ...base, id: 't', statement: 'x', compute: () => { throw new Error('boom'); }, expected: 1 };
    expect(checkClaim(throws)).toMatchObject({ pass: false, error: 'boom', value: null });
    expect(matches(2, 1, 'atMost')).toBe(false);
    expect(matches(0, 1, 'atLeast')).toBe(false);
    expect(matches(2, [0, 1], 'between')).toBe(false);
    expect(matches([1, 2], [1, 2, 3])).toBe(false);
    expect(matches(1.1, 1, 'relative', 0.05)).toBe(false);
    expect(matches(1.04, 1, 'relative', 0.05)).toBe(true);
    expect(matches([0, 5], [0, 1], ['close', 'atLeast'])).toBe(true);
    expect(matches([0, 0.5], [0, 1], ['close', 'atLeast'])).toBe(false);
    expect(matches([1, 1], [1, 1.5], 'close', [0, 0.4])).toBe(false);
    expect(matches(Number.NaN, Number.NaN)).toBe(false);
    expect(matches(Number.NaN, 0, 'atMost')).toBe(false);
  });

  it('runClaims yields between claims and reports each result in order', async () => {
    const seen: string[] = [];
    const list: Claim[] = [
      { ...base, id: 'a', statement: 'one is one', compute: () => 1, expected: 1 },
      { ...base, id: 'b', statement: 'two is three', compute: () => 2, expected: 3 },
    ];
    const out = await runClaims(list, (r) => seen.push(r.id));
    expect(seen).toEqual(['a', 'b']);
    expect(out.map((r) => r.pass)).toEqual([true, false]);
  });
});

describe('the tightened checks reject the wrong answers their old versions let through', () => {
  const claim = (id: string) => claims.find((c) => c.id === id)!;
  const rejects = (id: string, wrong: Value) => {
    const c = claim(id);
    return !matches(wrong, expectedOf(c), c.compare, c.tolerance);
  };

  it('vanishing-gradient-sigmoid: a zero gradient, a backward that drops σ′, or one that uses σ for σ′ all fail (the old bound Π¼‖W‖ passed them)', () => {
    const s = sigmoidStack();
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    expect(rejects('vanishing-gradient-sigmoid', 0)).toBe(true);
    expect(rejects('vanishing-gradient-sigmoid', jacobianChainRatio(s, 'sigmoid', () => 1))).toBe(true);
    expect(rejects('vanishing-gradient-sigmoid', jacobianChainRatio(s, 'sigmoid', sig))).toBe(true);
    expect(rejects('vanishing-gradient-sigmoid', jacobianChainRatio(s, 'sigmoid', (z) => 0.25 * sig(z) * (1 - sig(z)) * 4.0001))).toBe(true); // off by 0.0025% per layer
  });

  it('vanishing-gradient-relu: a value anywhere else in the old 0.01 … 100 window fails', () => {
    const e = expectedOf(claim('vanishing-gradient-relu')) as number;
    for (const wrong of [0.02, e * 0.5, e * 1.001, 50]) expect(rejects('vanishing-gradient-relu', wrong), String(wrong)).toBe(true);
  });

  it('batch-norm: a variance of exactly 1 (ignoring ε) fails', () => {
    const e = expectedOf(claim('batch-norm')) as number[];
    expect(rejects('batch-norm', [...e.slice(0, 3), 1, 1, 1])).toBe(true);
  });

  it('normal-mle: the 1/(n − 1) standard deviation fails, and so does a likelihood that does not drop when μ or σ moves', () => {
    const e = expectedOf(claim('normal-mle')) as number[];
    expect(rejects('normal-mle', [e[0]!, Math.sqrt(32 / 7), ...e.slice(2)])).toBe(true);
    expect(rejects('normal-mle', [...e.slice(0, 2), 0, 0, 0, 0])).toBe(true);
  });

  it('kl-is-ce-minus-entropy: the reversed divergence fails', () => {
    const c = claim('kl-is-ce-minus-entropy');
    const p = [0.5, 0.3, 0.2];
    const q = [0.2, 0.5, 0.3];
    const reversed = q.reduce((s, v, i) => s + v * Math.log(v / p[i]!), 0);
    expect(matches([reversed, reversed], expectedOf(c), c.compare, c.tolerance)).toBe(false);
  });

  it('tensor-rank: a tensor of the right rank but the wrong contents fails', () => {
    const e = expectedOf(claim('tensor-rank')) as number[];
    expect(rejects('tensor-rank', [...e.slice(0, -1), 0])).toBe(true);
  });
});
