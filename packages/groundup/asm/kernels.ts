// Entry point of the WebAssembly module: every kernel the TypeScript side calls.
export { gemm, workBytes } from './gemm';
export { adam, biasRelu } from './elementwise';
