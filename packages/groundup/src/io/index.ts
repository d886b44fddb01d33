/**
 * The io namespace: moving tensors in and out of files other tools read.
 *
 * - safetensors (Hugging Face / PyTorch weights): `saveSafetensors(stateDict, metadata?)`,
 *   `loadSafetensors(bytes)`, and `readSafetensorsHeader(bytes)` for the metadata and layout.
 * - NumPy `.npy`: `saveNpy(t)`, `loadNpy(bytes)`.
 *
 * Everything works on `Uint8Array`s, so the same code runs in the browser and in Node: read a
 * file with `fs.readFileSync` or `new Uint8Array(await (await fetch(url)).arrayBuffer())`; write the
 * returned bytes with `fs.writeFileSync` or offer them as a `Blob` download.
 */
export { saveSafetensors, loadSafetensors, readSafetensorsHeader, MAX_HEADER_BYTES } from './safetensors.js';
export type { SafetensorsEntry, SafetensorsHeader } from './safetensors.js';
export { saveNpy, loadNpy, MAX_NPY_HEADER } from './npy.js';
export { saveModelFile, loadModelFile, parseModelFile, checkModelFile, expectModel, sidecarPath, MODEL_FORMAT, MODEL_FILE_VERSION, MAX_SIDECAR_BYTES } from './model-file.js';
export type { ModelFile, JsonRecord } from './model-file.js';
