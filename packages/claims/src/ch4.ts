/** Chapter 4 of the spec: probability and statistics. */
import type { Tensor } from 'groundup';
import { linalg, loss, manualSeed, nn, noGrad, optim, prob, randn, tensor, zeros } from 'groundup';
import type { Claim } from './claim.js';
import { pj } from './ref.js';
import { arr, f64 } from './util.js';

const MLE_DATA = [2, 4, 4, 4, 5, 5, 7, 9];

/** log-likelihood of MLE_DATA under N(μ, σ), by the library. */
const loglik = (mu: number, sigma: number) => new prob.Normal(mu, sigma, { dtype: 'float64' }).logProb(f64(MLE_DATA)).sum().item();

/** A small regression problem for the MAP claim: 20 rows, 2 features, y = X·[1.5, −2] + noise. */
function mapData(): { X: number[][]; y: number[] } {
  const a = pj.normals(60, 51);
  const X = Array.from({ length: 20 }, (_, i) => [a[i]!, a[20 + i]!]);
  const y = X.map((r, i) => 1.5 * r[0]! - 2 * r[1]! + 0.5 * a[40 + i]!);
  return { X, y };
}
const NOISE = 0.5; // σ of the Gaussian likelihood
const PRIOR = 0.4; // τ of the zero-mean Gaussian prior on each weight

/** Mean square of the pre-activations after `depth` layers of width 256, relative to the first layer's, in log₂. */
function activationGrowth(init: 'he' | 'xavier' | 'standard', act: 'relu' | 'linear', depth = 10): number {
  manualSeed(61);
  const width = 256;
  let h: Tensor = randn([128, width]);
  const ms: number[] = [];
  for (let l = 0; l < depth; l++) {
    const W = zeros([width, width]);
    if (init === 'he') nn.init.heNormal(W);
    else if (init === 'xavier') nn.init.xavierUniform(W);
    else W.data.set(randn([width, width]).data);
    const z = h.matmul(W); // W is [in, out]: fan_in = fan_out, so the init's variance is the same either way
    const d = z.data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i]! * d[i]!;
    ms.push(s / d.length);
    h = act === 'relu' ? z.relu() : z;
  }
  return Math.log2(ms[depth - 1]! / ms[0]!);
}

export const chapter4: Claim[] = [
  {
    id: 'softmax-stable',
    chapter: 4,
    section: 'ch4/softmax',
    mapRow: 'Softmax output',
    statement: 'softmax gives a distribution (non-negative, sums to 1) and stays finite for scores of ±10⁴',
    compute: () => [...arr(f64([1e4, 0, -1e4]).softmax()), ...arr(f64([2, 1, 0.1]).softmax())],
    expected: () => [1, 0, 0, ...pj.softmax([2, 1, 0.1])],
    tolerance: 1e-12,
    source: 'plain JS e^(z − max z) / Σ e^(z − max z); e^(−10⁴) underflows to 0',
  },
  {
    id: 'normal-bell-curve',
    chapter: 4,
    section: 'ch4/distributions',
    statement: 'a normal distribution clusters around its mean and falls off symmetrically: of 40,000 draws from N(2, 3²), about 68.3% land within one σ, 95.4% within two, 99.7% within three, and half above the mean',
    compute() {
      manualSeed(44);
      const d = Array.from(new prob.Normal(2, 3, { dtype: 'float64' }).sample([40000]).data);
      const within = (k: number) => d.filter((v) => Math.abs(v - 2) < 3 * k).length / d.length;
      return [within(1), within(2), within(3), d.filter((v) => v > 2).length / d.length];
    },
    expected: [0.682689492, 0.954499736, 0.997300204, 0.5],
    tolerance: [0.01, 0.005, 0.002, 0.01],
    source: 'tables of the normal: P(|Z| < k) = erf(k/√2) = 0.682689, 0.954500, 0.997300; symmetry gives ½ above the mean; binomial sampling error of 40,000 draws ≤ 0.0025 (tolerances ≈ 4σ)',
  },
  {
    id: 'bayes-ecg',
    chapter: 4,
    section: 'ch4/bayes',
    statement: 'a test that flags 90% of arrhythmias with 5% false alarms, on a 2% prevalence, gives P(arrhythmia | flagged) = 18/67 ≈ 0.269',
    compute: () => prob.bayes({ prior: 0.02, likelihood: 0.9, falsePositiveRate: 0.05 }),
    expected: 18 / 67,
    source: 'by hand: 0.9·0.02 / (0.9·0.02 + 0.05·0.98) = 0.018 / 0.067',
  },
  {
    id: 'weight-decay-is-map',
    chapter: 4,
    section: 'ch4/prior',
    statement:
      'weight decay is a zero-mean Gaussian prior: maximising log-likelihood + log-prior (σ = 0.5, τ = 0.4) and minimising ½‖y − Xw‖² + ½λ‖w‖² with λ = σ²/τ² land on the same weights',
    compute() {
      const { X, y } = mapData();
      const Xt = f64(X);
      const yt = f64(y);
      // MAP: gradient ascent on Σ log N(y; Xw, σ) + Σ log N(w; 0, τ), the library's densities
      const wMap = zeros([2], { dtype: 'float64', requiresGrad: true });
      const likelihood = (w: Tensor) => new prob.Normal(Xt.matmul(w), NOISE, { dtype: 'float64' }).logProb(yt).sum();
      const prior = (w: Tensor) => new prob.Normal(0, PRIOR, { dtype: 'float64' }).logProb(w).sum();
      const opt1 = new optim.SGD([wMap], { lr: 0.008 });
      for (let i = 0; i < 60; i++) {
        opt1.zeroGrad();
        likelihood(wMap).add(prior(wMap)).neg().backward();
        opt1.step();
      }
      // penalised least squares: SGD with weight decay λ on the plain squared error
      const wDecay = zeros([2], { dtype: 'float64', requiresGrad: true });
      const opt2 = new optim.SGD([wDecay], { lr: 0.03, weightDecay: (NOISE * NOISE) / (PRIOR * PRIOR) });
      for (let i = 0; i < 60; i++) {
        opt2.zeroGrad();
        Xt.matmul(wDecay).sub(yt).square().sum().mul(0.5).backward();
        opt2.step();
      }
      return [...arr(wMap), ...arr(wDecay)];
    },
    expected() {
      const { X, y } = mapData();
      const lambda = (NOISE * NOISE) / (PRIOR * PRIOR);
      const XtX = pj.matmul(pj.transpose(X), X).map((row, i) => row.map((v, j) => v + (i === j ? lambda : 0)));
      const w = pj.solve(XtX, pj.matvec(pj.transpose(X), y));
      return [...w, ...w];
    },
    tolerance: 1e-8,
    source: "the ridge closed form in plain JS, w = (XᵀX + λI)⁻¹Xᵀy with λ = σ²/τ² (the log-posterior is −‖y − Xw‖²/2σ² − ‖w‖²/2τ² + const; multiply by σ²)",
  },
  {
    id: 'expectation-variance',
    chapter: 4,
    section: 'ch4/expectation-variance',
    statement: 'a fair die has expectation 3.5 and variance 35/12',
    compute: () => {
      const v = [1, 2, 3, 4, 5, 6];
      const p = v.map(() => 1 / 6);
      return [prob.expectation(v, p).item(), prob.variance(v, p).item()];
    },
    expected: [3.5, 35 / 12],
    tolerance: 1e-6,
    source: 'by hand: 21/6; (1+4+9+16+25+36)/6 − 3.5² = 91/6 − 49/4',
  },
  {
    id: 'covariance',
    chapter: 4,
    section: 'ch4/expectation-variance',
    statement: 'when y = 2x + 1 the covariance of x and y is positive: twice the variance of x',
    compute: () => arr(linalg.cov(f64([[1, 3], [2, 5], [4, 9], [7, 15]]))),
    expected() {
      const x = [1, 2, 4, 7];
      const m = pj.mean(x);
      const v = x.reduce((s, a) => s + (a - m) ** 2, 0) / (x.length - 1);
      return [v, 2 * v, 2 * v, 4 * v];
    },
    tolerance: 1e-12,
    source: 'plain JS Var(x) with n − 1; by hand Cov(x, 2x+1) = 2Var(x), Var(2x+1) = 4Var(x)',
  },
  {
    id: 'batch-norm-eval',
    chapter: 4,
    section: 'ch4/batch-norm',
    statement: "in eval mode batch norm uses the running statistics gathered in training, not the batch's own, so each output depends only on its own input",
    compute() {
      const { bn, batches, test } = batchNormRun();
      for (const b of batches) bn.forward(f64(b));
      bn.eval();
      const all = arr(bn.forward(f64(test)));
      const alone = arr(bn.forward(f64([test[0]!])));
      return [...all, ...alone];
    },
    expected() {
      const { batches, test } = batchNormRun();
      let mean = [0, 0, 0];
      let vr = [1, 1, 1];
      for (const b of batches) {
        const n = b.length;
        const cols = [0, 1, 2].map((c) => b.map((r) => r[c]!));
        mean = mean.map((m, c) => 0.9 * m + 0.1 * pj.mean(cols[c]!));
        vr = vr.map((v, c) => 0.9 * v + 0.1 * pj.variance(cols[c]!) * (n / (n - 1)));
      }
      const out = test.map((r) => r.map((x, c) => (x - mean[c]!) / Math.sqrt(vr[c]! + 1e-5)));
      return [...out.flat(), ...out[0]!];
    },
    tolerance: 1e-12,
    source: 'plain JS: running mean/variance by the update r ← 0.9r + 0.1·(batch statistic, the variance unbiased) over the three training batches, then (x − r_mean)/√(r_var + ε)',
  },
  {
    id: 'weight-init-variance',
    chapter: 4,
    section: 'ch4/weight-init',
    statement: "He init draws weights with variance 2/fan_in, Xavier with 2/(fan_in + fan_out)",
    compute() {
      manualSeed(3);
      const variance = (t: Tensor) => pj.variance(Array.from(t.data));
      const he = nn.init.heNormal(zeros([256, 512]));
      const xavier = nn.init.xavierUniform(zeros([256, 512]));
      return [variance(he) * 512, variance(xavier) * (512 + 256)];
    },
    expected: [2, 2],
    tolerance: 0.035,
    source: 'by hand: Var·fan_in = 2 (He), Var·(fan_in + fan_out) = 2 (Xavier); 131,072 samples, so the sampling error is about 0.4% (0.008; tolerance ≈ 4σ)',
  },
  {
    id: 'init-keeps-activation-variance',
    chapter: 4,
    section: 'ch4/weight-init',
    mapRow: 'Weight Initialization',
    statement:
      "through 10 layers of width 256 the activations' variance stays put with He init and ReLU, and with Xavier and linear layers; Xavier with ReLU halves it every layer, and N(0, 1) weights with ReLU multiply it by 128 every layer",
    simplification:
      'the spec says Xavier and He keep activations from exploding or vanishing; that holds on average, and only for the activation each was derived for (He for ReLU, Xavier for linear or tanh near 0)',
    compute: () => [activationGrowth('he', 'relu'), activationGrowth('xavier', 'linear'), activationGrowth('xavier', 'relu'), activationGrowth('standard', 'relu')],
    expected: [0, 0, -9, 9 * 7],
    tolerance: [0.75, 0.75, 0.75, 0.75],
    source:
      "by hand: E[z²] of the next layer = fan_in·Var(W)·E[a²], with E[ReLU(z)²] = ½E[z²] for symmetric z: He 256·(2/256)·½ = 1, Xavier-linear 256·(1/256) = 1, Xavier-ReLU ½, N(0,1)-ReLU 128 = 2⁷, over 9 layer-to-layer steps (log₂ of the ratio; sampling noise of a 256-wide layer ≈ 0.3 in log₂)",
  },
  {
    id: 'normal-mle',
    chapter: 4,
    section: 'ch4/mle',
    statement: 'the Normal that makes [2,4,4,4,5,5,7,9] most likely has μ = 5 and σ = 2 (the 1/n standard deviation): moving μ or σ by 0.1 either way lowers the likelihood',
    compute: () => {
      const f = prob.fitNormal(MLE_DATA);
      const best = loglik(f.mean, f.std);
      return [f.mean, f.std, loglik(f.mean + 0.1, f.std) - best, loglik(f.mean - 0.1, f.std) - best, loglik(f.mean, f.std + 0.1) - best, loglik(f.mean, f.std - 0.1) - best];
    },
    expected() {
      // Σ log N(x; μ, σ) = −n log σ − S(μ)/2σ² + const, S(μ) = Σ(x − μ)² = 32 + n(μ − 5)²
      const n = 8;
      const dSigma = (s: number) => -n * Math.log(s / 2) - (32 / 2) * (1 / (s * s) - 1 / 4);
      return [5, 2, (-n * 0.01) / (2 * 4), (-n * 0.01) / (2 * 4), dSigma(2.1), dSigma(1.9)];
    },
    tolerance: 1e-9,
    source: 'by hand: mean 40/8 = 5, Σ(x − 5)² = 32, √(32/8) = 2; the log-likelihood changes by −n·δ²/2σ² = −0.01 for μ ± 0.1 and by −n·log(σ′/σ) − 16(1/σ′² − ¼) for σ′ = 2.1, 1.9 (−0.0184, −0.0218)',
  },
  {
    id: 'cross-entropy-is-mle',
    chapter: 4,
    section: 'ch4/mle',
    statement: 'cross-entropy loss is the average negative log-likelihood of the correct labels',
    compute: () => loss.crossEntropy(f64([[2, 1, 0], [0.5, 2.5, -1]]), tensor([0, 2], { dtype: 'int32' })).item(),
    expected: () => -(Math.log(pj.softmax([2, 1, 0])[0]!) + Math.log(pj.softmax([0.5, 2.5, -1])[2]!)) / 2,
    tolerance: 1e-12,
    source: 'plain JS: −½[log softmax(z₁)₀ + log softmax(z₂)₂]',
  },
  {
    id: 'mse-gaussian-nll',
    chapter: 4,
    section: 'ch4/mse',
    statement: 'under Gaussian noise (σ = 1) the negative log-likelihood is ½·MSE + ½·log 2π, so minimising MSE is maximum likelihood',
    simplification:
      'the spec equates minimising MSE with maximum likelihood under Gaussian noise; that holds when the noise σ is fixed, since a learned σ adds a log σ term and rescales the squared error by 1/2σ²',
    compute() {
      const pred = f64([0.5, 1.5, 2, -1]);
      const y = f64([1, 1, 3, 0]);
      const nll = new prob.Normal(pred, 1).logProb(y).mean().neg().item();
      return nll - 0.5 * loss.mse(pred, y).item();
    },
    expected: 0.5 * Math.log(2 * Math.PI),
    tolerance: 1e-12,
    source: 'by hand: −log N(y; ŷ, 1) = ½(y − ŷ)² + ½ log 2π, averaged',
  },
  {
    id: 'mse-minimiser',
    chapter: 4,
    section: 'ch4/mse',
    statement: 'the constant that minimises MSE, found by gradient descent, is the mean: the Gaussian MLE of μ',
    compute() {
      const y = f64([3, 7, 8, 2, 5]);
      const c = tensor([0], { dtype: 'float64', requiresGrad: true });
      const opt = new optim.SGD([c], { lr: 0.2 });
      for (let i = 0; i < 60; i++) {
        opt.zeroGrad();
        loss.mse(c.expand([5]), y).backward();
        opt.step();
      }
      return c.item();
    },
    expected: 5,
    tolerance: 1e-9,
    source: 'by hand: d/dc Σ(y − c)² = 0 ⇒ c = mean = 25/5',
  },
];

/** Three training batches [16, 3] and a test batch [4, 3], from our own generator. */
function batchNormRun() {
  const z = pj.normals(3 * 16 * 3 + 12, 71);
  const shape = (k: number, rows: number) => Array.from({ length: rows }, (_, i) => [0, 1, 2].map((c) => [10, -3, 0][c]! + [5, 0.1, 2][c]! * z[k + i * 3 + c]!));
  const batches = [0, 1, 2].map((b) => shape(b * 48, 16));
  const test = shape(144, 4);
  return { bn: noGrad(() => new nn.BatchNorm1d(3).to('float64')), batches, test };
}
