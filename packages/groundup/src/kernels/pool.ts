/**
 * A worker pool for large matrix products: the rows of C are split into bands, the calling thread
 * computes the first band and each worker one more, all in one shared WebAssembly.Memory (so no
 * operand is copied to a worker). Convolutions split their batch instead: whole samples per thread. Node uses worker_threads, browsers Web Workers; both need
 * SharedArrayBuffer, which browsers only give to cross-origin-isolated pages (COOP/COEP headers).
 * Without it, `setThreads` resolves to 1 and everything runs on the calling thread.
 *
 * A call is synchronous: the arguments go into a control block in shared memory, Atomics.notify
 * wakes the worker, and the caller blocks (Atomics.wait in Node, a spin on Atomics.load on a
 * browser's main thread, which may not block) until the worker clears its flag.
 */
import { ValueError } from '../errors.js';
import { MAX_THREADS, type Runtime, sharedRuntime } from './runtime.js';

/** The worker's whole program, as a string so it needs no separate file in any bundler. */
const WORKER_SOURCE = `
'use strict';
// (only evaluated inside a Node worker, where require exists; the browser build never runs it)
const nodePort = typeof require === 'function' ? require('worker_threads').parentPort : null;
function start(d) {
  const inst = new WebAssembly.Instance(d.module, { env: { memory: d.memory } });
  const gemm = inst.exports.gemm, conv = inst.exports.convForwardArgs;
  const I = new Int32Array(d.memory.buffer, d.ctrl, 16);
  if (nodePort) nodePort.postMessage('ready'); else self.postMessage('ready');
  for (;;) {
    Atomics.wait(I, 0, 0);
    if (Atomics.load(I, 0) === 2) return;
    if (I[15] === 1) conv(I[1]);
    else gemm(I[1], I[2], I[3], I[4], I[5], I[6], I[7], I[8], I[9], I[10], I[11], I[12], I[13]);
    Atomics.store(I, 0, 0);
    Atomics.notify(I, 0);
  }
}
if (nodePort) nodePort.once('message', start); else self.onmessage = (e) => start(e.data);
`;

/** The part of Node's worker_threads.Worker used here (the package builds without Node's types). */
interface NodeWorker {
  postMessage(msg: unknown): void;
  terminate(): unknown;
  unref(): void;
  once(event: 'message' | 'error', fn: (arg: unknown) => void): void;
}

interface WorkerLike {
  postMessage(msg: unknown): void;
  terminate(): unknown;
}

const RUN = 1;
const STOP = 2;

export class Pool {
  private readonly ctrl: Int32Array;
  constructor(
    readonly runtime: Runtime,
    private readonly workers: WorkerLike[],
    private readonly canBlock: boolean,
  ) {
    this.ctrl = new Int32Array(runtime.memory.buffer, runtime.ctrl, MAX_THREADS * 16);
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /** C = op(A)·op(B) for pointers into the shared memory, rows split over all threads. */
  gemmSplit(
    m: number, n: number, k: number,
    a: number, rsa: number, csa: number,
    b: number, rsb: number, csb: number,
    c: number, ldc: number, acc: number,
  ): void {
    const band = Math.ceil(m / this.threads / 4) * 4; // whole micro-tiles of 4 rows
    const I = this.ctrl;
    const started: number[] = [];
    for (let w = 0; w < this.workers.length; w++) {
      const i0 = (w + 1) * band;
      const rows = Math.min(band, m - i0);
      if (rows <= 0) break;
      const o = w * 16;
      I[o + 1] = rows; I[o + 2] = n; I[o + 3] = k;
      I[o + 4] = a + i0 * rsa * 4; I[o + 5] = rsa; I[o + 6] = csa;
      I[o + 7] = b; I[o + 8] = rsb; I[o + 9] = csb;
      I[o + 10] = c + i0 * ldc * 4; I[o + 11] = ldc; I[o + 12] = acc;
      I[o + 13] = this.runtime.work(w + 1);
      I[o + 15] = 0;
      Atomics.store(I, o, RUN);
      Atomics.notify(I, o);
      started.push(o);
    }
    this.runtime.exports.gemm(Math.min(band, m), n, k, a, rsa, csa, b, rsb, csb, c, ldc, acc, this.runtime.work(0));
    for (const o of started) {
      if (this.canBlock) while (Atomics.load(I, o) !== 0) Atomics.wait(I, o, RUN);
      else while (Atomics.load(I, o) !== 0);
    }
  }

  /**
   * A convolution's forward pass with its samples split over all threads: `args` holds
   * convForward's 18 arguments (asm/conv.ts) and `scratch` room for one copy of them per thread.
   * The samples are independent, so each thread runs whole samples and nothing is shared but x and w.
   */
  convSplit(args: readonly number[], scratch: number): void {
    const N = args[1]!, C = args[2]!, H = args[3]!, W = args[4]!, O = args[5]!, P = args[12]! * args[13]!;
    const share = Math.ceil(N / this.threads);
    const I = this.ctrl;
    const mem = new Int32Array(this.runtime.memory.buffer);
    const started: number[] = [];
    for (let w = 0; w < this.workers.length; w++) {
      const n0 = (w + 1) * share;
      const count = Math.min(share, N - n0);
      if (count <= 0) break;
      const at = scratch + (w + 1) * 18 * 4;
      mem.set(args, at >> 2);
      mem[(at >> 2) + 0] = args[0]! + n0 * C * H * W * 4;
      mem[(at >> 2) + 1] = count;
      mem[(at >> 2) + 16] = args[16]! + n0 * O * P * 4;
      mem[(at >> 2) + 17] = this.runtime.work(w + 1);
      const o = w * 16;
      I[o + 1] = at;
      I[o + 15] = 1;
      Atomics.store(I, o, RUN);
      Atomics.notify(I, o);
      started.push(o);
    }
    const a = args;
    this.runtime.exports.convForward(a[0]!, Math.min(share, N), C, H, W, O, a[6]!, a[7]!, a[8]!, a[9]!, a[10]!, a[11]!, a[12]!, a[13]!, a[14]!, a[15]!, a[16]!, this.runtime.work(0));
    for (const o of started) {
      if (this.canBlock) while (Atomics.load(I, o) !== 0) Atomics.wait(I, o, RUN);
      else while (Atomics.load(I, o) !== 0);
    }
  }

  stop(): void {
    for (let w = 0; w < this.workers.length; w++) {
      Atomics.store(this.ctrl, w * 16, STOP);
      Atomics.notify(this.ctrl, w * 16);
      this.workers[w]!.terminate();
    }
  }
}

let active: Pool | null = null;
let pending: Promise<number> | null = null;

/** The running pool, or null while products run on one thread. */
export function pool(): Pool | null {
  return active;
}

/** How many threads large matrix products use now (1 until `setThreads` has resolved). */
export function getThreads(): number {
  return active ? active.threads : 1;
}

function canBlockHere(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

async function spawn(): Promise<{ make: () => WorkerLike & { ready: Promise<void> } } | null> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (proc?.versions?.node) {
    const spec = 'node:worker_threads';
    const wt = (await import(/* @vite-ignore */ spec)) as { Worker: new (src: string, opts: { eval: boolean }) => NodeWorker };
    return {
      make: () => {
        const w = new wt.Worker(WORKER_SOURCE, { eval: true });
        w.unref(); // a blocked worker must not keep the process alive
        const ready = new Promise<void>((res, rej) => {
          w.once('message', () => res());
          w.once('error', rej);
        });
        return Object.assign(w, { ready });
      },
    };
  }
  if (typeof Worker === 'undefined' || typeof Blob === 'undefined' || typeof URL === 'undefined') return null;
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  return {
    make: () => {
      const w = new Worker(url);
      const ready = new Promise<void>((res, rej) => {
        w.onmessage = () => res();
        w.onerror = (e) => rej(e);
      });
      return Object.assign(w, { ready });
    },
  };
}

/**
 * Uses `n` threads (1…4) for large float32 matrix products. Resolves to the number actually in
 * use: 1 where SharedArrayBuffer, WebAssembly threads or workers are unavailable. Until it
 * resolves, products keep running on one thread. Opt-in: the default is 1.
 */
export function setThreads(n: number): Promise<number> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS)
    throw new ValueError(`setThreads: the thread count must be a whole number from 1 to ${MAX_THREADS}, got ${n}`);
  const run = async (): Promise<number> => {
    if (pending) await pending.catch(() => 1);
    if (getThreads() === n) return n;
    active?.stop();
    active = null;
    if (n === 1) return 1;
    const rt = sharedRuntime();
    if (!rt) return 1;
    const factory = await spawn().catch(() => null);
    if (!factory) return 1;
    const workers: (WorkerLike & { ready: Promise<void> })[] = [];
    try {
      // a pool stopped earlier on this runtime left STOP in the control words: a new worker would
      // read it, exit at once, and the first split product would wait for it forever
      new Int32Array(rt.memory.buffer, rt.ctrl, MAX_THREADS * 16).fill(0);
      for (let w = 1; w < n; w++) {
        const worker = factory.make();
        workers.push(worker);
        worker.postMessage({ module: rt.module, memory: rt.memory, ctrl: rt.ctrl + (w - 1) * 64 });
      }
      await Promise.all(workers.map((w) => w.ready));
    } catch {
      for (const w of workers) w.terminate();
      return 1;
    }
    active = new Pool(rt, workers, canBlockHere());
    return n;
  };
  const p = run();
  pending = p;
  return p;
}
