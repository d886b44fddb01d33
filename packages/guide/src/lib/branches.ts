/** The five branches of math. Each has a colour (theme.css: --<id>, --<id>-ink) and a CSS class b-<id>. */
export const BRANCHES = {
  linalg: { name: 'Linear algebra', role: 'the language: data and weights as arrays, layers as matrix products' },
  calculus: { name: 'Calculus', role: 'the learning signal: derivatives and the chain rule behind backpropagation' },
  probability: { name: 'Probability', role: 'the meaning of outputs and losses: distributions, likelihood, priors' },
  optimization: { name: 'Optimization', role: 'the search: how to use a gradient to walk downhill' },
  information: { name: 'Information theory', role: 'why cross-entropy and KL divergence measure what they measure' },
} as const;

export type Branch = keyof typeof BRANCHES;
export const BRANCH_IDS = Object.keys(BRANCHES) as Branch[];

export function branchClass(b: Branch | undefined): string {
  return b ? `b-${b}` : '';
}
