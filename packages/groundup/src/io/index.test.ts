import { describe, expect, it } from 'vitest';
import { io, tensor } from '../index.js';

describe('io namespace (public API)', () => {
  it('exposes the contract names and they work together', () => {
    const sd = { w: tensor([[1, 2], [3, 4]]) };
    const back = io.loadSafetensors(io.saveSafetensors(sd));
    expect(back['w']!.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(io.loadNpy(io.saveNpy(sd.w)).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(io.readSafetensorsHeader(io.saveSafetensors(sd, { format: 'pt' })).metadata).toEqual(Object.assign(Object.create(null), { format: 'pt' }));
  });
});
