import { describe, expect, it } from 'vitest';
import { io, manualSeed, models, noGrad, tensor } from '../index.js';
import type { ModelFile } from './model-file.js';

const describeNet = (): ModelFile => ({
  format: 'groundup-model',
  version: 1,
  task: 'csv',
  kind: 'classification',
  classNames: ['a', 'b', 'c'],
  model: { kind: 'mlp', inFeatures: 2, hidden: 4, layers: 1, activation: 'relu', outFeatures: 3 },
  preprocess: { kind: 'standardize', mean: [1, 2], std: [3, 4] },
  columns: { features: ['x1', 'x2'], target: 'label' },
});

describe('saveModelFile / loadModelFile', () => {
  it('round-trips the weights and the description, from the sidecar or from the header alone', () => {
    manualSeed(3);
    const net = models.mlp({ inFeatures: 2, hidden: 4, layers: 1, outFeatures: 3 });
    const { weights, sidecar } = io.saveModelFile(net.stateDict(), describeNet());
    expect(JSON.parse(sidecar)).toEqual(describeNet());
    for (const loaded of [io.loadModelFile(weights, sidecar), io.loadModelFile(weights)]) {
      expect(loaded.file).toEqual(describeNet());
      const copy = models.mlp({ inFeatures: 2, hidden: 4, layers: 1, outFeatures: 3 });
      copy.loadStateDict(loaded.tensors);
      const x = tensor([[0.5, -1], [2, 3]]);
      expect(Array.from(noGrad(() => copy.forward(x)).data)).toEqual(Array.from(noGrad(() => net.forward(x)).data));
    }
  });
  it('refuses files that are not model files, with a reason', () => {
    const net = models.mlp({ inFeatures: 2, hidden: 4, layers: 1, outFeatures: 3 });
    const { weights } = io.saveModelFile(net.stateDict(), describeNet());
    expect(() => io.loadModelFile(io.saveSafetensors(net.stateDict()))).toThrow(/no model description/);
    expect(() => io.loadModelFile(weights, '{"format":"other"}')).toThrow(/not a groundup model file/);
    expect(() => io.loadModelFile(weights, 'not json')).toThrow(/not valid JSON/);
    expect(() => io.loadModelFile(weights, JSON.stringify({ ...describeNet(), version: 9 }))).toThrow(/version 9/);
    expect(() => io.loadModelFile(weights, JSON.stringify({ ...describeNet(), classNames: [1, 2] }))).toThrow(/classNames/);
    expect(() => io.loadModelFile(weights, JSON.stringify({ ...describeNet(), model: { hidden: 4 } }))).toThrow(/"model" must be an object with a string "kind"/);
    expect(() => io.loadModelFile(weights, ' '.repeat(io.MAX_SIDECAR_BYTES + 1))).toThrow(/at most/);
    expect(() => io.loadModelFile(new Uint8Array([1, 2, 3]))).toThrow(/truncated/);
    const truncated = weights.slice(0, weights.length - 8);
    expect(() => io.loadModelFile(truncated)).toThrow(/loadSafetensors/);
    const nan = io.saveModelFile({ w: tensor([1, NaN]) }, describeNet()).weights;
    expect(() => io.loadModelFile(nan)).toThrow(/tensor "w" holds NaN at element 1/);
  });
  it('expectModel names every field where the file differs from the network at hand', () => {
    const f = describeNet();
    expect(() => io.expectModel(f, { kind: 'mlp', inFeatures: 2, hidden: 4 })).not.toThrow();
    expect(() => io.expectModel(f, { kind: 'ecgnet', hidden: 32 }, 'the capstone')).toThrow('another network than the capstone: kind "mlp" (expected "ecgnet"), hidden 4 (expected 32)');
  });
  it('sidecarPath puts the .json beside the weights', () => {
    expect(io.sidecarPath('/a/m.safetensors')).toBe('/a/m.json');
    expect(io.sidecarPath('m.bin')).toBe('m.bin.json');
  });
});
