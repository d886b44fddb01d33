/**
 * Reverse-mode automatic differentiation on a recorded graph.
 *
 * Every op that sees an input with `requiresGrad` records a node: its name, its inputs and a
 * function that turns the gradient of its output into gradients of its inputs (the chain rule,
 * one link at a time). `backward()` sorts the graph so that every node comes after the nodes that
 * use it, then walks it once, handing each node the summed gradient of everything downstream.
 * Broadcasting is undone here, in one place: a gradient is summed back to its input's shape.
 */
import { ShapeError, ValueError, fmtShape } from './errors.js';
import type { Tensor } from './tensor.js';

export interface GradNode {
  op: string;
  inputs: Tensor[];
  /** ∂L/∂output → [∂L/∂input_0, ∂L/∂input_1, …] (null where an input takes no gradient). */
  backward: (grad: Tensor) => (Tensor | null)[];
}

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording a graph: for evaluation, optimizer updates and plotting. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Gradients that an op's backward has just allocated and keeps no other reference to. */
const freshGrads = new WeakSet<Tensor>();

/**
 * Marks `g`, returned by an op's backward, as a new tensor that nothing else holds (not the
 * incoming gradient, not a saved forward tensor, not returned for two inputs). A leaf can then
 * take it as its `.grad` as it is, without the defensive copy. Returns `g`.
 */
export function freshGrad<T extends Tensor | null>(g: T): T {
  if (g) freshGrads.add(g);
  return g;
}

/** Attaches a node to `out` when gradients are on and some input wants one. */
export function record(out: Tensor, op: string, inputs: Tensor[], backward: GradNode['backward']): Tensor {
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.node = { op, inputs, backward };
  }
  return out;
}

/** The nodes reachable from `root`, each after every node it depends on (iterative DFS, so deep graphs do not overflow the stack). */
export function topoSort(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [t, i] = top;
    const inputs = t.node?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const child = inputs[i]!;
      if (child.requiresGrad && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

/** Backpropagates from `root`. Leaves accumulate into `.grad`; every node keeps its gradient for graph inspection. */
export function backward(root: Tensor, grad?: Tensor): void {
  if (!root.requiresGrad)
    throw new ValueError(
      'backward: this tensor does not depend on anything with requiresGrad: true, so there is nothing to differentiate; ' +
        'create your parameters with { requiresGrad: true }',
    );
  if (grad === undefined) {
    if (root.size !== 1)
      throw new ShapeError(
        `backward: the output has shape ${fmtShape(root.shape)} (${root.size} numbers), but backward() without an argument needs a single number; ` +
          'reduce it first (loss.mean() or loss.sum()) or pass the gradient of the same shape: y.backward(ones(y.shape))',
      );
    const v = root.data[0]!;
    if (!Number.isFinite(v))
      throw new ValueError(
        `backward: the loss is ${v}; its gradient would be NaN everywhere. Look for log(0), a division by zero or a learning rate that made the weights blow up`,
      );
    grad = root.onesLike();
  } else if (grad.shape.length !== root.shape.length || grad.shape.some((d, i) => d !== root.shape[i])) {
    throw new ShapeError(`backward: the gradient has shape ${fmtShape(grad.shape)} but the output has shape ${fmtShape(root.shape)}; they must match`);
  }
  const order = topoSort(root);
  const grads = new Map<Tensor, Tensor>([[root, grad]]);
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t);
      if (!t.node) {
        // a fresh tensor per leaf: one backward may hand the same gradient object to several inputs
        // (z = a + b gives both g), and optimizers edit .grad in place; a gradient an op marked
        // with freshGrad() is already a tensor of its own, so the copy is skipped
        if (t.grad) t.grad = t.grad.add(g);
        else if (freshGrads.has(g) && g.dtype === t.dtype && !g.node) {
          freshGrads.delete(g);
          t.grad = g;
        } else t.grad = g.to(t.dtype).detach().clone();
        continue;
      }
      t.nodeGrad = g;
      const gs = t.node.backward(g);
      t.node.inputs.forEach((input, i) => {
        let gi = gs[i];
        if (!gi || !input.requiresGrad) return;
        gi = gi.sumTo(input.shape).to(input.dtype);
        const acc = grads.get(input);
        grads.set(input, acc ? acc.add(gi) : gi);
      });
    }
  } finally {
    gradEnabled = prev;
  }
}
