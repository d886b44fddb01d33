import { describe, it, expect } from 'vitest';
import { tensor, randn, zeros, manualSeed, ShapeError, ValueError, DTypeError, Tensor } from '../index.js';
import * as nn from './index.js';

describe('Module: parameters, names, modes', () => {
  it('names parameters with dotted paths as PyTorch does', () => {
    const m = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.BatchNorm1d(4), new nn.Linear(4, 3, { bias: false }));
    expect(m.namedParameters().map(([k, t]) => [k, t.shape])).toEqual([
      ['0.weight', [4, 2]],
      ['0.bias', [4]],
      ['2.weight', [4]],
      ['2.bias', [4]],
      ['3.weight', [3, 4]],
    ]);
    expect(m.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(m.numParameters()).toBe(8 + 4 + 4 + 4 + 12);
    expect(m.namedBuffers().map(([k]) => k)).toEqual(['2.running_mean', '2.running_var', '2.num_batches_tracked']);
    const att = new nn.MultiheadAttention(8, 2);
    expect(att.namedParameters().map(([k]) => k)).toEqual(['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
  });

  it('a parameter shared by two layers is reported once (the state dict, as PyTorch, has it under both names)', () => {
    const a = new nn.Linear(3, 3);
    const m = new nn.Sequential(a, a);
    expect(m.parameters().length).toBe(2);
    expect(Object.keys(m.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(m.loadStateDict(m.stateDict()).missingKeys).toEqual([]);
  });

  it('train() and eval() reach every descendant', () => {
    const inner = new nn.Sequential(new nn.Dropout(0.5));
    const m = new nn.Sequential(new nn.Linear(2, 2), inner);
    expect(m.modules().every((x) => x.training)).toBe(true);
    m.eval();
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.train();
    expect(inner.at(0).training).toBe(true);
  });

  it('zeroGrad clears every gradient', () => {
    const m = new nn.Linear(3, 2);
    m.forward(randn([4, 3])).sum().backward();
    expect(m.weight.grad).not.toBeNull();
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it("to('float64') converts parameters and float buffers in place, keeping tensor identity", () => {
    const bn = new nn.BatchNorm1d(3);
    const w = bn.weight!;
    bn.to('float64');
    expect(bn.weight).toBe(w);
    expect(w.dtype).toBe('float64');
    expect(w.data).toBeInstanceOf(Float64Array);
    expect(bn.runningVar!.dtype).toBe('float64');
    expect(bn.numBatchesTracked!.dtype).toBe('int32');
    expect(bn.forward(randn([4, 3]).double()).dtype).toBe('float64');
    expect(() => bn.to('int32')).toThrow(DTypeError);
  });

  it('Module without forward and bad registrations throw', () => {
    class Empty extends nn.Module {}
    expect(() => new Empty().forward(zeros([1]))).toThrow('Empty.forward: this module does not define forward()');
    class Twice extends nn.Module {
      constructor() {
        super();
        this.registerParameter('w', zeros([1]));
        this.registerParameter('w', zeros([1]));
      }
    }
    expect(() => new Twice()).toThrow("registerParameter: 'w' is already registered on Twice");
    expect(() => new nn.Sequential(new nn.ReLU(), 3 as never)).toThrow('Sequential: argument 1 is not an nn.Module');
  });

  it('prints a PyTorch-style summary', () => {
    const s = new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU()).toString();
    expect(s).toBe('Sequential(\n  (0): Linear(inFeatures=2, outFeatures=4, bias=true)\n  (1): ReLU()\n)');
  });
});

describe('stateDict / loadStateDict', () => {
  const make = () => new nn.Sequential(new nn.Conv1d(2, 3, 3), new nn.BatchNorm1d(3), new nn.Flatten(), new nn.Linear(3 * 4, 2));

  it('round-trips parameters and buffers into a fresh model (same outputs in eval)', () => {
    manualSeed(1);
    const a = make();
    a.forward(randn([5, 2, 6])); // moves the running statistics
    manualSeed(2);
    const b = make();
    const x = randn([3, 2, 6]);
    a.eval();
    b.eval();
    expect(b.forward(x).toArray()).not.toEqual(a.forward(x).toArray());
    const sd = a.stateDict();
    expect(Object.keys(sd)).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '1.num_batches_tracked',
      '3.weight',
      '3.bias',
    ]);
    expect(sd['1.num_batches_tracked']!.item()).toBe(1);
    expect(b.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.forward(x).toArray()).toEqual(a.forward(x).toArray());
    // loading copies: changing the source afterwards does not touch b
    const before = b.forward(x).toArray();
    a.parameters()[0]!.data.fill(0);
    expect(b.forward(x).toArray()).toEqual(before);
  });

  it('a shape mismatch is a ShapeError naming the key and both shapes; nothing is loaded', () => {
    const m = make();
    const sd = make().stateDict();
    sd['3.weight'] = zeros([2, 10]);
    const w0 = Array.from(m.parameters()[0]!.data);
    expect(() => m.loadStateDict(sd)).toThrow(ShapeError);
    expect(() => m.loadStateDict(sd)).toThrow("loadStateDict: '3.weight' has shape [2,10] in the state dict but [2,12] in the model");
    expect(Array.from(m.parameters()[0]!.data)).toEqual(w0);
  });

  it('missing and unexpected keys are a ValueError listing them (or reported with strict: false)', () => {
    const m = make();
    const sd = make().stateDict();
    delete sd['0.bias'];
    sd['extra.weight'] = zeros([1]);
    expect(() => m.loadStateDict(sd)).toThrow(ValueError);
    expect(() => m.loadStateDict(sd)).toThrow(/missing keys: 0\.bias; unexpected keys: extra\.weight/);
    expect(m.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['0.bias'], unexpectedKeys: ['extra.weight'] });
    expect(() => m.loadStateDict({ ...make().stateDict(), '0.weight': [1, 2] as unknown as Tensor })).toThrow(TypeError);
  });

  it('PositionalEncoding keeps its table out of the state dict (non-persistent buffer)', () => {
    const pe = new nn.PositionalEncoding(10, 4);
    expect(pe.namedBuffers().map(([k]) => k)).toEqual(['pe']);
    expect(Object.keys(pe.stateDict())).toEqual([]);
  });
});

describe('Sequential, Residual and activation modules', () => {
  it('Sequential chains its modules; gradcheck through a small MLP', () => {
    manualSeed(4);
    const m = new nn.Sequential(new nn.Linear(3, 5), new nn.Tanh(), new nn.Linear(5, 4), new nn.GELU(), new nn.Linear(4, 2), new nn.Sigmoid());
    const x = randn([4, 3]);
    const l0 = m.at(0) as nn.Linear;
    const manual = x.matmul(l0.weight.T).add(l0.bias!).tanh();
    expect(m.at(1).forward(l0.forward(x)).toArray()).toEqual(manual.toArray());
    expect(m.length).toBe(6);
    expect([...m].length).toBe(6);
    const r = nn.gradcheckModule(m, [x]);
    expect(r.ok, r.message).toBe(true);
  });

  it('Residual computes x + f(x); gradcheck', () => {
    manualSeed(5);
    const f = new nn.Sequential(new nn.Linear(4, 4), new nn.ReLU());
    const r = new nn.Residual(f);
    const x = randn([3, 4]);
    expect(r.forward(x).toArray()).toEqual(x.add(f.forward(x)).toArray());
    expect(r.namedParameters().map(([k]) => k)).toEqual(['fn.0.weight', 'fn.0.bias']);
    const g = nn.gradcheckModule(new nn.Residual(new nn.Sequential(new nn.Linear(4, 4), new nn.Tanh())), [x]);
    expect(g.ok, g.message).toBe(true);
    expect(() => new nn.Residual(new nn.Linear(4, 3)).forward(x)).toThrow(
      'Residual: the wrapped Linear maps [3,4] to [3,3]; x + f(x) needs f to keep the shape',
    );
  });

  it('activation modules apply their function; Flatten keeps the batch axis', () => {
    const x = tensor([[-1, 0, 2]]);
    expect(new nn.ReLU().forward(x).toArray()).toEqual([[0, 0, 2]]);
    expect(new nn.LeakyReLU(0.5).forward(x).toArray()).toEqual([[-0.5, 0, 2]]);
    expect(new nn.Tanh().forward(x).data[0]).toBeCloseTo(Math.tanh(-1), 6);
    expect(new nn.Sigmoid().forward(x).data[1]).toBe(0.5);
    expect(new nn.GELU().forward(x).data[2]).toBeCloseTo(2 * 0.9772498680518208, 6);
    expect(new nn.Softmax().forward(x).sum().item()).toBeCloseTo(1, 6);
    expect(new nn.Flatten().forward(zeros([2, 3, 4])).shape).toEqual([2, 12]);
    expect(new nn.Identity().forward(x)).toBe(x);
  });
});

describe('the public surface', () => {
  it("is reachable as `nn` from the package root, init included", async () => {
    const root = await import('../index.js');
    for (const name of ['Module', 'Sequential', 'Residual', 'Linear', 'Conv1d', 'Conv2d', 'MaxPool1d', 'AvgPool1d', 'BatchNorm1d', 'LayerNorm', 'Dropout', 'MultiheadAttention', 'PositionalEncoding', 'Embedding', 'ReLU', 'Sigmoid', 'Tanh', 'GELU', 'Flatten'])
      expect(typeof (root.nn as Record<string, unknown>)[name], name).toBe('function');
    for (const name of ['xavierUniform', 'xavierNormal', 'heUniform', 'heNormal', 'kaimingUniform', 'kaimingNormal', 'zeros', 'ones', 'uniform', 'normal'])
      expect(typeof (root.nn.init as Record<string, unknown>)[name], name).toBe('function');
  });
  it('apply visits every module, children first', () => {
    const inner = new nn.Linear(2, 2);
    const m = new nn.Sequential(inner, new nn.ReLU());
    const seen: string[] = [];
    m.apply((x) => seen.push(x.constructor.name));
    expect(seen).toEqual(['Linear', 'ReLU', 'Sequential']);
    expect(m.children().length).toBe(2);
    expect(m.namedModules().map(([k]) => k)).toEqual(['', '0', '1']);
  });
});
