/**
 * The fast kernels that ship with groundup, one entry per op, registered for the 'wasm' backend
 * by the dispatcher (src/dispatch.ts) on first use. Each says when it applies (`eligible`: the
 * dtypes, and a size below which the TypeScript loop is as quick as the copies into WebAssembly
 * memory) and computes the op's value and gradients. The references they replace are the ops'
 * own code in src/ops, src/loss and src/optim.
 *
 *   op                   kernel
 *   matmul               SIMD GEMM, batched and broadcast, transposes read through strides
 *   linear               x·Wᵀ + b (+ ReLU) in one pass in WebAssembly memory
 *   conv                 im2col packed straight into the GEMM's panels, samples over the pool
 *   softmaxCrossEntropy  log-softmax, pick and mean in one loop; gradient softmax − onehot
 *   adam                 Adam/AdamW's update in one SIMD pass
 *   gemm                 the raw product behind the public gemm()/gemmBatched()
 *   biasRelu             x + b (then ReLU) in place
 */
import { freshGrad, record } from '../autograd.js';
import type { Kernel, UpdateKernel } from '../dispatch.js';
import { broadcastShapes, batchOffsets, sizeOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import { type AdamHyper, biasReluWasm } from './elementwise.js';
import { adamResident, residentAvailable, syncAdam } from './resident.js';
import { activeRuntime, gemmBatchedWasm } from './gemm.js';
import { type ConvGeometry, convBackward, convForward, linearBackward, linearForward } from './layers.js';
import { fusedSoftmaxCrossEntropy, type Reduction } from './softmax-ce.js';
import { ADAM_MIN_SIZE, BIAS_RELU_MIN_SIZE, CONV_MIN_WORK, FAST_MIN_WORK, LAYER_MIN_WORK } from './thresholds.js';

const f32 = (...ts: (Tensor | null)[]) => ts.every((t) => !t || t.dtype === 'float32');
const loaded = () => activeRuntime() !== null;
const asF32 = (t: Tensor) => (t.dtype === 'float32' ? t : t.to('float32')).data as Float32Array;

/** op(A)·op(B) for float32 tensors of ≥ 2 dimensions (batch dimensions broadcast), through the SIMD GEMM. */
function product(a: Tensor, transA: boolean, b: Tensor, transB: boolean): Tensor {
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const m = transA ? ac : ar, k = transA ? ar : ac, n = transB ? br : bc;
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...batch, m, n];
  const out = new Float32Array(sizeOf(outShape));
  const nb = sizeOf(batch);
  const cOffs = new Int32Array(nb);
  for (let t = 0; t < nb; t++) cOffs[t] = t * m * n;
  gemmBatchedWasm(
    asF32(a), batchOffsets(a.shape.slice(0, -2), batch, m * k), transA,
    asF32(b), batchOffsets(b.shape.slice(0, -2), batch, k * n), transB,
    out, cOffs, m, n, k, false,
  );
  return new Tensor(out, outShape, 'float32');
}

/** C = A·B;  ∂A = G·Bᵀ, ∂B = Aᵀ·G — both products read the transposed operand through strides. */
const matmul: Kernel<[Tensor, Tensor], [Tensor, Tensor]> = {
  describe: `float32, both ≥ 2-D, m·n·k·batch ≥ ${FAST_MIN_WORK}: the SIMD GEMM; the backward's transposes are read through strides, never copied`,
  eligible: (a, b) => {
    if (!f32(a, b) || a.ndim < 2 || b.ndim < 2 || !loaded()) return false;
    const batch = Math.max(sizeOf(a.shape.slice(0, -2)), sizeOf(b.shape.slice(0, -2)));
    return batch * a.shape[a.ndim - 2]! * a.shape[a.ndim - 1]! * b.shape[b.ndim - 1]! >= FAST_MIN_WORK;
  },
  forward: (a, b) => ({ out: product(a, false, b, false), saved: [a, b] }),
  backward: (g, [a, b], [wantA, wantB]) => [
    wantA ? freshGrad(product(g, false, b, true)) : null,
    wantB ? freshGrad(product(a, true, g, false)) : null,
  ],
};

/** y = x·Wᵀ + b (then ReLU): one pass in WebAssembly memory, W never transposed. */
const linear: Kernel<[Tensor, Tensor, Tensor | null, boolean]> = {
  describe: `float32, rows·in·out ≥ ${LAYER_MIN_WORK}: product, bias and ReLU in one pass in WebAssembly memory; backward G·W, Gᵀ·x, Σ G`,
  eligible: (x, w, b) => f32(x, w, b) && (x.size / w.shape[1]!) * w.shape[0]! * w.shape[1]! >= LAYER_MIN_WORK && loaded(),
  forward: (x, w, b, relu) => {
    const [O, I] = w.shape as [number, number];
    const R = x.size / I;
    const y = linearForward(x.data as Float32Array, w.data as Float32Array, b ? (b.data as Float32Array) : null, R, I, O, relu);
    const out = new Tensor(y, [...x.shape.slice(0, -1), O], 'float32');
    const inputs = b ? [x, w, b] : [x, w];
    return {
      out: record(out, relu ? 'linear+relu' : 'linear', inputs, (g) => {
        const r = linearBackward(asF32(g), x.data as Float32Array, w.data as Float32Array, relu ? y : null, R, I, O, {
          x: x.requiresGrad, w: w.requiresGrad, b: !!b?.requiresGrad,
        });
        // new arrays for this call only: leaves may keep them as their .grad
        return [
          freshGrad(r.dx ? new Tensor(r.dx, x.shape, 'float32') : null),
          freshGrad(r.dw ? new Tensor(r.dw, w.shape, 'float32') : null),
          ...(b ? [freshGrad(r.db ? new Tensor(r.db, b.shape, 'float32') : null)] : []),
        ];
      }),
    };
  },
};

/** A 2-D convolution (a 1-D one has height 1) on float32: see kernels/layers.ts. */
const conv: Kernel<[string, Tensor, Tensor, Tensor | null, ConvGeometry], [Tensor, Tensor, Tensor | null, ConvGeometry]> = {
  describe: `float32, out·C·K·positions ≥ ${CONV_MIN_WORK} per sample: im2col packed into the GEMM's panels, samples split over the pool; stride-1 ∂x as a convolution with the flipped filters`,
  eligible: (_op, x, w, b, g) => f32(x, w, b) && g.O * g.C * g.KH * g.KW * g.Hout * g.Wout >= CONV_MIN_WORK && loaded(),
  forward: (op, x, w, b, g) => ({
    out: new Tensor(convForward(x.data as Float32Array, w.data as Float32Array, b ? (b.data as Float32Array) : null, g), [g.N, g.O, g.Hout, g.Wout], 'float32'),
    saved: [x, w, b, g],
    op,
  }),
  backward: (gy, [x, w, b, g], want) => {
    const r = convBackward(asF32(gy), x.data as Float32Array, w.data as Float32Array, g, { x: want[0]!, w: want[1]!, b: !!want[2] });
    return [
      freshGrad(r.dx ? new Tensor(r.dx, x.shape, 'float32') : null),
      freshGrad(r.dw ? new Tensor(r.dw, w.shape, 'float32') : null),
      ...(b ? [freshGrad(r.db ? new Tensor(r.db, b.shape, 'float32') : null)] : []),
    ];
  },
};

/** Softmax cross-entropy of logits [N, C] against int32 indices, fused (any float dtype). */
const softmaxCrossEntropy: Kernel<[Tensor, Tensor, Reduction]> = {
  describe: 'logits [N, C] with class indices, no smoothing/weights/ignore: log-softmax, pick and reduce in one loop; gradient softmax − onehot',
  eligible: () => true,
  forward: (z, y, reduction) => ({ out: fusedSoftmaxCrossEntropy(z, y, reduction) }),
};

/** Adam/AdamW's update in place, one SIMD pass; the moments stay in WebAssembly memory between steps (kernels/resident.ts). */
const adam: UpdateKernel<[Float32Array | Float64Array, Float32Array | Float64Array, Float32Array | Float64Array, Float32Array | Float64Array, AdamHyper]> = {
  describe: `float32 parameters of ≥ ${ADAM_MIN_SIZE} numbers, no amsgrad: the update in one SIMD pass, m and v resident in WebAssembly memory between steps`,
  eligible: (p, g, m, v) =>
    p instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array && p.length >= ADAM_MIN_SIZE && residentAvailable(),
  run: (p, g, m, v, h) => adamResident(p as Float32Array, g as Float32Array, m as Float32Array, v as Float32Array, h),
  sync: syncAdam as (...a: never[]) => void,
};

/** The raw product of the public gemm()/gemmBatched(). */
const gemm: UpdateKernel<Parameters<typeof gemmBatchedWasm>> = {
  describe: `Float32Arrays, m·n·k·batch ≥ ${FAST_MIN_WORK}: the SIMD GEMM in place`,
  eligible: (_a, _ao, _ta, _b, _bo, _tb, _c, cOffs, m, n, k) => m * n * k * cOffs.length >= FAST_MIN_WORK && loaded(),
  run: gemmBatchedWasm,
};

/** x[r, j] += bias[j] (then ReLU) in place, one SIMD pass. */
const biasRelu: UpdateKernel<Parameters<typeof biasReluWasm>> = {
  describe: `rows·cols ≥ ${BIAS_RELU_MIN_SIZE}: bias and ReLU in one SIMD pass`,
  eligible: (_x, _b, rows, cols) => rows * cols >= BIAS_RELU_MIN_SIZE && loaded(),
  run: biasReluWasm,
};

export const BUILTIN_KERNELS = {
  matmul: { wasm: matmul },
  linear: { wasm: linear },
  conv: { wasm: conv },
  softmaxCrossEntropy: { wasm: softmaxCrossEntropy },
  adam: { wasm: adam },
  gemm: { wasm: gemm },
  biasRelu: { wasm: biasRelu },
} as const;
