// Entry point of the WebAssembly module: every kernel the TypeScript side calls.
export { gemm, workBytes } from './gemm';
export { adam, biasRelu, colSum, rowSum, rowBias, reluMask } from './elementwise';
export { im2col, col2im, convForward, convForwardArgs, convWeightGrad } from './conv';
