/**
 * The fast path underneath the reference ops: WebAssembly SIMD kernels, a worker pool, and the
 * switches that choose between them and the readable TypeScript loops.
 *
 *   setBackend('reference')   // every float32 op on the readable path (the default is 'wasm')
 *   await setThreads(2)       // large matrix products on two threads where SharedArrayBuffer exists
 */
export { setBackend, getBackend, gemm, gemmBatched, gemmReference, FAST_MIN_WORK, THREAD_MIN_WORK } from './gemm.js';
export type { Backend, KernelInfo } from './gemm.js';
export { kernelInfo } from './gemm.js';
export { setKernelBuild } from './runtime.js';
export type { KernelBuild } from './runtime.js';
export { setThreads, getThreads } from './pool.js';
export { adamUpdate, biasRelu } from './elementwise.js';
export type { AdamHyper } from './elementwise.js';
