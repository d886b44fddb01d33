/**
 * The ECG capstone network: one classifier in which every forward-pass row of the Chapter 7 map has
 * a job, trained with the training rows (cross-entropy, backprop, AdamW, a schedule, He init,
 * augmentation) by whoever calls it — the CLI, the guide's worker, the tests. There is no training
 * loop in here on purpose: the loop is the part a learner should read in the caller.
 *
 * The path of one batch, with the default sizes (12 leads, 1000 samples, width 32, 2 heads):
 *
 * | step | layer | shape | map row |
 * |---|---|---|---|
 * | in | ECG batch | [N, 12, 1000] | — |
 * | stem.0 | Conv1d(12→16, k 7, pad 3) | [N, 16, 1000] | Convolution: a sliding dot product |
 * | stem.1 | BatchNorm1d(16) | [N, 16, 1000] | Batch normalisation: batch mean and variance |
 * | stem.2 | GELU | [N, 16, 1000] | Activation: a nonlinear function |
 * | stem.3 | MaxPool1d(4) | [N, 16, 250] | (downsampling: keep the strongest response) |
 * | stem.4–7 | Conv1d(16→32, k 5) · BatchNorm1d · GELU · MaxPool1d(2) | [N, 32, 125] | the same rows again |
 * | tokens | transpose | [N, 125, 32] | Dense layer view: 125 tokens of 32 numbers |
 * | pos | PositionalEncoding | [N, 125, 32] | Positional encoding: sines and cosines |
 * | block | x + Dropout(MHA(LayerNorm(x))) | [N, 125, 32] | Self-attention: QKᵀ/√d, softmax, ·V |
 * | pool | mean over time | [N, 32] | — |
 * | head | Dropout · Linear(32→C) | [N, C] | Dense layer: x·Wᵀ + b |
 * | out | softmax (in the loss, or `predictProba`) | [N, C] | Softmax output: exp and normalise |
 *
 * Convolutions are He-normal initialised for the rectifier that follows,
 * $\operatorname{Var}(W) = 2/\text{fan\_in}$, so the signal neither blows up nor dies on the way in.
 * `forward` returns logits; train them with `loss.crossEntropy` (which applies the log-softmax
 * itself, stably). `attention` is the MultiheadAttention layer, whose `lastAttention`
 * ([N, heads, T, T]) holds the weights of the latest forward pass for display.
 */
import { ShapeError, ValueError, fmtShape, fmtValue } from '../errors.js';
import { mean } from '../ops/reduce.js';
import { softmax } from '../ops/activation.js';
import { transpose } from '../ops/shape.js';
import { add } from '../ops/arithmetic.js';
import { Tensor } from '../tensor.js';
import { Module, Sequential, GELU, ReLU } from '../nn/module.js';
import { Conv1d, MaxPool1d } from '../nn/conv.js';
import { BatchNorm1d, LayerNorm } from '../nn/norm.js';
import { Dropout } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';
import { MultiheadAttention, PositionalEncoding } from '../nn/attention.js';
import { heNormal } from '../nn/init.js';
import { integer, readOptions } from '../validate.js';

export interface EcgNetOptions {
  /** Input channels: 12 for the standard leads, 1 for a single lead (default 12). */
  leads?: number;
  /** Samples per record (the length L of the input [N, leads, L]). Required. */
  samples: number;
  /** Number of classes (the width of the logits). Required. */
  classes: number;
  /** Width E of the tokens the attention block sees (default 32); the first conv has E/2 channels. */
  width?: number;
  /** Attention heads; must divide width (default 2). */
  heads?: number;
  /** Drop probability of the attention output and of the pooled features (default 0.1). */
  dropout?: number;
  /** Pool sizes of the two conv stages (default [4, 2]: 1000 samples → 125 tokens). */
  pools?: [number, number];
  /** The activation after each batch norm (default 'gelu'). */
  activation?: 'gelu' | 'relu';
}

/** One row of {@link EcgNet.describe}: a layer, its output shape, and the map row it stands for. */
export interface EcgNetLayer {
  /** Dotted name of the module in the state dict ('' for steps without parameters). */
  name: string;
  /** What the step is, e.g. 'Conv1d(12→16, k 7, pad 3)'. */
  layer: string;
  /** The output shape for a batch of N. */
  shape: number[];
  /** The Chapter 7 map row the step implements ('' for plumbing). */
  mapRow: string;
  /** The library file that computes it (under packages/groundup/src). */
  source: string;
}

const OP = 'models.ecgNet';

function intOpt(name: string, v: unknown, fallback: number | undefined, min: number): number {
  if (v === undefined) {
    if (fallback === undefined) throw new ValueError(`${OP}: ${name} is required (an integer ≥ ${min})`);
    return fallback;
  }
  return integer(OP, name, v, min);
}

/** The network; build one with {@link ecgNet}. Children: stem, pos, norm1, attn, drop1, norm2, drop2, head. */
export class EcgNet extends Module {
  readonly leads: number;
  readonly samples: number;
  readonly classes: number;
  readonly width: number;
  readonly heads: number;
  readonly dropout: number;
  readonly pools: [number, number];
  readonly activation: 'gelu' | 'relu';
  /** Tokens after the stem: ⌊⌊L/p₁⌋/p₂⌋. */
  readonly tokens: number;
  readonly stem: Sequential;
  readonly pos: PositionalEncoding;
  readonly norm1: LayerNorm;
  /** The self-attention layer; `attention.lastAttention` is [N, heads, T, T] after a forward pass. */
  readonly attention: MultiheadAttention;
  readonly norm2: LayerNorm;
  readonly head: Linear;
  private readonly drop1: Dropout;
  private readonly drop2: Dropout;

  constructor(o: EcgNetOptions) {
    super();
    readOptions(OP, o, '{ samples: 1000, classes: 5 }', true);
    this.leads = intOpt('leads', o.leads, 12, 1);
    this.samples = intOpt('samples', o.samples, undefined, 1);
    this.classes = intOpt('classes', o.classes, undefined, 2);
    this.width = intOpt('width', o.width, 32, 2);
    this.heads = intOpt('heads', o.heads, 2, 1);
    if (this.width % 2 !== 0) throw new ValueError(`${OP}: width must be even (the first conv has width/2 channels), got ${this.width}`);
    if (this.width % this.heads !== 0) throw new ValueError(`${OP}: heads (${this.heads}) must divide width (${this.width}): each head gets width/heads dimensions`);
    const p = o.dropout ?? 0.1;
    if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new ValueError(`${OP}: dropout must be a probability in [0, 1), got ${fmtValue(p)}`);
    this.dropout = p;
    const pools = o.pools ?? [4, 2];
    if (!Array.isArray(pools) || pools.length !== 2) throw new ValueError(`${OP}: pools must be a pair [p1, p2], got ${fmtValue(pools)}`);
    pools.forEach((q, i) => intOpt(`pools[${i}]`, q, undefined, 1));
    this.pools = [pools[0], pools[1]];
    this.activation = o.activation ?? 'gelu';
    if (this.activation !== 'gelu' && this.activation !== 'relu') throw new ValueError(`${OP}: activation must be 'gelu' or 'relu', got ${fmtValue(this.activation)}`);
    this.tokens = Math.floor(Math.floor(this.samples / this.pools[0]) / this.pools[1]);
    if (this.tokens < 1)
      throw new ValueError(`${OP}: ${this.samples} samples pooled by ${this.pools[0]} and then ${this.pools[1]} leave no time steps; use longer records or smaller pools`);

    const E = this.width;
    const act = () => (this.activation === 'gelu' ? new GELU() : new ReLU());
    const c1 = new Conv1d(this.leads, E / 2, 7, { padding: 3 });
    const c2 = new Conv1d(E / 2, E, 5, { padding: 2 });
    // He init for the rectifier after each conv: Var(W) = 2 / fan_in
    for (const c of [c1, c2]) heNormal(c.weight, { nonlinearity: 'relu' });
    this.stem = this.registerModule(
      'stem',
      new Sequential(c1, new BatchNorm1d(E / 2), act(), new MaxPool1d(this.pools[0]), c2, new BatchNorm1d(E), act(), new MaxPool1d(this.pools[1])),
    );
    this.pos = this.registerModule('pos', new PositionalEncoding(this.tokens, E));
    this.norm1 = this.registerModule('norm1', new LayerNorm(E));
    this.attention = this.registerModule('attn', new MultiheadAttention(E, this.heads));
    this.drop1 = this.registerModule('drop1', new Dropout(p));
    this.norm2 = this.registerModule('norm2', new LayerNorm(E));
    this.drop2 = this.registerModule('drop2', new Dropout(p));
    this.head = this.registerModule('head', new Linear(E, this.classes));
  }

  /** The attention weights of the latest forward pass, [N, heads, T, T], or null before any. */
  get lastAttention(): Tensor | null {
    return this.attention.lastAttention;
  }

  /** x [N, leads, samples] (mV or standardised) → logits [N, classes]. */
  override forward(x: Tensor): Tensor {
    return this.head.forward(this.drop2.forward(this.features(x))); // [N, C]      logits
  }

  /** The pooled feature vector the head reads: x [N, leads, samples] → [N, width] (for PCA plots and probes). */
  features(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError(`${OP}: the input must be a Tensor [N,${this.leads},${this.samples}]`);
    if (x.ndim !== 3 || x.shape[1] !== this.leads || x.shape[2] !== this.samples)
      throw new ShapeError(
        `${OP}: expected a batch of ECGs [N,${this.leads},${this.samples}] (records × leads × samples), got ${fmtShape(x.shape)}` +
          (x.ndim === 2 && x.shape[0] === this.leads ? ' (one record: add the batch axis with x.unsqueeze(0))' : ''),
      );
    const feats = this.stem.forward(x); //                           [N, E, T]   conv · BN · act · pool, twice
    let h = this.pos.forward(transpose(feats, 1, 2)); //              [N, T, E]   tokens + PE[t]
    h = add(h, this.drop1.forward(this.attention.forward(this.norm1.forward(h)))); // [N, T, E]  x + Attn(LN(x))
    return mean(this.norm2.forward(h), 1); //                          [N, E]      average over time
  }

  /** P(class | ECG): softmax of the logits, [N, classes]; rows sum to 1. Uses the current mode. */
  predictProba(x: Tensor): Tensor {
    return softmax(this.forward(x), -1);
  }

  /** Each step of the forward pass with its output shape for a batch of `n`, and its map row. */
  describe(n = 1): EcgNetLayer[] {
    const { leads: C, samples: L, width: E, heads: H, tokens: T, classes: K } = this;
    const [p1, p2] = this.pools;
    const L1 = Math.floor(L / p1);
    const act = this.activation === 'gelu' ? 'GELU' : 'ReLU';
    return [
      { name: '', layer: 'input: ECG batch', shape: [n, C, L], mapRow: '', source: 'data/ecg-synthetic.ts' },
      { name: 'stem.0', layer: `Conv1d(${C}→${E / 2}, kernel 7, padding 3), He init`, shape: [n, E / 2, L], mapRow: 'Convolution', source: 'nn/conv.ts' },
      { name: 'stem.1', layer: `BatchNorm1d(${E / 2})`, shape: [n, E / 2, L], mapRow: 'Batch Normalization', source: 'nn/norm.ts' },
      { name: 'stem.2', layer: act, shape: [n, E / 2, L], mapRow: 'Activation', source: 'ops/activation.ts' },
      { name: 'stem.3', layer: `MaxPool1d(${p1})`, shape: [n, E / 2, L1], mapRow: '', source: 'ops/pool.ts' },
      { name: 'stem.4', layer: `Conv1d(${E / 2}→${E}, kernel 5, padding 2), He init`, shape: [n, E, L1], mapRow: 'Convolution', source: 'nn/conv.ts' },
      { name: 'stem.5', layer: `BatchNorm1d(${E})`, shape: [n, E, L1], mapRow: 'Batch Normalization', source: 'nn/norm.ts' },
      { name: 'stem.6', layer: act, shape: [n, E, L1], mapRow: 'Activation', source: 'ops/activation.ts' },
      { name: 'stem.7', layer: `MaxPool1d(${p2})`, shape: [n, E, T], mapRow: '', source: 'ops/pool.ts' },
      { name: '', layer: 'transpose to tokens', shape: [n, T, E], mapRow: '', source: 'ops/shape.ts' },
      { name: 'pos', layer: `PositionalEncoding(${T}, ${E})`, shape: [n, T, E], mapRow: 'Positional Encoding', source: 'nn/attention.ts' },
      { name: 'norm1', layer: `LayerNorm(${E})`, shape: [n, T, E], mapRow: '', source: 'nn/norm.ts' },
      { name: 'attn', layer: `MultiheadAttention(${E}, ${H} heads)`, shape: [n, T, E], mapRow: 'Self-Attention', source: 'nn/attention.ts' },
      { name: 'drop1', layer: `Dropout(${this.dropout}) + residual x + f(x)`, shape: [n, T, E], mapRow: '', source: 'nn/dropout.ts' },
      { name: 'norm2', layer: `LayerNorm(${E}), mean over time`, shape: [n, E], mapRow: '', source: 'nn/norm.ts' },
      { name: 'head', layer: `Dropout(${this.dropout}) · Linear(${E}→${K})`, shape: [n, K], mapRow: 'Neuron / Dense Layer', source: 'nn/linear.ts' },
      { name: '', layer: 'softmax → P(class | ECG)', shape: [n, K], mapRow: 'Softmax output', source: 'ops/activation.ts' },
    ];
  }

  override extraRepr(): string {
    return `leads=${this.leads}, samples=${this.samples}, classes=${this.classes}, width=${this.width}, heads=${this.heads}, tokens=${this.tokens}`;
  }
}

/**
 * Builds the capstone ECG classifier (see the top of this file for the layer-by-layer path).
 *
 * Shape: x [N, leads, samples] → logits [N, classes].
 * @example
 * const net = models.ecgNet({ leads: 12, samples: 1000, classes: 5 });
 * net.forward(x)                      // [32, 12, 1000] → [32, 5]
 * net.attention.lastAttention         // [32, 2, 125, 125]
 */
export function ecgNet(options: EcgNetOptions): EcgNet {
  return new EcgNet(options);
}
