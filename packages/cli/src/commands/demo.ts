/**
 * `groundup demo`: the numbers the guide quotes, each computed here by the library, so a reader
 * can see the claim and the computation side by side.
 */
import { ShapeError, linalg, manualSeed, randn, tensor } from 'groundup';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import type { Context, ExitCode } from '../context.js';

export const demoSpec = {
  name: 'demo',
  summary: "the spec's headline numbers, each computed by the library (groundup verify checks them)",
  flags: {},
} satisfies CommandSpec;

export async function demo(argv: string[], ctx: Context): Promise<ExitCode> {
  if (parseArgs(demoSpec, argv).help) return ctx.out(helpText(demoSpec)), 0;
  manualSeed(0);
  const rows: [string, string][] = [];

  // Chapter 1: the dot product of [2,3,1] and [4,1,5]
  rows.push(['dot([2,3,1], [4,1,5])', String(linalg.dot(tensor([2, 3, 1]), tensor([4, 1, 5])).item())]);

  // Chapter 1: a batch of 32 ECGs (1000 samples) times a 1000×256 weight matrix
  const X = randn([32, 1000]);
  const W = randn([1000, 256]);
  rows.push(['shape of [32,1000] @ [1000,256]', `[${X.matmul(W).shape.join(',')}]`]);

  // Chapter 1: a batch of 32 ECGs × 12 leads × 1000 samples is a 3-D tensor
  rows.push(['ndim of an ECG batch [32,12,1000]', String(randn([32, 12, 1000]).ndim)]);

  // Chapter 3: the derivative of x² at x = 3
  const x = tensor(3, { requiresGrad: true });
  x.mul(x).backward();
  rows.push(['d/dx x² at x = 3', String(x.grad!.item())]);

  // Chapter 4: softmax turns scores into a distribution that sums to 1
  const p = tensor([1.0, 2.9459, 1.6528]).softmax();
  rows.push(['softmax([1, 2.9459, 1.6528])', `[${Array.from(p.data, (v) => v.toFixed(2)).join(', ')}]  (sum ${p.sum().item().toFixed(4)})`]);

  // Errors teach: a mismatched matmul names both shapes
  let message = '';
  try {
    X.matmul(randn([256, 1000]));
  } catch (e) {
    if (e instanceof ShapeError) message = e.message;
  }
  rows.push(['[32,1000] @ [256,1000]', message]);

  const width = Math.max(...rows.map(([k]) => k.length));
  ctx.out('groundup — the spec\'s numbers, computed by the library\n');
  for (const [k, v] of rows) ctx.out(`  ${k.padEnd(width)}  ${v}`);
  return 0;
}
