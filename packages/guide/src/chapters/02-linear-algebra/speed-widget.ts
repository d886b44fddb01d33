/**
 * How fast is a matrix product in this browser? Times X @ W for an [n, n] pair on each path the
 * library offers: the readable TypeScript loops (setBackend('reference')), the WebAssembly SIMD
 * kernel, the relaxed-SIMD build where the browser has it, and two threads where the page is
 * cross-origin isolated. Products run in short chunks with a pause between, so the page stays
 * responsive; the backend, kernel build and thread count are put back when the measurement ends.
 */
import { Generator, getBackend, getThreads, kernelInfo, matmul, randn, setBackend, setKernelBuild, setThreads, type Tensor } from 'groundup';
import { h, setLive } from '../../lib/dom.js';
import { fmtNum, fmtShape } from '../../lib/format.js';
import { numLine, select } from '../../lib/controls.js';
import { urlState } from '../../lib/state.js';
import type { LiveSymbols } from '../../lib/live-formula.js';
import { widgetFrame, type Widget } from '../../lib/widget.js';
import './speed.css';


export const SIZES = ['64', '128', '256', '384', '512'] as const;

export interface PathResult {
  key: 'ts' | 'simd' | 'relaxed' | 'threads';
  label: string;
  /** GFLOP/s, median of the timed chunks; null where the path is not available here */
  gflops: number | null;
  ms: number | null;
  /** max |C − C_TypeScript| ÷ rms(C_TypeScript) */
  diff: number | null;
  why?: string;
}

/** Three significant figures, the way the bench prints them. */
const sig = (x: number) => fmtNum(x, x >= 100 ? 0 : x >= 10 ? 1 : x >= 1 ? 2 : 3);
const flops = (n: number) => (2 * n ** 3).toLocaleString('en');
const pause = () => new Promise<void>((r) => setTimeout(r, 0));
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;

/** Median ms of one product, timing chunks of several products (~15 ms each) with a pause between. */
async function timeProducts(a: Tensor, b: Tensor, budgetMs: number, alive: () => boolean): Promise<{ ms: number; c: Tensor }> {
  let t0 = performance.now();
  let c = matmul(a, b); // warm-up: compiles the loops, instantiates the kernel
  const per = Math.max(1, Math.round(15 / Math.max(performance.now() - t0, 0.01)));
  const samples: number[] = [];
  const start = performance.now();
  while (alive() && (samples.length < 3 || (performance.now() - start < budgetMs && samples.length < 40))) {
    await pause();
    t0 = performance.now();
    for (let i = 0; i < per; i++) c = matmul(a, b);
    samples.push((performance.now() - t0) / per);
  }
  return { ms: med(samples), c };
}

function relDiff(c: Float32Array | Float64Array, ref: Float32Array | Float64Array): number {
  let ss = 0, worst = 0;
  for (let i = 0; i < ref.length; i++) (ss += ref[i]! * ref[i]!), (worst = Math.max(worst, Math.abs(c[i]! - ref[i]!)));
  return worst / Math.sqrt(ss / ref.length);
}

/**
 * Measures every path on one [n, n] @ [n, n] product and restores the backend, the kernel build
 * and the thread count it found. `onPath` sees each result as it arrives.
 */
export async function measure(n: number, o: { budgetMs?: number; onPath?: (r: PathResult) => void; alive?: () => boolean } = {}): Promise<PathResult[]> {
  const budget = o.budgetMs ?? 300, alive = o.alive ?? (() => true);
  const gen = new Generator(n);
  const a = randn([n, n], { generator: gen }), b = randn([n, n], { generator: gen });
  const flop = 2 * n ** 3;
  const prevBackend = setBackend('reference'); // the first path; returns the setting to put back
  const prevThreads = getThreads();
  const prevBuild = setKernelBuild('simd'); // 'auto' unless someone chose a build
  const out: PathResult[] = [];
  let ref: Float32Array | Float64Array | null = null;
  const run = async (key: PathResult['key'], label: string, enter: () => Promise<string | null>) => {
    if (!alive()) return;
    const why = await enter();
    let r: PathResult = { key, label, gflops: null, ms: null, diff: null, why: why ?? undefined };
    if (!why) {
      const { ms, c } = await timeProducts(a, b, budget, alive);
      const data = c.data as Float32Array;
      ref ??= data;
      r = { key, label, gflops: flop / ms / 1e6, ms, diff: relDiff(data, ref) };
    }
    out.push(r);
    o.onPath?.(r);
  };
  try {
    await run('ts', 'TypeScript loops', async () => null); // setBackend('reference') above
    await run('simd', 'WebAssembly SIMD, 1 thread', async () => {
      setBackend('wasm');
      await setThreads(1);
      return getBackend() === 'wasm' ? null : 'this browser has no WebAssembly SIMD';
    });
    await run('relaxed', 'relaxed SIMD, 1 thread', async () => {
      if (!kernelInfo().features.relaxedSimd) return 'this browser has no relaxed SIMD';
      setKernelBuild('relaxed');
      return null;
    });
    await run('threads', 'SIMD, 2 threads', async () => {
      setKernelBuild('simd'); // before the workers start: the pool runs the build it started with
      if (typeof crossOriginIsolated === 'undefined' || !crossOriginIsolated) return 'the page is not cross-origin isolated, so there is no SharedArrayBuffer';
      return (await setThreads(2)) === 2 ? null : 'the worker threads did not start';
    });
  } finally {
    await setThreads(1);
    setKernelBuild(prevBuild);
    setBackend(prevBackend);
    await setThreads(prevThreads);
  }
  return out;
}

/** One bar per path, as wide as its GFLOP/s relative to the fastest. */
function drawBars(bars: HTMLElement, results: PathResult[]): void {
  const best = Math.max(1e-9, ...results.map((r) => r.gflops ?? 0));
  bars.textContent = '';
  for (const r of results)
    bars.append(
      h('div', { class: 'mms-bar', 'data-path': r.key }, h('span', { class: 'mms-lab' }, r.label),
        h('span', { class: 'mms-track' }, r.gflops != null ? h('span', { class: 'mms-fill', style: `width:${((100 * r.gflops) / best).toFixed(1)}%` }) : null),
        h('span', { class: 'num mms-val' }, r.gflops != null ? `${sig(r.gflops)} GFLOP/s` : `— ${r.why}`)),
    );
  bars.setAttribute('aria-label', results.length ? `GFLOP/s on each path: ${results.map((r) => `${r.label} ${r.gflops != null ? sig(r.gflops) : 'not available'}`).join('; ')}` : 'bar chart of GFLOP/s on each path (not measured yet)');
}

function speedFormula(n: number, t: number | undefined, simd: number | null | undefined): [string, LiveSymbols] {
  return [
    `\\text{GFLOP/s} = \\frac{2\\live{n}{n}^3}{\\live{t}{t_{\\text{ms}}} \\cdot 10^{6}}, \\qquad 2 \\cdot ${n}^3 = ${flops(n).replace(/,/g, '{,}')}\\ \\text{flops}` +
      (t ? `, \\qquad \\frac{${flops(n).replace(/,/g, '{,}')}}{${sig(t)} \\cdot 10^6} = ${sig(simd!)}\\ \\text{(SIMD)}` : ''),
    {
      n: { value: n, what: `the matrices are ${n} × ${n}` },
      t: { value: t ? `${sig(t)} ms (SIMD)` : 'not measured yet: press Measure', name: 't', what: 'the time of one product' },
    },
  ];
}

function speedCode(pick: number): string {
  return (
    `// one ${fmtShape([pick, pick])} product on each path, timed (the cell stops after 2 s)\nconst X = randn([${pick}, ${pick}]), W = randn([${pick}, ${pick}]);\nconst time = () => { const t0 = performance.now(); X.matmul(W); return performance.now() - t0; };\n` +
    `const prev = setBackend('reference');\nconst tTS = time();\nsetBackend('wasm');\ntime();                       // warm-up\nconst tSIMD = time();\nsetBackend(prev);\n({ typescript: 2 * ${pick} ** 3 / tTS / 1e6, simd: 2 * ${pick} ** 3 / tSIMD / 1e6 })   // GFLOP/s`
  );
}

export function mount(el: HTMLElement, o: { id?: string } = {}): Widget {
  const id = o.id ?? 'mmspeed';
  const state = urlState(id, { n: '256' }, { n: { oneOf: SIZES } });
  const frame = widgetFrame(el, {
    id,
    state,
    title: 'How fast is X @ W in this browser?',
    branch: 'linalg',
    caption: 'Pick a size and press Measure: the same product runs on each path the library has, timed here and now.',
    sources: [
      { file: 'ops/matmul.ts', name: 'matmulKernel' },
      { file: 'kernels/gemm.ts', name: 'gemm' },
    ],
  });
  const size = select('matrix size n (X and W are [n, n])', 'n', SIZES.map((s) => [s, `${s} × ${s}`] as const), state.get().n as (typeof SIZES)[number], (v) => {
    state.set({ n: v });
    render();
  });
  const go = h('button', { type: 'button', 'data-ctl': 'measure' }, 'Measure');
  const status = h('p', { class: 'mms-status', 'data-status': '' }, 'Not measured yet.');
  frame.controls.append(size.row, go, status);

  const bars = h('div', { class: 'mms-bars', role: 'img', 'aria-label': 'bar chart of GFLOP/s on each path (not measured yet)' });
  frame.picture.append(bars);
  const lines = { ts: numLine('TypeScript loops', 'ts'), simd: numLine('SIMD kernel', 'simd'), relaxed: numLine('relaxed SIMD', 'relaxed'), threads: numLine('2 threads', 'threads'), speedup: numLine('SIMD ÷ TypeScript', 'speedup', { strong: true }), diff: numLine('largest difference from the TypeScript result (÷ its rms)', 'diff') };
  frame.numbers.append(...Object.values(lines).map((l) => l.row));

  let results: PathResult[] = [];
  let measuredN = 0; // the size the results are for
  let running = false;
  let alive = true;

  const draw = () => drawBars(bars, results);

  function render(): void {
    const n = results.length ? measuredN : Number(state.get().n);
    const byKey = Object.fromEntries(results.map((r) => [r.key, r]));
    for (const k of ['ts', 'simd', 'relaxed', 'threads'] as const) {
      const r = byKey[k];
      setLive(lines[k].value, !r ? '—' : r.gflops == null ? 'not available' : `${sig(r.gflops)} GFLOP/s (${sig(r.ms!)} ms)`);
    }
    const ts = byKey.ts?.gflops, simd = byKey.simd?.gflops;
    setLive(lines.speedup.value, ts && simd ? `${sig(simd / ts)}×` : '—');
    const diffs = results.filter((r) => r.diff != null && r.key !== 'ts').map((r) => r.diff!);
    setLive(lines.diff.value, diffs.length ? Math.max(...diffs).toExponential(1) : '—');
    frame.schedule(draw);
    frame.setFormula(...speedFormula(n, byKey.simd?.ms ?? undefined, simd));
    frame.setCode(speedCode(Number(state.get().n))); // the code cell times the size picked now
  }

  go.addEventListener('click', async () => {
    if (running) return;
    running = true;
    go.disabled = true;
    results = [];
    const n = (measuredN = Number(state.get().n));
    status.textContent = `Measuring ${fmtShape([n, n])} @ ${fmtShape([n, n])}…`;
    render();
    try {
      await measure(n, { alive: () => alive, onPath: (r) => (results.push(r), render()) });
      status.textContent = `Measured ${fmtShape([n, n])} @ ${fmtShape([n, n])} (medians; other tabs and programs share the CPU, so rerun to see the spread).`;
    } catch (e) {
      status.textContent = `The measurement failed: ${(e as Error).message}`;
    } finally {
      running = false;
      go.disabled = false;
      status.dataset.done = String(results.length);
    }
  });

  render();
  return {
    update: render,
    destroy: () => {
      alive = false;
      frame.destroy();
    },
  };
}
