/**
 * Graph inspection for the guide: the nodes that produced a result, inputs first, each with its
 * op, shape, value and — after backward() — its gradient.
 */
import type { Tensor } from './tensor.js';

export interface GraphNodeInfo {
  id: number;
  /** The tensor's label, if it was given one (`x.name = 'W'`). */
  name: string | undefined;
  /** The op that made it, or 'leaf' for inputs and parameters. */
  op: string;
  shape: number[];
  value: Tensor;
  /** ∂root/∂this from the last backward pass, or null. */
  grad: Tensor | null;
  requiresGrad: boolean;
  /** ids of the nodes this one was computed from. */
  inputs: number[];
}

export function graph(root: Tensor): GraphNodeInfo[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const visit = (t: Tensor) => {
    const stack: [Tensor, number][] = [[t, 0]];
    seen.add(t);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const ins = top[0].node?.inputs ?? [];
      if (top[1] < ins.length) {
        const c = ins[top[1]++]!;
        if (!seen.has(c)) {
          seen.add(c);
          stack.push([c, 0]);
        }
      } else {
        stack.pop();
        order.push(top[0]);
      }
    }
  };
  visit(root);
  return order.map((t) => ({
    id: t.id,
    name: t.name,
    op: t.node?.op ?? 'leaf',
    shape: t.shape.slice(),
    value: t,
    grad: t.node ? t.nodeGrad : t.grad,
    requiresGrad: t.requiresGrad,
    inputs: (t.node?.inputs ?? []).map((i) => i.id),
  }));
}
