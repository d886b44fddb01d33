/**
 * Data: toy sets drawn from a seed (spirals, moons, blobs), real sets shipped with the library
 * (iris, digits, a Fashion-MNIST subset, the MIT-BIH ECG record 208), a CSV reader for your own
 * tables, a mini-batch loader and augmentations.
 *
 *   import { data } from 'groundup';
 *   const { x, y } = data.spirals({ n: 300, classes: 3, noise: 0.1, seed: 0 });
 *   for (const [xb, yb] of new data.DataLoader(x, y, { batchSize: 32, shuffle: true, seed: 0 })) …
 */
export { spirals, moons, blobs, classCounts } from './synthetic.js';
export type { Dataset2D, SpiralsOptions, MoonsOptions, BlobsOptions } from './synthetic.js';
export { iris, digits, fashionMnist, attribution } from './datasets.js';
export type { LabelledData, FashionMnistOptions } from './datasets.js';
export * as ecg from './ecg.js';
export type { EcgRecord } from './ecg.js';
export { fromCSV, detectDelimiter } from './csv.js';
export type { CSVOptions, CSVData } from './csv.js';
export { describeCSV, targetKind, checkTarget, checkFeature, DISTINCT_CAP, MAX_CLASSES, MAX_INTEGER_CLASSES } from './table.js';
export type { ColumnSummary, CSVSummary, DescribeOptions, TargetKind } from './table.js';
export { DataLoader } from './loader.js';
export type { DataLoaderOptions } from './loader.js';
export * as augment from './augment.js';
