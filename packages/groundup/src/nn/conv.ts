/**
 * Convolution and pooling layers. A convolution slides a small learned filter along the signal
 * (Conv1d: time; Conv2d: height and width) and takes a dot product at every position, so the same
 * few weights detect a pattern wherever it occurs. The math and both implementations (the
 * readable sliding dot product and the fast im2col path) are in `ops/conv.ts`.
 *
 * Default init (PyTorch's): W and b ~ U(−1/√fan_in, 1/√fan_in), fan_in = in_channels · kernel size
 * (Kaiming-uniform with a = √5, Var(W) = 1/(3·fan_in)). For ReLU stacks, `init.heNormal(conv.weight)`.
 */
import { zeros } from '../creation.js';
import { ShapeError, ValueError, assertInt, fmtShape, fmtValue } from '../errors.js';
import { conv1d, conv1dReference, conv2d, conv2dReference, convOutputSize } from '../ops/conv.js';
import { avgPool1d, maxPool1d } from '../ops/pool.js';
import { Tensor } from '../tensor.js';
import { sizeOf } from '../shape.js';
import { heUniform, uniform } from './init.js';
import { Module } from './module.js';

export interface Conv1dOptions {
  /** How far the window moves between outputs (default 1). */
  stride?: number;
  /** Zeros added at both ends of the signal (default 0). */
  padding?: number;
  /** Add a learned bias per output channel (default true). */
  bias?: boolean;
}

export interface Conv2dOptions {
  stride?: number | [number, number];
  padding?: number | [number, number];
  bias?: boolean;
}

function pairOf(layer: string, what: string, v: number | [number, number], min: number): [number, number] {
  const p: unknown[] = Array.isArray(v) ? v : [v, v];
  if (p.length !== 2) throw new ValueError(`${layer}: ${what} must be a number or a pair [h, w], got ${fmtValue(v)}`);
  p.forEach((n) => assertInt(layer, what, n, min));
  return p as [number, number];
}

function initConv(m: Module, weightShape: number[], bias: boolean): [Tensor, Tensor | null] {
  const fanIn = sizeOf(weightShape.slice(1));
  const w = m.registerParameter('weight', heUniform(zeros(weightShape), { a: Math.sqrt(5) }));
  const bound = 1 / Math.sqrt(fanIn);
  const b = m.registerParameter('bias', bias ? uniform(zeros([weightShape[0]!]), -bound, bound) : null);
  return [w, b];
}

/**
 * 1-D convolution over [N, C_in, L] → [N, C_out, L_out], L_out = ⌊(L + 2p − K)/s⌋ + 1.
 *
 *   y[n, o, t] = b[o] + Σ_c Σ_j W[o, c, j] · x[n, c, t·s + j − p]
 *
 * weight [C_out, C_in, K], bias [C_out]. E.g. 12 ECG leads in, 16 feature channels out:
 * `new Conv1d(12, 16, 7, { padding: 3 })` keeps the length.
 */
export class Conv1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly stride: number;
  readonly padding: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    { stride = 1, padding = 0, bias = true }: Conv1dOptions = {},
  ) {
    super();
    assertInt('Conv1d', 'inChannels', inChannels, 1);
    assertInt('Conv1d', 'outChannels', outChannels, 1);
    assertInt('Conv1d', 'kernelSize', kernelSize, 1);
    assertInt('Conv1d', 'stride', stride, 1);
    assertInt('Conv1d', 'padding', padding, 0);
    this.stride = stride;
    this.padding = padding;
    [this.weight, this.bias] = initConv(this, [outChannels, inChannels, kernelSize], bias);
  }

  private check(x: Tensor): void {
    if (!(x instanceof Tensor)) throw new TypeError('Conv1d: the input must be a Tensor');
    const C = this.inChannels;
    if (x.ndim !== 3 || x.shape[1] !== C)
      throw new ShapeError(
        `Conv1d: expected input with ${C} channels [N,${C},L], got ${fmtShape(x.shape)}` +
          (x.ndim === 2 && x.shape[0] === C ? ' (add the batch dimension: x.unsqueeze(0))' : ''),
      );
    const L = x.shape[2]!;
    if (convOutputSize(L, this.kernelSize, this.stride, this.padding) < 1)
      throw new ShapeError(
        `Conv1d: input ${fmtShape(x.shape)} is too short: length ${L} with padding ${this.padding} on each side is less than the kernel size ${this.kernelSize}`,
      );
  }

  /** x [N, C_in, L] → [N, C_out, L_out], by the fast im2col path. */
  override forward(x: Tensor): Tensor {
    this.check(x);
    return conv1d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  /** The same output computed by the readable sliding-dot-product loop (slow; for checking and teaching). */
  forwardReference(x: Tensor): Tensor {
    this.check(x);
    return conv1dReference(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, bias=${this.bias !== null}`;
  }
}

/**
 * 2-D convolution over [N, C_in, H, W] → [N, C_out, H_out, W_out].
 *
 *   y[n, o, i, j] = b[o] + Σ_c Σ_u Σ_v W[o, c, u, v] · x[n, c, i·s_h + u − p_h, j·s_w + v − p_w]
 *
 * weight [C_out, C_in, KH, KW], bias [C_out]. `kernel`, `stride` and `padding` take a number or [h, w].
 */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernel: number | [number, number],
    { stride = 1, padding = 0, bias = true }: Conv2dOptions = {},
  ) {
    super();
    assertInt('Conv2d', 'inChannels', inChannels, 1);
    assertInt('Conv2d', 'outChannels', outChannels, 1);
    this.kernelSize = pairOf('Conv2d', 'kernel', kernel, 1);
    this.stride = pairOf('Conv2d', 'stride', stride, 1);
    this.padding = pairOf('Conv2d', 'padding', padding, 0);
    [this.weight, this.bias] = initConv(this, [outChannels, inChannels, ...this.kernelSize], bias);
  }

  private check(x: Tensor): void {
    if (!(x instanceof Tensor)) throw new TypeError('Conv2d: the input must be a Tensor');
    const C = this.inChannels;
    if (x.ndim !== 4 || x.shape[1] !== C) throw new ShapeError(`Conv2d: expected input with ${C} channels [N,${C},H,W], got ${fmtShape(x.shape)}`);
    for (let i = 0; i < 2; i++)
      if (convOutputSize(x.shape[2 + i]!, this.kernelSize[i]!, this.stride[i], this.padding[i]) < 1)
        throw new ShapeError(
          `Conv2d: input ${fmtShape(x.shape)} is too small: ${i ? 'width' : 'height'} ${x.shape[2 + i]} with padding ${this.padding[i]} on each side is less than the kernel size ${this.kernelSize[i]}`,
        );
  }

  /** x [N, C_in, H, W] → [N, C_out, H_out, W_out], by the fast im2col path. */
  override forward(x: Tensor): Tensor {
    this.check(x);
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  /** The same output by the readable sliding-dot-product loop. */
  forwardReference(x: Tensor): Tensor {
    this.check(x);
    return conv2dReference(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize}], stride=[${this.stride}], padding=[${this.padding}], bias=${this.bias !== null}`;
  }
}

/** Max over windows of `kernelSize` samples, `stride` apart (default: kernelSize): [N, C, L] → [N, C, ⌊(L−K)/s⌋+1]. */
export class MaxPool1d extends Module {
  readonly stride: number;
  constructor(
    readonly kernelSize: number,
    stride?: number,
  ) {
    super();
    assertInt('MaxPool1d', 'kernelSize', kernelSize, 1);
    this.stride = stride ?? kernelSize;
    assertInt('MaxPool1d', 'stride', this.stride, 1);
  }
  override forward(x: Tensor): Tensor {
    if (x instanceof Tensor && (x.ndim !== 3 || x.shape[2]! < this.kernelSize))
      throw new ShapeError(`MaxPool1d: expected input [N,C,L] with L ≥ ${this.kernelSize} (the window), got ${fmtShape(x.shape)}`);
    return maxPool1d(x, this.kernelSize, this.stride);
  }
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.stride}`;
  }
}

/** Mean over windows of `kernelSize` samples, `stride` apart (default: kernelSize): [N, C, L] → [N, C, ⌊(L−K)/s⌋+1]. */
export class AvgPool1d extends Module {
  readonly stride: number;
  constructor(
    readonly kernelSize: number,
    stride?: number,
  ) {
    super();
    assertInt('AvgPool1d', 'kernelSize', kernelSize, 1);
    this.stride = stride ?? kernelSize;
    assertInt('AvgPool1d', 'stride', this.stride, 1);
  }
  override forward(x: Tensor): Tensor {
    if (x instanceof Tensor && (x.ndim !== 3 || x.shape[2]! < this.kernelSize))
      throw new ShapeError(`AvgPool1d: expected input [N,C,L] with L ≥ ${this.kernelSize} (the window), got ${fmtShape(x.shape)}`);
    return avgPool1d(x, this.kernelSize, this.stride);
  }
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.stride}`;
  }
}
