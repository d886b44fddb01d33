/** Test helpers shared by the engine's test files (not part of the public API). */
import { expect } from 'vitest';
import { gradcheck, type GradcheckOptions } from '../gradcheck.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor.js';

/** Asserts that backward() matches central finite differences, printing the worst entry if not. */
export function expectGradOk(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts?: GradcheckOptions): void {
  const r = gradcheck(fn, inputs, opts);
  expect(r.ok, r.message).toBe(true);
}

/** A float64 tensor of normal samples from its own seeded generator. */
export function rnd(shape: number[], seed = 1, scale = 1, offset = 0): Tensor {
  const g = new Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float64Array.from({ length: n }, () => offset + scale * g.normal()), shape, 'float64');
}

/** Element-wise closeness with a message that names the first differing index. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) expect(a, `index ${i}`).toBeCloseTo(e, 10);
  }
}
