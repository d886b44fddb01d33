/**
 * KL as a term of an objective. (1) VAE: μ and σ of a 2-D diagonal Gaussian against N(0, I), closed
 * form beside a Monte Carlo estimate with S draws. (2) RLHF: push one token's logit, watch reward
 * rise and the β·KL penalty grow. Numbers from kl-apps-model.ts (prob.Normal, info.kl).
 */
import { select, slider } from '../../lib/controls.js';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum } from '../../lib/format.js';
import { urlState } from '../../lib/state.js';
import { texNum } from '../../lib/tex.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import { REWARDS, rlhf, TOKENS, vaeKL } from './kl-apps-model.js';

const num = (key: string) => h('span', { class: 'num', 'data-n': key });
const put = (el: HTMLElement, v: number, d = 4) => {
  setLive(el, fmtNum(v, d));
  el.dataset.value = String(v);
};

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'klapps';
  const MU = { min: -3, max: 3 };
  const SG = { min: 0.1, max: 3 };
  const state = urlState(
    id,
    { mu0: 1, mu1: 0, s0: 1, s1: 0.5, S: 1000, tok: '1', shift: 1, beta: 0.2 },
    { mu0: MU, mu1: MU, s0: SG, s1: SG, S: { min: 1, max: 20000, int: true }, tok: { oneOf: TOKENS.map((_, i) => String(i)) }, shift: { min: -4, max: 4 }, beta: { min: 0, max: 2 } },
  );
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'KL inside a loss: a VAE’s prior term and RLHF’s penalty',
    branch: 'information',
    caption: 'VAE: move μ and σ away from the prior and the KL grows; the sampled estimate scatters around the exact value. RLHF: push a token and see reward gained against KL paid.',
    sources: [{ file: 'prob/normal.ts', name: 'Normal' }, { file: 'info/entropy.ts', name: 'kl' }],
  });
  const sl = (label: string, key: 'mu0' | 'mu1' | 's0' | 's1' | 'shift' | 'beta', r: { min: number; max: number }, step: number) =>
    slider(label, key, { ...r, step, value: state.get()[key], digits: 2 }, (v) => {
      state.set({ [key]: v });
      render();
    }).row;
  const sS = slider('Monte Carlo draws S', 'S', { min: 1, max: 20000, step: 1, value: state.get().S }, (v) => {
    state.set({ S: v });
    render();
  });
  const tS = select('token pushed', 'tok', TOKENS.map((t, i) => [String(i), t] as const), state.get().tok, (v) => {
    state.set({ tok: v });
    render();
  });
  frame.controls.append(
    h('fieldset', null, h('legend', null, 'VAE encoder q = N(μ, diag σ²)'), sl('μ₀', 'mu0', MU, 0.05), sl('μ₁', 'mu1', MU, 0.05), sl('σ₀', 's0', SG, 0.05), sl('σ₁', 's1', SG, 0.05), sS.row),
    h('fieldset', null, h('legend', null, 'RLHF policy'), tS.row, sl('logit shift', 'shift', { min: -4, max: 4 }, 0.1), sl('β (KL weight)', 'beta', { min: 0, max: 2 }, 0.05)),
  );
  const n = { closed: num('vae-closed'), mc: num('vae-mc'), se: num('vae-se'), reward: num('reward'), kl: num('rlhf-kl'), obj: num('objective') };
  const bars = h('div', { class: 'c6-bars', role: 'img', 'aria-label': 'policy and reference probabilities of each token' });
  frame.picture.append(bars);
  frame.numbers.append(
    h('div', null, 'VAE KL(q ‖ N(0, I)), closed form: ', n.closed),
    h('div', null, 'Monte Carlo estimate: ', n.mc, ' ± ', n.se),
    h('div', null, 'RLHF E_π[r]: ', n.reward, ' · KL(π ‖ π_ref): ', n.kl),
    h('div', null, 'objective E_π[r] − β·KL: ', n.obj),
  );

  // the VAE estimate (S seeded draws) depends on its own five settings only: kept while the RLHF sliders move
  let vae: { key: string; v: ReturnType<typeof vaeKL> } | null = null;
  const vaeOf = (mu: number[], sigma: number[], S: number) => {
    const key = `${mu},${sigma},${S}`;
    return vae?.key === key ? vae.v : (vae = { key, v: vaeKL(mu, sigma, S) }).v;
  };

  function render(): void {
    const s = state.get();
    const v = vaeOf([s.mu0, s.mu1], [s.s0, s.s1], s.S);
    const r = rlhf(Number(s.tok), s.shift, s.beta);
    put(n.closed, v.closed);
    put(n.mc, v.mc);
    put(n.se, v.se);
    put(n.reward, r.reward);
    put(n.kl, r.kl);
    put(n.obj, r.objective);
    bars.replaceChildren(
      ...TOKENS.map((t, i) =>
        h('div', { class: 'c6-bar-row' }, h('span', { style: 'display:inline-block;width:9em' }, `${t} (r = ${REWARDS[i]})`), h('span', { style: `display:inline-block;height:.7em;width:${(r.policy[i]! * 100).toFixed(1)}%;background:var(--accent)` }), h('span', { class: 'num' }, ` π ${fmtNum(r.policy[i]!, 3)} · ref ${fmtNum(r.ref[i]!, 3)}`)),
      ),
    );
    frame.setFormula(
      `\\begin{aligned}\\live{vae}{D_{KL}(q\\,\\|\\,\\mathcal N(0, I))} &= \\tfrac12\\textstyle\\sum_i(\\sigma_i^2 + \\mu_i^2 - 1 - \\ln\\sigma_i^2) = ${texNum(v.closed, 4)} \\approx \\tfrac1S\\sum_s[\\log q(z_s) - \\log p(z_s)] = ${texNum(v.mc, 4)} \\\\ \\mathbb E_{\\pi}[r] - \\live{beta}{\\beta}\\, \\live{rl}{D_{KL}(\\pi\\,\\|\\,\\pi_{\\text{ref}})} &= ${texNum(r.reward, 4)} - ${texNum(s.beta, 2)} \\cdot ${texNum(r.kl, 4)} = ${texNum(r.objective, 4)}\\end{aligned}`,
      {
        vae: { value: v.closed, name: 'KL(q ‖ N(0, I))', what: 'closed form (nats)', digits: 4 },
        beta: { value: s.beta, name: 'β', what: 'the KL penalty’s weight', digits: 2 },
        rl: { value: r.kl, name: 'KL(π ‖ π_ref)', what: 'nats', digits: 4 },
      },
    );
    frame.setCode(
      [
        `const q = new prob.Normal(tensor([${s.mu0}, ${s.mu1}]), tensor([${s.s0}, ${s.s1}]), { dtype: 'float64' });`,
        `const z = q.sample([${s.S}, 2], { generator: new Generator(1) });`,
        `const mc = q.logProb(z).sub(new prob.Normal(0, 1, { dtype: 'float64' }).logProb(z)).sum(1).mean().item();`,
        `const pi = tensor([1.5, 1.0, 0.2, -0.5, 0.0]).add(tensor([0, 0, 0, 0, 0].map((_, i) => i === ${s.tok} ? ${s.shift} : 0))).softmax(-1);`,
        `const ref = tensor([1.5, 1.0, 0.2, -0.5, 0.0]).softmax(-1);`,
        `const kl = info.kl(pi, ref).item();`,
        `[mc, pi.mul(tensor([${REWARDS.join(', ')}])).sum().item() - ${s.beta} * kl]`,
      ].join('\n'),
    );
  }
  render();
  return { update: render, destroy: () => frame.destroy() };
}
