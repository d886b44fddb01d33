/**
 * Chapter 5's training worker: the spirals network and its recipes.Trainer live here. It trains
 * in chunks of about 30 ms, posts the new losses (and every few chunks the decision regions), and
 * yields to its message queue between chunks, so Pause lands within one chunk.
 */
import { Tensor } from 'groundup';
import { SpiralTrainer, scheduleRun } from './model.js';
import type { FromTrainer, Progress, ToTrainer } from './train-protocol.js';

const post = (m: FromTrainer, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);
const CHUNK_MS = 30;
const REGIONS_EVERY = 4;

interface Session {
  trainer: SpiralTrainer;
  grid: number;
  lim: number;
  sent: number;
  running: boolean;
}
const box: { s: Session | null; gen: number } = { s: null, gen: 0 };

function progress(s: Session, withRegions: boolean): void {
  const t = s.trainer;
  const losses = t.losses.slice(s.sent);
  const m: Progress = {
    type: 'progress',
    step: t.steps,
    epoch: t.trainer.epoch,
    epochs: t.trainer.epochs,
    lr: t.trainer.lr,
    from: s.sent,
    losses,
    acc: t.accuracy(),
    testAcc: t.accuracy('test'),
    running: s.running,
    done: t.trainer.done,
  };
  s.sent = t.losses.length;
  if (withRegions) m.regions = t.boundary(s.grid, s.lim);
  post(m, m.regions ? [m.regions.buffer] : []);
}

/** Trains until done or paused, a chunk at a time. */
async function run(s: Session, me: number): Promise<void> {
  let chunks = 0;
  while (s.running && me === box.gen && !s.trainer.trainer.done) {
    const t0 = performance.now();
    while (performance.now() - t0 < CHUNK_MS && !s.trainer.trainer.done) s.trainer.trainer.steps(1);
    chunks++;
    progress(s, chunks % REGIONS_EVERY === 0);
    await new Promise<void>((r) => setTimeout(r, 0));
  }
  if (me !== box.gen) return;
  s.running = false;
  progress(s, true);
}

function handle(m: ToTrainer): void {
  const s = box.s;
  switch (m.type) {
    case 'reset': {
      box.gen++;
      const trainer = new SpiralTrainer(m.settings);
      box.s = { trainer, grid: m.grid, lim: m.lim, sent: 0, running: false };
      post({ type: 'ready', x: Float32Array.from(trainer.x.data), y: Int32Array.from(trainer.y.data) });
      return progress(box.s, true);
    }
    case 'run':
      if (!s || s.running) return;
      s.running = true;
      void run(s, box.gen).catch((e: Error) => ((s.running = false), post({ type: 'error', message: e.message })));
      return;
    case 'pause':
      if (s) s.running = false;
      return;
    case 'steps':
      if (!s) return;
      s.running = false;
      s.trainer.train(m.n);
      return progress(s, true);
    case 'save': {
      if (!s) return;
      const f = s.trainer.save();
      return post({ type: 'saved', id: m.id, ...f }, [f.weights.buffer]);
    }
    case 'load': {
      if (!s) return;
      const tensors = Object.fromEntries(m.tensors.map(([name, shape, data]) => [name, new Tensor(data, shape, 'float32')]));
      s.trainer.load(m.file, tensors);
      progress(s, true); // before the reply, so the page shows the loaded model's numbers when it reads the reply
      return post({ type: 'loaded', id: m.id, acc: s.trainer.accuracy() });
    }
    case 'schedule-run': {
      const r = scheduleRun(m.kind, m.settings);
      return post({ type: 'schedule-ran', id: m.id, ...r });
    }
  }
}

self.onmessage = (e: MessageEvent<ToTrainer>) => {
  try {
    handle(e.data);
  } catch (err) {
    const id = 'id' in e.data ? e.data.id : undefined;
    post({ type: 'error', id, message: (err as Error).message });
  }
};
