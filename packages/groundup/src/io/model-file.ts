/**
 * A trained model as two files: the weights as safetensors (PyTorch loads them) and a JSON
 * "sidecar" that says what the weights are: the task, the network's configuration, how inputs are
 * normalised, which table columns the model reads and what its outputs mean. The same description
 * is stored in the safetensors header (metadata key "groundup"), so the weights file alone suffices.
 *
 * The CLI (`groundup train` / `eval` / `predict`) and the guide's training widgets read and write
 * this one format, so a file made in the browser evaluates in a terminal and the other way round.
 */
import { ValueError, fmtValue } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from './safetensors.js';

export const MODEL_FORMAT = 'groundup-model';
export const MODEL_FILE_VERSION = 1;
/** A sidecar longer than this is refused (a real one is a few kilobytes). */
export const MAX_SIDECAR_BYTES = 4_000_000;

/** An open record: each producer adds its own fields; the ones below are checked on load. */
export type JsonRecord = { [key: string]: unknown };

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_FILE_VERSION;
  /** What was learned: a built-in task ('spirals', 'iris', 'ecg', …) or 'csv' for a table. */
  task: string;
  /** 'classification' (default when absent) or 'regression'. */
  kind?: 'classification' | 'regression';
  /** Output i of a classifier means classNames[i]; empty for a regression. */
  classNames: string[];
  /** The network: `kind` ('mlp', 'cnn1d', 'ecgnet', …) and its sizes. */
  model: JsonRecord & { kind: string };
  /** What is done to the inputs first: `kind` ('none', 'standardize', …) and its statistics. */
  preprocess: JsonRecord & { kind: string };
  /**
   * For a model of a table: the feature columns it reads, in order (found by name in a new CSV),
   * the target column, and for a regression the target's scaling (the net predicts (y − mean) / std).
   */
  columns?: { features: string[]; target: string; targetMean?: number; targetStd?: number };
  data?: JsonRecord;
  training?: JsonRecord;
  results?: JsonRecord;
  /** Where the file was made, e.g. 'cli' or 'guide:ch5-train'. */
  source?: string;
}

/** Where the sidecar of a weights file lives: model.safetensors → model.json. */
export function sidecarPath(weights: string): string {
  return weights.endsWith('.safetensors') ? weights.slice(0, -'.safetensors'.length) + '.json' : weights + '.json';
}

const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);
const OP = 'loadModelFile';

/** Checks a parsed sidecar and returns it typed; a ValueError says what is wrong. */
export function checkModelFile(value: unknown): ModelFile {
  if (!isRecord(value)) throw new ValueError(`${OP}: the model description must be a JSON object, got ${fmtValue(value)}`);
  if (value.format !== MODEL_FORMAT) throw new ValueError(`${OP}: this is not a groundup model file (format ${fmtValue(value.format)}, expected "${MODEL_FORMAT}")`);
  if (value.version !== MODEL_FILE_VERSION) throw new ValueError(`${OP}: model file version ${fmtValue(value.version)} is not one this library reads (${MODEL_FILE_VERSION})`);
  if (typeof value.task !== 'string' || value.task.length === 0 || value.task.length > 200) throw new ValueError(`${OP}: "task" must be a short string, got ${fmtValue(value.task)}`);
  if (value.kind !== undefined && value.kind !== 'classification' && value.kind !== 'regression')
    throw new ValueError(`${OP}: "kind" must be "classification" or "regression", got ${fmtValue(value.kind)}`);
  const names = value.classNames;
  if (!Array.isArray(names) || names.length > 100_000 || !names.every((s) => typeof s === 'string' && s.length <= 1000))
    throw new ValueError(`${OP}: "classNames" must be an array of strings, got ${fmtValue(names)}`);
  for (const key of ['model', 'preprocess'] as const) {
    const v = value[key];
    if (!isRecord(v) || typeof v.kind !== 'string') throw new ValueError(`${OP}: "${key}" must be an object with a string "kind", got ${fmtValue(v)}`);
  }
  const c = value.columns;
  if (c !== undefined) {
    if (!isRecord(c) || !Array.isArray(c.features) || !c.features.every((s) => typeof s === 'string') || typeof c.target !== 'string')
      throw new ValueError(`${OP}: "columns" must be { features: string[], target: string }, got ${fmtValue(c)}`);
    for (const k of ['targetMean', 'targetStd'] as const)
      if (c[k] !== undefined && (typeof c[k] !== 'number' || !Number.isFinite(c[k]))) throw new ValueError(`${OP}: "columns.${k}" must be a finite number, got ${fmtValue(c[k])}`);
  }
  return value as unknown as ModelFile;
}

/** Parses sidecar text (JSON) and checks it. */
export function parseModelFile(text: string): ModelFile {
  if (typeof text !== 'string') throw new ValueError(`${OP}: expected the description as JSON text, got ${fmtValue(text)}`);
  if (text.length > MAX_SIDECAR_BYTES) throw new ValueError(`${OP}: the description is ${text.length} characters long; a model description is at most ${MAX_SIDECAR_BYTES}`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ValueError(`${OP}: the model description is not valid JSON (${(e as Error).message})`);
  }
  return checkModelFile(v);
}

/**
 * The two files of a model: safetensors bytes (with the description in the header) and the
 * sidecar JSON text.
 * @example
 * const { weights, sidecar } = io.saveModelFile(net.stateDict(), { format: 'groundup-model', version: 1, task: 'iris', … });
 */
export function saveModelFile(stateDict: Record<string, Tensor>, file: ModelFile): { weights: Uint8Array; sidecar: string } {
  const checked = checkModelFile(JSON.parse(JSON.stringify(file)));
  const json = JSON.stringify(checked);
  return { weights: saveSafetensors(stateDict, { groundup: json }), sidecar: JSON.stringify(checked, null, 2) + '\n' };
}

/**
 * Reads a model saved by saveModelFile: the description from `sidecar` when given (else from the
 * safetensors header) and the tensors. Refuses a file that is not one (a ValueError naming the
 * problem), and tensors holding NaN or ±Infinity.
 */
export function loadModelFile(bytes: Uint8Array, sidecar?: string): { file: ModelFile; tensors: Record<string, Tensor> } {
  let file: ModelFile;
  // the description first: a file of another kind is named as such before its bytes are judged
  if (sidecar !== undefined) file = parseModelFile(sidecar);
  else {
    const header = readSafetensorsHeader(bytes);
    const text = header.metadata?.groundup;
    if (text === undefined) throw new ValueError(`${OP}: the weights file holds no model description (no "groundup" metadata) and no sidecar .json was given; was it written by groundup?`);
    file = parseModelFile(text);
  }
  const tensors = loadSafetensors(bytes);
  for (const [name, t] of Object.entries(tensors)) {
    if (t.dtype !== 'float32' && t.dtype !== 'float64') continue;
    const d = t.data as Float32Array;
    for (let i = 0; i < d.length; i++)
      if (!Number.isFinite(d[i]!)) throw new ValueError(`${OP}: tensor "${name}" holds ${d[i]} at element ${i}; a trained model's weights are finite numbers`);
  }
  return { file, tensors };
}

/**
 * Checks that a model file describes the network a caller is about to load it into: every field of
 * `expected` must equal the file's `model` field, else a ValueError listing the differences.
 * @example
 * io.expectModel(file, { kind: 'mlp', inFeatures: 2, hidden: 32, layers: 2, activation: 'tanh', outFeatures: 3 });
 */
export function expectModel(file: ModelFile, expected: JsonRecord, what = 'this model'): void {
  const diffs: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    const got = file.model[k];
    if (JSON.stringify(got) !== JSON.stringify(v)) diffs.push(`${k} ${JSON.stringify(got)} (expected ${JSON.stringify(v)})`);
  }
  if (diffs.length) throw new ValueError(`expectModel: the file is for another network than ${what}: ${diffs.join(', ')}`);
}
