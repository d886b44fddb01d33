/**
 * The "your data" worker: parses the CSV (data.describeCSV, with progress), trains models.mlp on
 * the chosen columns with a seeded train/test split, and reads and writes model files in the CLI's
 * format (io.saveModelFile / io.loadModelFile), so `groundup eval --csv` reproduces what the page
 * shows. It yields to its message queue after every epoch, so pause lands within one epoch.
 */
import { Generator, Tensor, data, io, manualSeed, models, noGrad, recipes, tensor } from 'groundup';
import type { Evaluation, FromWorker, Settings, ToWorker } from './protocol.js';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

let text = '';
let fileName = 'data.csv';
let summary: data.CSVSummary | null = null;
let paused = false;
let wake: (() => void) | null = null;
let run = 0;
let current: Trained | null = null;

interface Trained {
  net: ReturnType<typeof models.mlp>;
  settings: Settings;
  classNames: string[];
  mean: number[];
  std: number[];
  targetMean: number;
  targetStd: number;
  epochs: number;
}

/**
 * The page's optimizer choice in the library's names: its 'sgd' option is labelled "SGD + momentum
 * 0.9", which optim.make calls 'momentum' (its 'sgd' is plain SGD); files record the library's name.
 */
const optimizerName = (o: Settings['optimizer']) => (o === 'sgd' ? 'momentum' : 'adam');

const rowsOf = (t: Tensor, idx: Int32Array) => t.indexSelect(0, new Tensor(idx, [idx.length], 'int32'));

/** The table as tensors for `s`: the same choices as `groundup train --csv` (class order, split, scaling). */
function table(s: Settings, classNamesFixed?: string[]) {
  const col = summary!.columns.find((c) => c.name === s.target);
  if (!col) throw new Error(`no column named "${s.target}"`);
  data.checkTarget(col, s.kind);
  if (s.features.length === 0) throw new Error('choose at least one feature column');
  for (const f of s.features) data.checkFeature(summary!.columns.find((c) => c.name === f)!);
  const d = data.fromCSV(text, { target: s.target, features: s.features, delimiter: summary!.delimiter });
  let y: Tensor;
  let classNames: string[] = [];
  if (s.kind === 'classification') {
    const lab = Array.from(d.y!.data, (k) => (d.classNames ? d.classNames[k]! : String(k)));
    classNames = classNamesFixed ?? d.classNames ?? [...new Set(lab)].sort((a, b) => Number(a) - Number(b));
    const index = new Map(classNames.map((c, i) => [c, i]));
    y = new Tensor(
      Int32Array.from(lab, (l, i) => {
        const k = index.get(l);
        if (k === undefined) throw new Error(`data row ${i + 1}, column "${s.target}": class "${l}" is not one the model knows (${classNames.join(', ')})`);
        return k;
      }),
      [lab.length],
      'int32',
    );
  } else y = new Tensor(Float32Array.from(d.y!.data), [d.y!.shape[0]!], 'float32');
  const n = d.x.shape[0]!;
  const nTest = Math.round(n * s.testSplit);
  if (n - nTest < 2) throw new Error(`${n} rows with a test split of ${s.testSplit} leave ${n - nTest} training rows; at least 2 are needed`);
  const order = new Generator(s.seed).permutation(n);
  return { x: d.x, y, classNames, n, train: order.slice(0, n - nTest), test: order.slice(n - nTest) };
}

function evaluate(t: Trained, x: Tensor, y: Tensor, idx: Int32Array): Evaluation {
  const net = t.net.eval();
  const xs = rowsOf(x, idx).sub(tensor(t.mean)).div(tensor(t.std));
  const out = noGrad(() => net.forward(xs));
  const truth = Array.from(rowsOf(y, idx).data);
  const rows = Array.from(idx, (i) => i + 1);
  if (t.settings.kind === 'classification') {
    const pred = Array.from(out.argmax(-1).data);
    const k = t.classNames.length;
    const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    let right = 0;
    pred.forEach((p, i) => {
      confusion[truth[i]!]![p]!++;
      if (p === truth[i]) right++;
    });
    return { kind: 'classification', classNames: t.classNames, truth, pred, confusion, testAccuracy: pred.length ? right / pred.length : NaN, rows };
  }
  const pred = Array.from(out.data, (v) => v * t.targetStd + t.targetMean);
  const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
  let sse = 0;
  let sst = 0;
  truth.forEach((v, i) => ((sse += (pred[i]! - v) ** 2), (sst += (v - mean) ** 2)));
  return { kind: 'regression', classNames: [], truth, pred, testRmse: Math.sqrt(sse / truth.length), testR2: sst > 0 ? 1 - sse / sst : NaN, rows };
}

/** Accuracy (classification) or RMSE (regression) of the net on rows idx, in the target's units. */
const metric = (t: Trained, x: Tensor, y: Tensor, idx: Int32Array) => {
  if (idx.length === 0) return NaN;
  const e = evaluate(t, x, y, idx);
  return e.kind === 'classification' ? e.testAccuracy! : e.testRmse!;
};

async function train(s: Settings, carryOn: boolean): Promise<void> {
  const me = ++run;
  paused = false;
  const before = carryOn && current ? current.net.stateDict() : null;
  const tb = table(s);
  const classify = s.kind === 'classification';
  const xTrainRaw = rowsOf(tb.x, tb.train);
  const mean = Array.from(xTrainRaw.mean(0).data);
  const std = Array.from(xTrainRaw.std(0, { unbiased: false }).data).map((v) => (v > 1e-12 && Number.isFinite(v) ? v : 1));
  const xTrain = xTrainRaw.sub(tensor(mean)).div(tensor(std));
  let yTrain = rowsOf(tb.y, tb.train);
  let targetMean = 0;
  let targetStd = 1;
  if (!classify) {
    targetMean = yTrain.mean().item();
    targetStd = yTrain.std(0, { unbiased: false }).item() || 1;
    yTrain = yTrain.sub(targetMean).div(targetStd).reshape(-1, 1);
  }
  manualSeed(s.seed);
  const net = models.mlp({ inFeatures: s.features.length, hidden: s.hidden, layers: s.layers, activation: s.activation, outFeatures: classify ? tb.classNames.length : 1 });
  if (before) net.loadStateDict(before); // train on from the loaded (or last) model: same columns and network needed
  const t: Trained = { net, settings: s, classNames: tb.classNames, mean, std, targetMean, targetStd, epochs: 0 };
  current = t;
  // the loop `groundup train --csv` runs too: the library's Trainer, same batch size rule and seed
  const trainer = new recipes.Trainer(
    net,
    xTrain,
    yTrain,
    { optimizer: optimizerName(s.optimizer), lr: s.lr, schedule: 'constant', epochs: s.epochs, batchSize: recipes.table.batchSizeFor(tb.train.length), seed: s.seed },
    { loss: classify ? 'crossEntropy' : 'mse' },
  );
  for (let epoch = 1; epoch <= s.epochs; epoch++) {
    let epochLoss: number;
    try {
      epochLoss = trainer.runEpoch();
    } catch (err) {
      throw new Error((err as Error).message.replace(/^recipes\.Trainer: /, '').replace('lower lr', 'lower the learning rate'));
    }
    t.epochs = epoch;
    post({ type: 'epoch', epoch, epochs: s.epochs, loss: epochLoss, trainMetric: metric(t, tb.x, tb.y, tb.train), testMetric: metric(t, tb.x, tb.y, tb.test) });
    await new Promise<void>((r) => setTimeout(r, 0));
    if (paused && me === run) {
      post({ type: 'paused', epoch });
      while (paused && me === run) await new Promise<void>((r) => (wake = r));
    }
    if (me !== run) return;
  }
  post({ type: 'done', evaluation: evaluate(t, tb.x, tb.y, tb.test), epochs: t.epochs });
}

/** The trained model as the CLI's two files (the same fields `groundup train --csv` writes). */
function exportModel(t: Trained): { weights: Uint8Array; sidecar: string } {
  const s = t.settings;
  const classify = s.kind === 'classification';
  return io.saveModelFile(t.net.stateDict(), {
    format: 'groundup-model',
    version: 1,
    task: 'csv',
    kind: s.kind,
    classNames: t.classNames,
    model: { kind: 'mlp', inFeatures: s.features.length, hidden: s.hidden, layers: s.layers, activation: s.activation, classes: classify ? t.classNames.length : 1 },
    preprocess: { kind: 'standardize', mean: t.mean, std: t.std },
    columns: { features: s.features, target: s.target, ...(classify ? {} : { targetMean: t.targetMean, targetStd: t.targetStd }) },
    data: { file: fileName, rows: summary!.rows, delimiter: summary!.delimiter, split: 'shuffle', splitSeed: s.seed, testFraction: s.testSplit },
    training: { epochs: t.epochs, lr: s.lr, batchSize: recipes.table.batchSizeFor(summary!.rows - Math.round(summary!.rows * s.testSplit)), optimizer: optimizerName(s.optimizer), weightDecay: 0, schedule: 'constant', seed: s.seed },
    source: 'guide:data',
  });
}

/** A model file of a table, checked and evaluated on the loaded table's held-out rows. */
function loadModel(weights: Uint8Array, sidecar?: string): void {
  const { file, tensors } = io.loadModelFile(weights, sidecar);
  if (file.task !== 'csv' || !file.columns) throw new Error(`this file is a model of the task "${file.task}", not of a table; load it in its chapter`);
  io.expectModel(file, { kind: 'mlp' }, 'a model of a table');
  if (file.preprocess.kind !== 'standardize') throw new Error(`its inputs are prepared by "${file.preprocess.kind}"; a model of a table standardises them`);
  const m = file.model as unknown as { inFeatures: number; hidden: number; layers?: number; activation?: models.MlpActivation; classes: number };
  const d = (file.data ?? {}) as { splitSeed?: number; testFraction?: number };
  const p = file.preprocess as unknown as { mean: number[]; std: number[] };
  const kind = file.kind ?? 'classification';
  const settings: Settings = {
    target: file.columns.target,
    features: file.columns.features,
    kind,
    layers: m.layers ?? 2,
    hidden: m.hidden,
    activation: m.activation ?? 'relu',
    // 'momentum' (and 'sgd', written before the names were shared) is the page's "SGD + momentum"
    optimizer: ['momentum', 'sgd'].includes(file.training?.optimizer as string) ? 'sgd' : 'adam',
    lr: Number(file.training?.lr ?? 0.01),
    epochs: Number(file.training?.epochs ?? 100),
    testSplit: d.testFraction ?? 0.2,
    seed: d.splitSeed ?? 0,
  };
  for (const f of settings.features)
    if (!summary!.columns.some((c) => c.name === f)) throw new Error(`the model reads a column "${f}", which this table lacks`);
  if (p.mean?.length !== settings.features.length) throw new Error(`the normalisation has ${p.mean?.length} means for ${settings.features.length} features`);
  const net = models.mlp({ inFeatures: m.inFeatures, hidden: m.hidden, layers: settings.layers, activation: settings.activation, outFeatures: m.classes });
  net.loadStateDict(tensors);
  const tb = table(settings, kind === 'classification' ? file.classNames : undefined);
  const c = file.columns;
  const t: Trained = { net, settings, classNames: file.classNames, mean: p.mean, std: p.std, targetMean: c.targetMean ?? 0, targetStd: c.targetStd ?? 1, epochs: settings.epochs };
  current = t;
  post({ type: 'loaded', evaluation: evaluate(t, tb.x, tb.y, tb.test), settings, source: file.source ?? 'a file' });
}

self.onmessage = async (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'parse') {
    run++; // a new table stops any training
    current = null;
    try {
      const t0 = performance.now();
      const raw = m.file ? await m.file.text() : (m.text ?? '');
      const s = data.describeCSV(raw, { onProgress: (fraction) => post({ type: 'progress', fraction }) });
      [text, fileName, summary] = [raw, m.name, s];
      post({ type: 'parsed', name: m.name, bytes: m.file?.size ?? raw.length, summary: s, seconds: (performance.now() - t0) / 1000 });
    } catch (err) {
      post({ type: 'error', stage: 'parse', message: (err as Error).message });
    }
  } else if (m.type === 'train') {
    train(m.settings, m.carryOn).catch((err: Error) => post({ type: 'error', stage: 'train', message: err.message }));
  } else if (m.type === 'pause') paused = true;
  else if (m.type === 'resume' || m.type === 'stop') {
    if (m.type === 'stop') run++;
    paused = false;
    wake?.();
    wake = null;
  } else if (m.type === 'load') {
    try {
      loadModel(m.weights, m.sidecar);
    } catch (err) {
      post({ type: 'error', stage: 'load', message: (err as Error).message });
    }
  } else if (m.type === 'export') {
    if (!current) return post({ type: 'error', stage: 'export', message: 'no model yet: train one, or load a model file' });
    const f = exportModel(current);
    post({ type: 'exported', ...f }, [f.weights.buffer]);
  }
};
