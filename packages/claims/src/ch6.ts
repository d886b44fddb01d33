/** Chapter 6 of the spec: information theory. */
import { info, loss, manualSeed, optim, prob, tensor, trees, zeros } from 'groundup';
import type { Claim } from './claim.js';
import { pj } from './ref.js';
import { arr, f64 } from './util.js';

/** Entropy of k positives among n, in bits (plain JS). */
const bitsOf = (k: number, n: number) => (k === 0 || k === n ? 0 : -((k / n) * Math.log2(k / n) + (1 - k / n) * Math.log2(1 - k / n)));

/**
 * 12 examples, 4 positive, two binary features. Feature 0 splits off two negatives (a pure but
 * tiny group); feature 1 splits off one positive and one negative.
 */
const SPLIT_Y = [0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1];
const SPLIT_X = SPLIT_Y.map((_, i) => [i < 2 ? 0 : 1, i >= 10 ? 1 : 0]);

/** The RLHF objective E_π[r] − β·KL(π‖π_ref), maximised over softmax logits with the library. */
const PI_REF = [0.5, 0.3, 0.2];
const REWARD = [0, 1, 2];
function rlhfPolicy(beta: number): number[] {
  const z = zeros([3], { dtype: 'float64', requiresGrad: true });
  const logRef = f64(PI_REF.map(Math.log));
  const r = f64(REWARD);
  const opt = new optim.SGD([z], { lr: 5 / beta }); // the curvature scales with β
  for (let i = 0; i < 150; i++) {
    opt.zeroGrad();
    const pi = z.softmax();
    const kl = pi.mul(z.logSoftmax().sub(logRef)).sum();
    pi.mul(r).sum().sub(kl.mul(beta)).neg().backward();
    opt.step();
  }
  return arr(z.softmax());
}
/** Its closed-form maximiser π ∝ π_ref·e^(r/β) (plain JS). */
function rlhfOptimum(beta: number): number[] {
  const w = PI_REF.map((p, i) => p * Math.exp(REWARD[i]! / beta));
  const s = pj.sum(w);
  return w.map((v) => v / s);
}

export const chapter6: Claim[] = [
  {
    id: 'entropy-coin',
    chapter: 6,
    section: 'ch6/entropy',
    statement: 'a fair coin has 1 bit of entropy, a coin that always lands heads 0 bits, a fair 4-sided die 2 bits',
    compute: () => [info.entropy([0.5, 0.5], { base: 2 }).item(), info.entropy([1, 0], { base: 2 }).item(), info.entropy([0.25, 0.25, 0.25, 0.25], { base: 2 }).item()],
    expected: [1, 0, 2],
    tolerance: 1e-12,
    source: 'by hand: −2·½·log₂½ = 1; −1·log₂1 = 0; −4·¼·log₂¼ = 2',
  },
  {
    id: 'fair-coin-most-uncertain',
    chapter: 6,
    section: 'ch6/entropy',
    statement: "of all coins, the fair one has the most entropy: over P(heads) = 0, 0.01, …, 1 the entropy peaks at 0.5 with 1 bit, and is the same for p and 1 − p",
    compute() {
      const ps = Array.from({ length: 101 }, (_, i) => i / 100);
      const h = arr(info.entropy(ps.map((p) => [p, 1 - p]), { base: 2 }));
      const best = h.indexOf(Math.max(...h));
      return [ps[best]!, h[best]!, pj.maxAbsDiff(h, [...h].reverse())];
    },
    expected: [0.5, 1, 0],
    tolerance: 1e-12,
    source: "by hand: dH/dp = log₂((1 − p)/p) = 0 only at p = ½, where H = 1; H(p) = H(1 − p) by the formula's symmetry",
  },
  {
    id: 'entropy-is-average-surprise',
    chapter: 6,
    section: 'ch6/entropy',
    statement: 'the surprise of an outcome is −log p: 3 bits for a 1-in-8 event; entropy is its average, so 20,000 draws from [½, ¼, ⅛, ⅛] average 1.75 bits of surprise',
    compute() {
      const p = [0.5, 0.25, 0.125, 0.125];
      const c = new prob.Categorical(p, { dtype: 'float64' });
      manualSeed(91);
      const draws = c.sample([20000]);
      const surprise = c.logProb(draws).mean().item() / -Math.LN2;
      return [info.entropy(p, { base: 2 }).item(), surprise, c.logProb(3).item() / -Math.LN2];
    },
    expected: [1.75, 1.75, 3],
    tolerance: [1e-12, 0.025, 1e-12],
    source: 'by hand: ½·1 + ¼·2 + 2·⅛·3 = 1.75 bits; −log₂⅛ = 3; the surprise has variance 0.6875 bits², so the mean of 20,000 is good to ±0.006 (±4σ: 0.025)',
  },
  {
    id: 'information-gain',
    chapter: 6,
    section: 'ch6/information-gain',
    statement: 'a split that separates two balanced classes gains 1 bit; a split that leaves both halves mixed gains 0',
    compute: () => [info.informationGain([0, 0, 1, 1], [1, 1, 0, 0]), info.informationGain([0, 0, 1, 1], [1, 0, 1, 0])],
    expected: [1, 0],
    tolerance: 1e-12,
    source: 'by hand: H = 1 bit before; after: pure halves (0 bits) or halves with H = 1 each',
  },
  {
    id: 'xgboost-gain-is-not-entropy',
    chapter: 6,
    section: 'ch6/information-gain',
    statement:
      "XGBoost does not split on entropy: on the same 12 examples an entropy tree picks feature 0 (0.109 bits gained against 0.017), while a boosted stump picks feature 1, whose second-order gain G²/(H + λ) is the larger",
    simplification:
      'the spec says XGBoost and random forests split on entropy reduction; a forest of CART trees may, but XGBoost scores a split by the gradients and Hessians of its loss, G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), which can prefer another split',
    compute() {
      const tree = new info.DecisionTree({ maxDepth: 1 }).fit(SPLIT_X, SPLIT_Y).tree();
      const gb = new trees.GradientBoosting({ objective: 'binary:logistic', nEstimators: 1, maxDepth: 1, minChildWeight: 0, lambda: 1 }).fit(SPLIT_X, SPLIT_Y);
      const stump = gb.trees()[0]!;
      return [
        tree.leaf ? -1 : tree.feature,
        stump.leaf ? -1 : stump.feature,
        stump.leaf ? 0 : stump.gain,
        info.informationGain(SPLIT_Y, SPLIT_X.map((r) => r[0] === 0)),
        info.informationGain(SPLIT_Y, SPLIT_X.map((r) => r[1] === 0)),
      ];
    },
    expected() {
      const H0 = bitsOf(4, 12);
      const igA = H0 - (2 / 12) * bitsOf(0, 2) - (10 / 12) * bitsOf(4, 10);
      const igB = H0 - (10 / 12) * bitsOf(3, 10) - (2 / 12) * bitsOf(1, 2);
      // logistic loss at p = ½: g = p − y, h = p(1 − p) = ¼; feature 1: left 10 rows (3 positive), right 2 (1 positive)
      const score = (G: number, Hs: number) => (G * G) / (Hs + 1);
      const gainB = score(10 * 0.5 - 3, 10 * 0.25) + score(2 * 0.5 - 1, 2 * 0.25) - score(12 * 0.5 - 4, 12 * 0.25);
      return [0, 1, gainB, igA, igB];
    },
    tolerance: [0, 0, 1e-6, 1e-12, 1e-12],
    source:
      "by hand: information gains 0.918 − (10/12)·0.971 = 0.109 bits (feature 0) and 0.918 − (10/12)·0.881 − (2/12)·1 = 0.017 (feature 1); XGBoost's bracket for feature 1: 2²/3.5 + 0²/1.5 − 2²/4 = 0.143, for feature 0 it is −0.048",
  },
  {
    id: 'cross-entropy-one-hot',
    chapter: 6,
    section: 'ch6/cross-entropy',
    mapRow: 'Cross-Entropy',
    statement: 'with a one-hot target, cross-entropy is −log of the probability given to the correct class',
    compute: () => info.crossEntropy([0, 1, 0], [0.1, 0.7, 0.2]).item(),
    expected: -Math.log(0.7),
    tolerance: 1e-12,
    source: 'by hand: −(0·log 0.1 + 1·log 0.7 + 0·log 0.2)',
  },
  {
    id: 'cross-entropy-at-least-entropy',
    chapter: 6,
    section: 'ch6/cross-entropy',
    statement: 'cross-entropy H(p, q) is never below the entropy H(p), and equals it when q = p: over 300 random models q the excess H(p, q) − H(p) is ≥ 0, and it is exactly KL(p‖q)',
    compute() {
      const p = [0.5, 0.3, 0.2];
      const rnd = pj.uniforms(92);
      const qs = Array.from({ length: 300 }, () => {
        const w = [rnd(), rnd(), rnd()];
        const s = pj.sum(w);
        return w.map((v) => v / s);
      });
      const h = info.entropy(p).item();
      const gaps = arr(info.crossEntropy(qs.map(() => p), qs)).map((v) => v - h);
      return [info.crossEntropy(p, p).item() - h, Math.min(...gaps), pj.maxAbsDiff(gaps, qs.map((q) => pj.kl(p, q)))];
    },
    expected: [0, 0, 0],
    compare: ['close', 'atLeast', 'close'],
    tolerance: 1e-12,
    source: "Gibbs' inequality: H(p, q) − H(p) = Σ p log(p/q) ≥ 0 (log x ≤ x − 1), with equality only at q = p; the excess compared with that sum in plain JS",
  },
  {
    id: 'kl-is-ce-minus-entropy',
    chapter: 6,
    section: 'ch6/kl-divergence',
    statement: 'KL(p‖q) = Σ p·log(p/q), which equals H(p, q) − H(p)',
    compute: () => {
      const p = [0.5, 0.3, 0.2];
      const q = [0.2, 0.5, 0.3];
      return [info.kl(p, q).item(), info.crossEntropy(p, q).item() - info.entropy(p).item()];
    },
    expected: () => {
      const d = pj.kl([0.5, 0.3, 0.2], [0.2, 0.5, 0.3]);
      return [d, d];
    },
    tolerance: 1e-12,
    source: 'the definition in plain JS: Σ p log(p/q) term by term (not via cross-entropy and entropy)',
  },
  {
    id: 'ce-and-kl-same-gradient',
    chapter: 6,
    section: 'ch6/kl-divergence',
    statement: 'minimising cross-entropy and minimising KL are the same thing: with the target p fixed, both have the gradient softmax(z) − p with respect to the logits z',
    compute() {
      const p = [0.2, 0.5, 0.3];
      const grad = (f: (q: ReturnType<typeof f64>) => ReturnType<typeof f64>) => {
        const z = tensor([1, -0.5, 2], { dtype: 'float64', requiresGrad: true });
        f(z.softmax()).backward();
        return arr(z.grad!);
      };
      return [...grad((q) => info.crossEntropy(f64(p), q)), ...grad((q) => info.kl(f64(p), q))];
    },
    expected() {
      const s = pj.softmax([1, -0.5, 2]);
      const g = s.map((v, i) => v - [0.2, 0.5, 0.3][i]!);
      return [...g, ...g];
    },
    tolerance: 1e-12,
    source: 'by hand: ∂/∂z_k of −Σ p_i log softmax(z)_i is softmax(z)_k − p_k (Σp = 1); KL differs only by H(p), which does not depend on z; softmax in plain JS',
  },
  {
    id: 'kl-not-symmetric',
    chapter: 6,
    section: 'ch6/kl-asymmetry',
    statement: 'the direction matters: swapping the arguments of KL changes its value',
    compute: () => [info.kl([0.9, 0.1], [0.5, 0.5]).item(), info.kl([0.5, 0.5], [0.9, 0.1]).item()],
    expected: [0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5), 0.5 * Math.log(0.5 / 0.9) + 0.5 * Math.log(0.5 / 0.1)],
    tolerance: 1e-12,
    source: 'by hand: 0.368 nats one way, 0.511 the other',
  },
  {
    id: 'kl-punishes-holes',
    chapter: 6,
    section: 'ch6/kl-asymmetry',
    statement:
      'KL(p‖q) grows without bound as q → 0 where p > 0 (about 3.45 nats more for every factor of 1000 in q), while the reverse KL(q‖p) stays below log 2',
    compute() {
      const eps = [1e-1, 1e-3, 1e-6, 1e-9];
      const fwd = eps.map((e) => info.kl([0.5, 0.5], [e, 1 - e]).item());
      const rev = eps.map((e) => info.kl([e, 1 - e], [0.5, 0.5]).item());
      return [...fwd, ...rev, Math.max(...rev)];
    },
    expected() {
      const eps = [1e-1, 1e-3, 1e-6, 1e-9];
      return [...eps.map((e) => pj.kl([0.5, 0.5], [e, 1 - e])), ...eps.map((e) => pj.kl([e, 1 - e], [0.5, 0.5])), Math.LN2];
    },
    compare: ['close', 'close', 'close', 'close', 'close', 'close', 'close', 'close', 'atMost'],
    tolerance: 1e-9,
    source: 'the definition Σ p log(p/q) in plain JS; by hand KL(p‖q) ≈ ½·log(½/ε) → ∞ as ε → 0, and KL(q‖p) ≤ log 2 since p is uniform on 2 outcomes',
  },
  {
    id: 'vae-kl',
    chapter: 6,
    section: 'ch6/kl-divergence',
    statement: "a VAE's KL term between the encoder's N(μ, σ²) and N(0, 1) has the closed form ½(σ² + μ² − 1 − log σ²): for μ = 1, σ = 0.5 a Monte Carlo estimate over 20,000 draws agrees",
    compute() {
      const q = new prob.Normal(1, 0.5, { dtype: 'float64' });
      const p = new prob.Normal(0, 1, { dtype: 'float64' });
      manualSeed(93);
      const z = q.sample([20000]);
      return q.logProb(z).sub(p.logProb(z)).mean().item();
    },
    expected: 0.5 * (0.25 + 1 - 1 - Math.log(0.25)),
    tolerance: 0.03,
    source: 'by hand: E_q[log q − log p] = ½(σ² + μ² − 1) − log σ = 0.818; the log-ratio has a standard deviation of about 1.1, so 20,000 draws are good to ±0.008 (tolerance ≈ 4σ)',
  },
  {
    id: 'distillation-kl',
    chapter: 6,
    section: 'ch6/kl-divergence',
    statement: "in knowledge distillation the student minimises T²·KL(teacher_T ‖ student_T) of temperature-softened outputs: zero when its logits equal the teacher's up to a constant, with gradient T·(student_T − teacher_T)",
    compute() {
      const T = 2;
      const teacher = f64([2, 1, -1]).div(T).softmax();
      const s = tensor([[0.5, 0.3, 0.2]], { dtype: 'float64', requiresGrad: true });
      const L = loss.klDiv(s.div(T), teacher.reshape([1, 3])).mul(T * T);
      L.backward();
      const same = loss.klDiv(f64([[7, 6, 4]]).div(T), teacher.reshape([1, 3])).item();
      return [L.item(), ...arr(s.grad!), same];
    },
    expected() {
      const T = 2;
      const p = pj.softmax([2, 1, -1].map((v) => v / T));
      const q = pj.softmax([0.5, 0.3, 0.2].map((v) => v / T));
      return [T * T * pj.kl(p, q), ...q.map((v, i) => T * (v - p[i]!)), 0];
    },
    tolerance: 1e-12,
    source: 'plain JS: the definition Σ p log(p/q) of the softened distributions; by hand ∂/∂s of T²·KL is T²·(1/T)·(q − p); logits [7, 6, 4] are the teacher\'s + 5',
  },
  {
    id: 'rlhf-kl-penalty',
    chapter: 6,
    section: 'ch6/kl-divergence',
    statement:
      "RLHF's KL penalty holds the policy near the base model: maximising E_π[reward] − β·KL(π‖π_ref) gives π ∝ π_ref·e^(reward/β), which drifts 0.92 nats from π_ref at β = 0.5 and only 0.013 at β = 5",
    compute() {
      const pi = rlhfPolicy(0.5);
      const far = info.kl(pi, PI_REF).item();
      const near = info.kl(rlhfPolicy(5), PI_REF).item();
      return [...pi, far, near];
    },
    expected: () => [...rlhfOptimum(0.5), pj.kl(rlhfOptimum(0.5), PI_REF), pj.kl(rlhfOptimum(5), PI_REF)],
    tolerance: 1e-6,
    source: 'by hand (Lagrange multipliers / Gibbs): E_π[r] − βKL(π‖π_ref) = −β·KL(π‖π*) + β log Z with π* = π_ref·e^(r/β)/Z, so π* is the maximiser; π* and its KL in plain JS',
  },
];
