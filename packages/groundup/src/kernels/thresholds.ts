/**
 * Every size threshold of the fast path, in one place. Below a threshold the TypeScript loop is
 * as quick as copying the operands into WebAssembly memory (or a split over threads costs more
 * than it saves). The kernels' `eligible` checks (kernels/builtin.ts) and the thread splits read
 * them from here.
 */

/** Multiply-adds (m·n·k summed over a batch) below which a matrix product stays in TypeScript. */
export const FAST_MIN_WORK = 4096;
/** Multiply-adds per matrix below which a product is not split over threads. */
export const THREAD_MIN_WORK = 1 << 20;
/** Multiply-adds (rows·in·out) below which a dense layer stays in TypeScript. */
export const LAYER_MIN_WORK = 4096;
/** Multiply-adds per sample below which a convolution stays in TypeScript. */
export const CONV_MIN_WORK = 4096;
/** Parameters below which Adam's update stays in TypeScript. */
export const ADAM_MIN_SIZE = 256;
/** Elements below which a bias + ReLU pass stays in TypeScript. */
export const BIAS_RELU_MIN_SIZE = 1024;
