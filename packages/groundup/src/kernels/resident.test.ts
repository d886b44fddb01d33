/**
 * Adam's moments resident in WebAssembly memory: what state() shows, a switch to the reference
 * path mid-run, a checkpoint round trip, and memory that stays flat. The expected values come
 * from the same optimizer run in float64 on the reference loop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Generator, Tensor, matmul, optim, randn, setBackend } from '../index.js';
import { residentBytes } from './resident.js';

afterEach(() => setBackend('wasm'));

function problem(seed: number) {
  const gen = new Generator(seed);
  const w = randn([32, 24], { generator: gen, requiresGrad: true });
  const x = randn([20, 24], { generator: gen });
  return { w, x };
}
const lossOf = (w: Tensor, x: Tensor) => matmul(x, w.mT).sub(1).square().mean();

/** n Adam steps; `between(step)` runs before each. */
function train(w: Tensor, x: Tensor, opt: optim.Adam, n: number, between: (s: number) => void = () => {}) {
  for (let s = 0; s < n; s++) {
    between(s);
    opt.zeroGrad();
    lossOf(w, x).backward();
    opt.step();
  }
}

function maxDiff(a: Tensor, b: Tensor) {
  let d = 0;
  for (let i = 0; i < a.size; i++) d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
  return d;
}

describe('Adam with resident moments', () => {
  it('state() shows the current moments: they match a float64 run of the reference loop', () => {
    const { w, x } = problem(1);
    const w64 = w.double().detach().requiresGrad_(), x64 = x.double();
    const opt = new optim.Adam([w], { lr: 1e-2 }), opt64 = new optim.Adam([w64], { lr: 1e-2 });
    train(w, x, opt, 10);
    train(w64, x64, opt64, 10);
    const s = opt.state(0)!, s64 = opt64.state(0)!;
    expect(s.step).toBe(10);
    expect(maxDiff(s.expAvg as Tensor, s64.expAvg as Tensor)).toBeLessThan(1e-6);
    expect(maxDiff(s.expAvgSq as Tensor, s64.expAvgSq as Tensor)).toBeLessThan(1e-6);
    expect((s.expAvg as Tensor).data.some((v) => v !== 0)).toBe(true);
    expect(maxDiff(w, w64)).toBeLessThan(1e-5);
  });

  it('switching to the reference loop mid-run and back continues from the resident moments', () => {
    const a = problem(2), b = problem(2);
    const optA = new optim.AdamW([a.w], { lr: 1e-2, weightDecay: 0.1 }), optB = new optim.AdamW([b.w], { lr: 1e-2, weightDecay: 0.1 });
    train(a.w, a.x, optA, 12); // all on the kernel
    train(b.w, b.x, optB, 12, (s) => setBackend(s >= 4 && s < 8 ? 'reference' : 'wasm'));
    expect(maxDiff(a.w, b.w)).toBeLessThan(1e-6);
  });

  it('a checkpoint (stateDict → loadStateDict) mid-run gives the same weights as an unbroken run', () => {
    const a = problem(3), b = problem(3);
    const optA = new optim.Adam([a.w], { lr: 1e-2 });
    train(a.w, a.x, optA, 10);
    const optB = new optim.Adam([b.w], { lr: 1e-2 });
    train(b.w, b.x, optB, 5);
    const sd = optB.stateDict();
    const optC = new optim.Adam([b.w], { lr: 1e-2 });
    optC.loadStateDict(sd);
    train(b.w, b.x, optC, 5);
    expect(maxDiff(a.w, b.w)).toBeLessThan(1e-6);
  });

  it('memory stays flat over many steps and checkpoint restores', () => {
    const { w, x } = problem(4);
    const opt = new optim.Adam([w], { lr: 1e-3 });
    train(w, x, opt, 5);
    const before = residentBytes();
    expect(before).toBeGreaterThan(0);
    train(w, x, opt, 200);
    for (let k = 0; k < 50; k++) {
      opt.loadStateDict(opt.stateDict()); // new buffers: loadStateDict hands the old blocks back
      train(w, x, opt, 1);
    }
    expect(residentBytes()).toBe(before);
  });
});
