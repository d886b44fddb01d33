/** How numbers, shapes and tensors are written everywhere in the guide. */
import { isTensor, type Tensor } from 'groundup';

/** Shapes are written like PyTorch prints them: [32, 12, 1000]; a 0-d tensor is []. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A number with a fixed count of decimals; −0 becomes 0 and the minus sign is a real minus. */
export function fmtNum(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const abs = Math.abs(x);
  const s = abs !== 0 && (abs < 1e-4 || abs >= 1e6) ? x.toExponential(digits - 1) : x.toFixed(digits);
  return (Object.is(Number(s), -0) ? s.replace('-', '') : s).replace('-', '−');
}

/** Nested arrays of the tensor's values (a 0-d tensor gives a number). */
export function values(t: Tensor): number | unknown[] {
  return t.toArray() as number | unknown[];
}

/** One-line text form: `tensor([[1, 2], [3, 4]]) shape [2, 2] float32` — used by the code cell. */
export function tensorToString(t: Tensor, digits = 4): string {
  const body = JSON.stringify(t.toArray(), (_k, v) => (typeof v === 'number' ? Number(v.toFixed(digits)) : v)).replace(/,/g, ', ');
  return `tensor(${body}) shape ${fmtShape(t.shape)} ${t.dtype}`;
}

/** Any value as text for the code cell's output. */
export function show(v: unknown): string {
  if (isTensor(v)) return tensorToString(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${Array.from(v as unknown as ArrayLike<number>).join(', ')})`;
  try {
    return JSON.stringify(v, (_k, x) => (isTensor(x) ? tensorToString(x) : x));
  } catch {
    return String(v);
  }
}
