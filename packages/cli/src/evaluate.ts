/**
 * Running a trained classifier over a test set and summarising how it did. Shared by `train`
 * (the report at the end of training) and `eval` (the same report from a saved model).
 */
import { type Tensor, type nn, noGrad } from 'groundup';
import { accuracy, confusionMatrix, formatConfusion, macroF1 } from './metrics.js';

export interface Report {
  accuracy: number;
  macroF1: number;
  confusion: number[][];
}

/** Predicted class of every row of x, in eval mode (BatchNorm uses running statistics, Dropout is off). */
export function predict(model: nn.Module, x: Tensor, batchSize = 256): Int32Array {
  model.eval();
  const n = x.shape[0]!;
  const out = new Int32Array(n);
  noGrad(() => {
    for (let start = 0; start < n; start += batchSize) {
      const len = Math.min(batchSize, n - start);
      const pred = model.forward(x.narrow(0, start, len)).argmax(-1).data; // [len]
      for (let i = 0; i < len; i++) out[start + i] = pred[i]!;
    }
  });
  return out;
}

export function report(model: nn.Module, x: Tensor, y: Tensor, classes: number): Report {
  const pred = predict(model, x);
  const confusion = confusionMatrix(Array.from(y.data), pred, classes);
  return { accuracy: accuracy(confusion), macroF1: macroF1(confusion), confusion };
}

/** The human-readable lines of a report. */
export function reportLines(r: Report, classNames: string[], n: number): string[] {
  return [
    `test accuracy ${(100 * r.accuracy).toFixed(2)}%  macro-F1 ${r.macroF1.toFixed(4)}  (${n} test samples)`,
    '',
    'confusion matrix (rows: true class, columns: predicted):',
    formatConfusion(r.confusion, classNames),
  ];
}

/** The result line every training/eval command prints with --json. */
export interface RunResult {
  task: string;
  epochs: number;
  trainLoss: number;
  testAccuracy: number;
  macroF1: number;
  seconds: number;
  weights: string;
}
