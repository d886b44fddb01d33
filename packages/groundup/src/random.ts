/**
 * A small, seedable pseudo-random generator, identical in Node and in the browser because it uses
 * only 32-bit integer arithmetic (Math.imul) and IEEE double math.
 *
 * The core is xoshiro128** (Blackman & Vigna), seeded through splitmix32 so that nearby seeds give
 * unrelated streams. Normal samples use the Box–Muller transform.
 */
import { assertFinite } from './errors.js';

export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Restarts the stream: the same seed always gives the same numbers. */
  seed(seed: number): this {
    assertFinite('manualSeed', 'seed', seed);
    let x = (Math.floor(seed) ^ Math.floor(seed / 2 ** 32)) | 0;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spare = null;
    return this;
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal sample N(0, 1) by Box–Muller. */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low));
  }

  /** A random permutation of 0 … n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The generator that rand, randn, randint, dropout and shuffling use unless given their own. */
export const globalGenerator = new Generator(0);

/** Seeds the global generator: `manualSeed(42)` makes every later random call reproducible. */
export function manualSeed(seed: number): void {
  globalGenerator.seed(seed);
}
