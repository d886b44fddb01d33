/**
 * Drives every row of the op table (ops/op-table.ts) through the same checks. Each expected value
 * comes from somewhere other than the op under test: central finite differences (float64 gradcheck,
 * and float32 differences through each fast kernel), the other backend, an explicitly materialised
 * broadcast, and the error classes of errors.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DTypeError, Generator, ShapeError, Tensor, ValueError, gradcheck, listKernels, registerKernel, setBackend, tensor } from '../index.js';
import type { Kernel } from '../dispatch.js';
import { NOT_OPS, type Domain, type OpRow, exportedOps, opTable } from './op-table.js';

afterAll(() => setBackend('wasm'));
const rows = opTable();

/** Float inputs for a row: seeded, in the row's domain, as `dtype`. */
function inputs(row: OpRow, shapes: number[][], dtype: 'float32' | 'float64', seed = 1): Tensor[] {
  const gen = new Generator(seed);
  const draw = (d: Domain | undefined) => {
    const u = gen.random();
    if (d === 'positive') return 0.5 + 1.5 * u;
    if (d === 'distinct') return (u < 0.5 ? -1 : 1) * (0.2 + u); // away from 0 (kinks), ties unlikely
    return 2 * u - 1;
  };
  const xs = shapes.map((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    return tensor(Array.from({ length: n }, () => draw(row.domain)), { dtype }).reshape(s);
  });
  return [...xs, ...(row.extra ? row.extra(() => gen.random()) : [])];
}

/** max |a − b| / (1 + max |b|). */
function relErr(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  let worst = 0, scale = 0;
  for (let i = 0; i < b.size; i++) {
    if (Number.isNaN(a.data[i]!) && Number.isNaN(b.data[i]!)) continue;
    worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
    scale = Math.max(scale, Math.abs(b.data[i]!));
  }
  return worst / (1 + scale);
}

/** Materialises x broadcast to `shape` with explicit index arithmetic (not the library's expand). */
function broadcastTo(x: Tensor, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  const lead = shape.length - x.ndim;
  for (let i = 0; i < n; i++) {
    let rest = i, src = 0, stride = 1;
    const idx: number[] = [];
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
    }
    for (let d = x.ndim - 1; d >= 0; d--) {
      const k = x.shape[d] === 1 ? 0 : idx[d + lead]!;
      src += k * stride;
      stride *= x.shape[d]!;
    }
    out[i] = x.data[src]!;
  }
  return tensor(Array.from(out), { dtype: x.dtype as 'float64' }).reshape(shape);
}

describe('the op table', () => {
  it('has a row for every exported op (or says why a function is not an op)', () => {
    const named = new Set(rows.map((r) => r.name));
    const missing = [...exportedOps().keys()].filter((k) => !named.has(k) && !(k in NOT_OPS));
    expect(missing).toEqual([]);
    const kernels = new Set(listKernels().map((k) => k.op));
    for (const r of rows) if (r.kernel) expect(kernels.has(r.kernel.name)).toBe(true);
  });

  it('covers every registered tensor-op kernel with at least one row', () => {
    const used = new Set(rows.flatMap((r) => (r.kernel ? [r.kernel.name] : [])));
    // gemm, adam and biasRelu are update kernels on raw arrays: kernels/gemm.test.ts and builds.test.ts check them
    for (const k of listKernels()) if (!['gemm', 'adam', 'biasRelu'].includes(k.op)) expect(used.has(k.op)).toBe(true);
  });
});

for (const row of rows)
  describe(`op ${row.name}`, () => {
    if (row.grad !== false)
      it('gradcheck in float64 (backward against central differences)', () => {
        const xs = inputs(row, row.shapes, 'float64');
        const nf = row.shapes.length;
        xs.slice(0, nf).forEach((x) => x.requiresGrad_());
        const res = gradcheck((...a) => row.run(...a, ...xs.slice(nf)), xs.slice(0, nf));
        expect(res.ok, res.message).toBe(true);
      });

    it('both backends agree in float32, value and gradients', () => {
      const run = (backend: 'wasm' | 'reference') => {
        setBackend(backend);
        const xs = inputs(row, row.shapes, 'float32');
        const nf = row.shapes.length;
        if (row.grad !== false) xs.slice(0, nf).forEach((x) => x.requiresGrad_());
        const y = row.run(...xs);
        if (row.grad !== false) y.sum().backward();
        return [y, ...(row.grad !== false ? xs.slice(0, nf).map((x) => x.grad!) : [])];
      };
      const fast = run('wasm'), ref = run('reference');
      setBackend('wasm');
      fast.forEach((t, i) => expect(relErr(t.to('float64'), ref[i]!.to('float64'))).toBeLessThan(1e-5));
    });

    it('float64 in gives float64 out; int32 in as documented', () => {
      const y = row.run(...inputs(row, row.shapes, 'float64'));
      if (row.grad !== false) expect(y.dtype).toBe('float64');
      const ints = inputs(row, row.shapes, 'float64').map((x, i) => (i < row.shapes.length ? x.mul(3).to('int32') : x));
      if (row.int32 === 'error') expect(() => row.run(...ints)).toThrow(DTypeError);
      else if (row.int32 === 'float') expect(row.run(...ints).dtype).toBe('float32');
      else if (row.int32 === 'same') expect(['int32', 'float32']).toContain(row.run(...ints).dtype);
    });

    if (row.emptyRefused)
      it('refuses a reduction over an empty axis with a typed error', () => {
        expect(() => row.run(...inputs(row, row.emptyRefused!, 'float32'))).toThrow(ValueError);
      });

    if (row.broadcast)
      it('broadcasts like NumPy: the same as on explicitly broadcast operands', () => {
        const [sa, sb] = row.broadcast!;
        const [a, b] = inputs(row, [sa, sb], 'float64');
        const y = row.run(a!, b!);
        const full = [3, 5, 4];
        expect(y.shape).toEqual(full);
        expect(relErr(y.to('float64'), row.run(broadcastTo(a!, full), broadcastTo(b!, full)).to('float64'))).toBe(0);
      });

    if (row.empty) it(row.empty === 'error' ? 'refuses empty tensors with a typed error' : 'accepts empty tensors', () => {
      if (row.empty === 'error') {
        const xs = inputs(row, row.shapes.map((s) => [0, ...s.slice(1)]), 'float32');
        let err: unknown = null;
        try {
          row.run(...xs);
        } catch (e) {
          err = e;
        }
        expect(err instanceof ShapeError || err instanceof ValueError, String(err)).toBe(true);
      } else if (row.empty) {
        const y = row.run(...inputs(row, row.empty, 'float32'));
        expect(y.data.length).toBe(y.shape.reduce((a, b) => a * b, 1));
      }
    });

    it('bad input: a typed error whose message starts with the op name', () => {
      let err: unknown;
      try {
        row.bad();
      } catch (e) {
        err = e;
      }
      expect(err, 'no error thrown').toBeInstanceOf(Error);
      const e = err as Error;
      expect(e instanceof ShapeError || e instanceof DTypeError || e instanceof ValueError || e instanceof TypeError).toBe(true);
      expect(e.message.startsWith(`${row.errorName ?? row.name}:`), e.message).toBe(true);
    });

    if (row.kernel)
      it(`float32: the ${row.kernel.name} kernel runs, and its backward matches float32 finite differences`, () => {
        setBackend('wasm');
        const name = row.kernel!.name;
        const orig = listKernels().find((k) => k.op === name)!;
        expect(orig).toBeDefined();
        let calls = 0;
        // wrap the registered kernel to see it run, then put it back
        const real = registerKernel(name, 'wasm', { describe: 'spy', eligible: () => false, forward: () => { throw new Error(); } }) as Kernel<unknown[]>;
        registerKernel(name, 'wasm', {
          describe: real.describe,
          eligible: (...a: unknown[]) => real.eligible(...a),
          forward: (...a: unknown[]) => (calls++, real.forward(...a)),
          ...(real.backward ? { backward: real.backward.bind(real) } : {}),
        });
        try {
          const shapes = row.kernel!.shapes;
          const xs = inputs(row, shapes, 'float32', 3);
          const nf = shapes.length;
          xs.slice(0, nf).forEach((x) => x.requiresGrad_());
          const gen = new Generator(9);
          const y0 = row.run(...xs);
          const G = tensor(Array.from({ length: y0.size }, () => gen.random() - 0.5)).reshape([...y0.shape]);
          const L = (...a: Tensor[]) => {
            const y = row.run(...a);
            let s = 0;
            for (let i = 0; i < y.size; i++) s += y.data[i]! * G.data[i]!;
            return s;
          };
          row.run(...xs).mul(G).sum().backward();
          expect(calls).toBeGreaterThan(0);
          const h = 2e-3;
          for (let k = 0; k < nf; k++) {
            const x = xs[k]!;
            for (let t = 0; t < 6; t++) {
              const i = Math.floor(gen.random() * x.size);
              const plus = xs.map((v) => v.detach().clone()), minus = xs.map((v) => v.detach().clone());
              plus[k]!.data[i] += h;
              minus[k]!.data[i] -= h;
              const fd = (L(...plus) - L(...minus)) / (2 * h);
              const an = x.grad!.data[i]!;
              expect(Math.abs(an - fd), `${row.name} input ${k} entry ${i}: backward ${an}, differences ${fd}`).toBeLessThan(2e-2 * (1 + Math.abs(fd)));
            }
          }
        } finally {
          registerKernel(name, 'wasm', real);
        }
      });
  });
