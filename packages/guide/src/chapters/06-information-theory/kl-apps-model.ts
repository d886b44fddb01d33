/**
 * KL in two places where it is a term of a training objective, DOM-free (widget and tests call it).
 *
 * VAE: the encoder outputs q(z|x) = N(μ, diag σ²); the loss carries KL(q ‖ N(0, I)), in closed form
 *   ½ Σᵢ (σᵢ² + μᵢ² − 1 − ln σᵢ²),
 * beside a Monte Carlo estimate (1/S) Σₛ [log q(zₛ) − log p(zₛ)], zₛ ~ q, from prob.Normal.
 *
 * RLHF: a policy π over a few next tokens, tuned away from a reference π_ref; the objective is
 *   E_{y~π}[r(y)] − β · KL(π ‖ π_ref),
 * with info.kl for the penalty.
 */
import { Generator, info, prob, tensor } from 'groundup';

export interface VaeKL {
  closed: number;
  mc: number;
  /** standard error of the Monte Carlo mean */
  se: number;
}

export function vaeKL(mu: number[], sigma: number[], samples: number, seed = 1): VaeKL {
  const m = tensor(mu, { dtype: 'float64' });
  const s = tensor(sigma, { dtype: 'float64' });
  const s2 = s.square();
  const closed = s2.add(m.square()).sub(1).sub(s2.log()).sum().mul(0.5).item();
  const q = new prob.Normal(m, s, { dtype: 'float64' });
  const p = new prob.Normal(0, 1, { dtype: 'float64' });
  const z = q.sample([samples, mu.length], { generator: new Generator(seed) }); // [S, d]
  const terms = q.logProb(z).sub(p.logProb(z)).sum(1); //                          [S]: log q − log p per draw
  const mc = terms.mean().item();
  const se = samples > 1 ? terms.std().item() / Math.sqrt(samples) : NaN;
  return { closed, mc, se };
}

export const TOKENS = ['Sure', 'Here', 'Sorry', 'No', 'Maybe'] as const;
/** The reference model's logits for the next token, and the reward model's score of each. */
export const REF_LOGITS = [1.5, 1.0, 0.2, -0.5, 0.0];
export const REWARDS = [0.4, 1.0, -0.6, -1.0, 0.1];

export interface Rlhf {
  policy: number[];
  ref: number[];
  reward: number; // E_π[r]
  kl: number; // KL(π ‖ π_ref), nats
  objective: number; // reward − β·KL
}

/** The policy's logits are the reference's plus `shift` on token `k`. */
export function rlhf(k: number, shift: number, beta: number): Rlhf {
  const z = REF_LOGITS.map((v, i) => (i === k ? v + shift : v));
  const pi = tensor(z, { dtype: 'float64' }).softmax(-1);
  const ref = tensor(REF_LOGITS, { dtype: 'float64' }).softmax(-1);
  const reward = pi.mul(tensor(REWARDS, { dtype: 'float64' })).sum().item();
  const kl = info.kl(pi, ref).item();
  return { policy: Array.from(pi.data as Float64Array), ref: Array.from(ref.data as Float64Array), reward, kl, objective: reward - beta * kl };
}
