/**
 * Mini-batches. Batch, mini-batch and stochastic gradient descent differ only in how many samples
 * each step sees: batchSize = n, 1 < batchSize < n, and batchSize = 1.
 */
import { ShapeError, ValueError, assertFinite, fmtShape, fmtValue } from '../errors.js';
import { indexSelect } from '../ops/index.js';
import { Generator, globalGenerator } from '../random.js';
import { Tensor } from '../tensor.js';
import { readOptions, tensorArg } from '../validate.js';

export interface DataLoaderOptions {
  /** Samples per batch (an integer ≥ 1). */
  batchSize: number;
  /** Visit the samples in a new random order every epoch (default false). */
  shuffle?: boolean;
  /**
   * Seed of the shuffling. Without one the seed is drawn from the global generator when the loader
   * is made, so `manualSeed` still makes runs repeatable.
   */
  seed?: number;
  /** Leave out the last batch when it would be smaller than batchSize (default false). */
  dropLast?: boolean;
}

/**
 * Cuts a data set into batches along its first axis. Each pass of `for (const [xb, yb] of loader)`
 * is one epoch; with `shuffle` every epoch has its own order, and the sequence of orders is fixed
 * by the seed.
 *
 * Shape: x [n, …], y [n, …] → xb [b, …], yb [b, …] with b = batchSize (the last batch may be smaller
 * unless dropLast).
 * @example
 * const loader = new data.DataLoader(x, y, { batchSize: 32, shuffle: true, seed: 0 });
 * for (let epoch = 0; epoch < 10; epoch++)
 *   for (const [xb, yb] of loader) { … }
 */
export class DataLoader implements Iterable<[Tensor, Tensor]> {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly seed: number;
  private readonly gen: Generator;
  private epochs = 0;

  constructor(x: Tensor, y: Tensor, options: DataLoaderOptions) {
    tensorArg('DataLoader', x, 'x');
    tensorArg('DataLoader', y, 'y');
    readOptions('DataLoader', options, '{ batchSize: 32 }', true);
    if (x.ndim === 0 || y.ndim === 0)
      throw new ShapeError(`DataLoader: x and y need a first axis of samples; got x ${fmtShape(x.shape)} and y ${fmtShape(y.shape)}`);
    if (x.shape[0] !== y.shape[0])
      throw new ShapeError(`DataLoader: x ${fmtShape(x.shape)} has ${x.shape[0]} samples but y ${fmtShape(y.shape)} has ${y.shape[0]}; they must match along axis 0`);
    if (x.shape[0] === 0) throw new ValueError('DataLoader: the data set is empty (0 samples)');
    const b = options.batchSize;
    if (typeof b !== 'number') throw new TypeError(`DataLoader: batchSize must be an integer, got ${fmtValue(b)}`);
    if (!Number.isInteger(b) || b <= 0) throw new ValueError(`DataLoader: batchSize must be an integer ≥ 1, got ${fmtValue(b)}`);
    if (options.seed !== undefined) assertFinite('DataLoader', 'seed', options.seed);
    this.x = x;
    this.y = y;
    this.batchSize = b;
    this.shuffle = !!options.shuffle;
    this.dropLast = !!options.dropLast;
    this.seed = options.seed ?? globalGenerator.nextU32();
    this.gen = new Generator(this.seed);
  }

  /** Number of samples. */
  get size(): number {
    return this.x.shape[0]!;
  }

  /** Number of batches in an epoch: ⌈n / b⌉, or ⌊n / b⌋ with dropLast. */
  get length(): number {
    return this.dropLast ? Math.floor(this.size / this.batchSize) : Math.ceil(this.size / this.batchSize);
  }

  /** How many epochs have started. */
  get epoch(): number {
    return this.epochs;
  }

  /** Starts an epoch: the order is drawn now, so stopping early does not change later epochs. */
  *[Symbol.iterator](): Iterator<[Tensor, Tensor]> {
    const n = this.size;
    const order = this.shuffle ? this.gen.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    this.epochs++;
    for (let k = 0; k < this.length; k++) {
      const start = k * this.batchSize;
      const idx = new Tensor(order.slice(start, Math.min(start + this.batchSize, n)), [Math.min(this.batchSize, n - start)], 'int32');
      yield [indexSelect(this.x, 0, idx), indexSelect(this.y, 0, idx)];
    }
  }
}
