import { describe, it, expect } from 'vitest';
import { tensor, randn, manualSeed, gradcheck, ShapeError, ValueError, Tensor } from '../index.js';
import * as nn from './index.js';

const ok = (r: { ok: boolean; message: string }) => expect(r.ok, r.message).toBe(true);

/** softmax(q·kᵀ/√d)·v for one [T,d] head, in plain loops (independent of the tensor ops). */
function attentionByHand(q: number[][], k: number[][], v: number[][], causal = false) {
  const d = q[0]!.length;
  const weights = q.map((qi, t) => {
    const s = k.map((kj, j) => (causal && j > t ? -Infinity : qi.reduce((a, x, c) => a + x * kj[c]!, 0) / Math.sqrt(d)));
    const m = Math.max(...s);
    const e = s.map((x) => Math.exp(x - m));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  });
  const out = weights.map((w) => v[0]!.map((_, c) => w.reduce((a, wj, j) => a + wj * v[j]![c]!, 0)));
  return { weights, out };
}

describe('scaledDotProductAttention', () => {
  it('equals softmax(Q·Kᵀ/√d)·V computed by hand', () => {
    const q = [[1, 0], [0, 2], [1, 1]];
    const k = [[1, 1], [-1, 0], [0, 3]];
    const v = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    for (const causal of [false, true]) {
      const { output, weights } = nn.scaledDotProductAttention(tensor(q).double(), tensor(k).double(), tensor(v).double(), { causal });
      const ref = attentionByHand(q, k, v, causal);
      (weights.toArray() as number[][]).flat().forEach((w, i) => expect(w).toBeCloseTo(ref.weights.flat()[i]!, 12));
      (output.toArray() as number[][]).flat().forEach((o, i) => expect(o).toBeCloseTo(ref.out.flat()[i]!, 12));
    }
  });
  it('gradcheck through q, k and v, with and without the causal mask', () => {
    manualSeed(1);
    for (const causal of [false, true])
      ok(gradcheck((q, k, v) => nn.scaledDotProductAttention(q, k, v, { causal }).output, [randn([2, 4, 3]), randn([2, 4, 3]), randn([2, 4, 2])]));
  });
  it('rejects mismatched widths', () => {
    expect(() => nn.scaledDotProductAttention(randn([4, 3]), randn([4, 2]), randn([4, 2]))).toThrow(
      'scaledDotProductAttention: query [4,3] and key [4,2] must have the same last dimension d',
    );
  });
});

describe('MultiheadAttention', () => {
  it('one head equals the projections + attention computed by hand; weights are kept for display', () => {
    manualSeed(2);
    const E = 4;
    const mha = new nn.MultiheadAttention(E, 1).to('float64');
    mha.inProjBias!.data.set(Array.from({ length: 3 * E }, (_, i) => 0.1 * i));
    mha.outProj.bias!.data.set([1, -1, 0.5, 0]);
    const x = randn([1, 3, E]).double();
    const y = mha.forward(x);
    const W = mha.inProjWeight.toArray() as number[][];
    const b = Array.from(mha.inProjBias!.data);
    const xs = (x.toArray() as number[][][])[0]!;
    const proj = (i: number) => xs.map((row) => Array.from({ length: E }, (_, o) => b[i * E + o]! + row.reduce((a, xv, c) => a + xv * W[i * E + o]![c]!, 0)));
    const ref = attentionByHand(proj(0), proj(1), proj(2));
    const Wo = mha.outProj.weight.toArray() as number[][];
    const bo = Array.from(mha.outProj.bias!.data);
    const expected = ref.out.map((h) => Array.from({ length: E }, (_, o) => bo[o]! + h.reduce((a, hv, c) => a + hv * Wo[o]![c]!, 0)));
    (y.toArray() as number[][][])[0]!.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i]!, 10));
    expect(mha.lastAttention!.shape).toEqual([1, 1, 3, 3]);
    (mha.lastAttention!.toArray() as number[][][][])[0]![0]!.flat().forEach((w, i) => expect(w).toBeCloseTo(ref.weights.flat()[i]!, 10));
    expect(mha.lastAttention!.requiresGrad).toBe(false);
  });

  it('causal weights are zero above the diagonal and every row sums to 1; the past cannot see the future', () => {
    manualSeed(3);
    const mha = new nn.MultiheadAttention(8, 2, { causal: true });
    const x = randn([2, 5, 8]);
    const y = mha.forward(x);
    const A = mha.lastAttention!;
    expect(A.shape).toEqual([2, 2, 5, 5]);
    const a = A.data;
    for (let blk = 0; blk < 4; blk++)
      for (let t = 0; t < 5; t++) {
        let row = 0;
        for (let s = 0; s < 5; s++) {
          const w = a[blk * 25 + t * 5 + s]!;
          if (s > t) expect(w).toBe(0);
          row += w;
        }
        expect(row).toBeCloseTo(1, 6);
      }
    // change the last token: outputs at positions 0 … 3 stay exactly the same
    const x2 = x.clone().detach();
    for (let c = 0; c < 8; c++) x2.data[4 * 8 + c] = 100;
    const y2 = mha.forward(x2);
    expect(Array.from(y2.data.slice(0, 4 * 8))).toEqual(Array.from(y.data.slice(0, 4 * 8)));
    expect(y2.data[4 * 8]).not.toBe(y.data[4 * 8]);
  });

  it('without the mask every position attends everywhere (rows sum to 1, weights positive)', () => {
    manualSeed(4);
    const mha = new nn.MultiheadAttention(6, 3);
    mha.forward(randn([1, 4, 6]));
    const a = mha.lastAttention!;
    (a.sum(-1).toArray() as number[][][]).flat(2).forEach((s) => expect(s).toBeCloseTo(1, 6));
    expect(Math.min(...a.data)).toBeGreaterThan(0);
  });

  it('gradcheck w.r.t. input and all parameters: self-attention, causal, and cross-attention', () => {
    manualSeed(5);
    ok(nn.gradcheckModule(new nn.MultiheadAttention(4, 2), [randn([2, 3, 4])]));
    ok(nn.gradcheckModule(new nn.MultiheadAttention(4, 2, { causal: true }), [randn([2, 3, 4])]));
    ok(nn.gradcheckModule(new nn.MultiheadAttention(4, 1, { bias: false }), [randn([1, 2, 4]), randn([1, 3, 4]), randn([1, 3, 4])]));
  });

  it('rejects bad sizes and shapes', () => {
    expect(() => new nn.MultiheadAttention(10, 3)).toThrow(ValueError);
    expect(() => new nn.MultiheadAttention(10, 3)).toThrow('MultiheadAttention: embedDim 10 must be divisible by numHeads 3');
    const mha = new nn.MultiheadAttention(8, 2);
    expect(() => mha.forward(randn([2, 5, 6]))).toThrow('MultiheadAttention: expected query [N,T,8] (batch first, embedDim 8), got [2,5,6]');
    expect(() => mha.forward(randn([5, 8]))).toThrow(ShapeError);
    expect(() => mha.forward(randn([2, 5, 8]), randn([2, 4, 8]), randn([2, 3, 8]))).toThrow(
      'MultiheadAttention: key [2,4,8] and value [2,3,8] must have the same length S',
    );
    expect(() => mha.forward(randn([2, 5, 8]), randn([3, 4, 8]))).toThrow(/must share the batch size/);
  });
});

describe('PositionalEncoding', () => {
  it('follows PE[pos, 2i] = sin(pos/10000^(2i/d)), PE[pos, 2i+1] = cos(…)', () => {
    const d = 6;
    const pe = new nn.PositionalEncoding(50, d);
    const x = new Tensor(new Float32Array(2 * 50 * d), [2, 50, d], 'float32');
    const y = pe.forward(x).toArray() as number[][][];
    for (const pos of [0, 1, 7, 49])
      for (let i = 0; 2 * i < d; i++) {
        const angle = pos / 10000 ** ((2 * i) / d);
        expect(y[1]![pos]![2 * i]).toBeCloseTo(Math.sin(angle), 6);
        expect(y[1]![pos]![2 * i + 1]).toBeCloseTo(Math.cos(angle), 6);
      }
    // every position gets a distinct code
    const codes = new Set(y[0]!.map((r) => r.map((v) => v.toFixed(4)).join()));
    expect(codes.size).toBe(50);
    // an odd width: the last dimension gets a sine only
    expect(new nn.PositionalEncoding(3, 5).pe.data[1 * 5 + 4]).toBeCloseTo(Math.sin(1 / 10000 ** (4 / 5)), 6);
  });
  it('adds to [T, E] and [N, T, E]; gradcheck w.r.t. the input (the gradient passes through unchanged)', () => {
    const pe = new nn.PositionalEncoding(10, 4);
    expect(pe.forward(randn([3, 4])).shape).toEqual([3, 4]);
    manualSeed(6);
    ok(nn.gradcheckModule(pe, [randn([2, 5, 4])]));
  });
  it('a sequence longer than maxLen is a ShapeError naming both', () => {
    const pe = new nn.PositionalEncoding(512, 16);
    expect(() => pe.forward(randn([2, 600, 16]))).toThrow(ShapeError);
    expect(() => pe.forward(randn([2, 600, 16]))).toThrow(
      'PositionalEncoding: the sequence in [2,600,16] has 600 positions but the encoding was built for at most maxLen = 512; build it with maxLen ≥ 600',
    );
    expect(() => pe.forward(randn([2, 10, 8]))).toThrow('PositionalEncoding: expected input [N,T,16] (or [T,16]), got [2,10,8]');
    expect(() => new nn.PositionalEncoding(-1, 4)).toThrow(ValueError);
  });
});
