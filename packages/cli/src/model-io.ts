/**
 * Reading a model file from disk for eval and predict: the weights, and the sidecar beside them
 * when there is one (else the copy in the safetensors header), checked by io.loadModelFile. A file
 * that is not a groundup model, or a damaged one, is a one-line UsageError (exit 2).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Tensor, io } from 'groundup';
import type { Context } from './context.js';
import { UsageError } from './context.js';

export interface LoadedModel {
  path: string;
  file: io.ModelFile;
  tensors: Record<string, Tensor>;
}

export function readModel(cmd: string, weights: string | undefined, ctx: Context): LoadedModel {
  if (!weights) throw new UsageError(`${cmd}: --weights FILE is required (a .safetensors file written by groundup train or saved from the guide)`);
  const path = resolve(ctx.cwd, weights);
  if (!existsSync(path) || statSync(path).isDirectory()) throw new UsageError(`${cmd}: no such file ${path}`);
  const bytes = new Uint8Array(readFileSync(path));
  const side = io.sidecarPath(path);
  const sidecar = existsSync(side) ? readFileSync(side, 'utf8') : undefined;
  try {
    const { file, tensors } = io.loadModelFile(bytes, sidecar);
    return { path, file, tensors };
  } catch (e) {
    if (e instanceof Error && (e.name === 'ValueError' || e.name === 'DTypeError' || e.name === 'TypeError'))
      throw new UsageError(`${cmd}: ${path}${sidecar !== undefined ? ` (with ${side})` : ''}: ${e.message}`);
    throw e;
  }
}

/** Loads the tensors into a freshly built network; a name or shape mismatch is a UsageError. */
export function loadInto(cmd: string, m: LoadedModel, net: { loadStateDict(sd: Record<string, Tensor>): unknown }): void {
  try {
    net.loadStateDict(m.tensors);
  } catch (e) {
    throw new UsageError(`${cmd}: ${m.path}: the weights do not fit the network the description names (${(e as Error).message})`);
  }
}
