/**
 * The capstone's training loop, off the main thread. The page sends { type: 'start', seed }, then
 * 'pause' / 'resume'; the worker answers with a progress message after every update (step, loss,
 * learning rate) and, after each epoch, the held-out accuracy and the weights as safetensors
 * bytes. It yields to its message queue between updates, so a pause lands within one step.
 */
import { data, io, loss, manualSeed, noGrad, optim } from 'groundup';
import { CAPSTONE, capstoneData, capstoneNet, type FromWorker, type ToWorker } from './model.js';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

let paused = false;
let run = 0; // bumps on every start, so a stale loop stops
let wake: (() => void) | null = null;
const yieldToMessages = () => new Promise<void>((r) => setTimeout(r, 0));

async function train(seed: number, weights?: Uint8Array): Promise<void> {
  const me = ++run;
  const c = CAPSTONE;
  const d = capstoneData();
  manualSeed(seed);
  const net = capstoneNet();
  if (weights) net.loadStateDict(io.loadSafetensors(weights)); // train on from a loaded model
  const loader = new data.DataLoader(d.xTrain, d.yTrain, { batchSize: c.batchSize, shuffle: true, seed, dropLast: true });
  const totalSteps = c.epochs * loader.length;
  const opt = new optim.AdamW(net.parameters(), { lr: c.lr, weightDecay: c.weightDecay });
  const sched = new optim.LRScheduler(opt, optim.schedule.warmupCosine({ lr: c.lr, warmupSteps: Math.round(totalSteps / 10), totalSteps, minLr: c.lr / 50 }));
  let step = 0;
  for (let epoch = 1; epoch <= c.epochs; epoch++) {
    net.train();
    let sum = 0;
    for (const [xb, yb] of loader) {
      if (paused && me === run) {
        post({ type: 'paused', step }); // parked: no update runs until 'resume'
        while (paused && me === run) await new Promise<void>((r) => (wake = r));
      }
      if (me !== run) return;
      const xa = data.augment.timeShift(data.augment.scale(data.augment.noise(xb, c.augment.noise), c.augment.scale), c.augment.shift);
      const lr = opt.lr;
      opt.zeroGrad();
      const l = loss.crossEntropy(net.forward(xa), yb, { labelSmoothing: c.labelSmoothing });
      l.backward();
      optim.clipGradNorm(net.parameters(), c.clipNorm);
      opt.step();
      sched.step();
      const v = l.item();
      sum += v;
      step++;
      post({ type: 'progress', step, epoch, loss: v, lr, totalSteps });
      await yieldToMessages();
    }
    net.eval();
    const pred = noGrad(() => net.forward(d.xTest).argmax(-1)).data;
    let right = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === d.yTest.data[i]) right++;
    const weights = io.saveSafetensors(net.stateDict());
    post({ type: 'epoch', epoch, step, meanLoss: sum / loader.length, testAccuracy: right / pred.length, weights }, [weights.buffer]);
  }
  post({ type: 'done', step });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'start') {
    paused = false;
    wake?.();
    train(m.seed, m.weights).catch((err: Error) => post({ type: 'error', message: err.message }));
  } else if (m.type === 'pause') paused = true;
  else if (m.type === 'resume') {
    paused = false;
    wake?.();
    wake = null;
  }
};
post({ type: 'ready' });
