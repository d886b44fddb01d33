/**
 * Real data sets shipped inside the library (converted once by scripts/data/convert.py; licences
 * in assets/*.LICENSE.md). Nothing is downloaded: the numbers ship with the library. Each call
 * returns fresh tensors, so changing one does not change the next call's.
 *
 * Iris and digits (128 KB together) load with the library. Fashion-MNIST (1.6 MB of encoded
 * pixels) is a separate module that `fashionMnist()` imports on its first call, so
 * `import … from 'groundup'` does not carry it; that is why `fashionMnist()` returns a Promise.
 */
import { ValueError, fmtValue } from '../errors.js';
import { readOptions } from '../validate.js';
import { Tensor } from '../tensor.js';
import { base64Decode, zeroRunDecode } from './codec.js';
import * as IRIS from './assets/iris.js';
import * as DIGITS from './assets/digits.js';

/** Who made each data set and under what licence; show it wherever the data is shown. */
export const attribution = {
  iris:
    'Iris: R. A. Fisher, "The use of multiple measurements in taxonomic problems", Annals of Eugenics 7(2):179–188 (1936); ' +
    'measurements by E. Anderson. Via the UCI Machine Learning Repository (doi:10.24432/C56C76, CC BY 4.0) and scikit-learn (BSD-3-Clause).',
  digits:
    'Digits: E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten Digits", UCI Machine Learning Repository (1998), ' +
    'doi:10.24432/C50P49, CC BY 4.0; the 1,797-image copy shipped with scikit-learn (BSD-3-Clause).',
  fashionMnist:
    'Fashion-MNIST: H. Xiao, K. Rasul, R. Vollgraf, "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning ' +
    'Algorithms", arXiv:1708.07747 (2017). © 2017 Zalando SE, MIT licence. A 2,000 + 500 image balanced subset.',
  ecgRecord208:
    'ECG: MIT-BIH Arrhythmia Database record 208 (lead MLII, 19:35–24:35), G. B. Moody and R. G. Mark, "The impact of the ' +
    'MIT-BIH Arrhythmia Database", IEEE Eng. in Medicine and Biology 20(3):45–50 (2001), doi:10.13026/C2F305; ' +
    'A. L. Goldberger et al., "PhysioBank, PhysioToolkit, and PhysioNet", Circulation 101(23):e215–e220 (2000). ' +
    'PhysioNet, ODC Attribution License v1.0; excerpt as shipped by SciPy (BSD-3-Clause).',
} as const;

export interface LabelledData {
  /** Features, one row per sample. */
  x: Tensor;
  /** Class index of each sample (int32). */
  y: Tensor;
  classNames: string[];
}

/**
 * Fisher's iris flowers: 150 samples, 4 measurements in cm, 3 species with 50 each (rows 0–49
 * setosa, 50–99 versicolor, 100–149 virginica).
 *
 * Shape: x [150,4] float32, y [150] int32.
 * @example
 * const { x, y, featureNames } = data.iris(); // x.shape = [150,4]; featureNames[2] = 'petal length (cm)'
 */
export function iris(): LabelledData & { featureNames: string[]; attribution: string } {
  const x = new Float32Array(150 * 4);
  IRIS.X.forEach((row, i) => row.forEach((v, j) => (x[i * 4 + j] = v)));
  return {
    x: new Tensor(x, [150, 4], 'float32'),
    y: new Tensor(Int32Array.from(IRIS.Y), [150], 'int32'),
    featureNames: [...IRIS.FEATURE_NAMES],
    classNames: [...IRIS.CLASS_NAMES],
    attribution: attribution.iris,
  };
}

let digitsBytes: Uint8Array | null = null;

/**
 * Handwritten digits as 8×8 images whose pixels count ON cells, 0 … 16 (scikit-learn's copy of the
 * UCI optdigits test set): 1,797 samples, classes 0–9 with about 180 each.
 *
 * Shape: x [1797,64] float32 (each row an 8×8 image, row-major: `x.reshape([-1, 8, 8])` gives the
 * images), y [1797] int32.
 */
export function digits(): LabelledData & { imageShape: [number, number]; attribution: string } {
  digitsBytes ??= zeroRunDecode(base64Decode(DIGITS.DATA), DIGITS.DECODED_BYTES);
  const n = DIGITS.N;
  return {
    x: new Tensor(Float32Array.from(digitsBytes.subarray(0, n * 64)), [n, 64], 'float32'),
    y: new Tensor(Int32Array.from(digitsBytes.subarray(n * 64)), [n], 'int32'),
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    imageShape: [8, 8],
    attribution: attribution.digits,
  };
}

export interface FashionMnistOptions {
  /** How many images (the first n of the split's subset; default all: 2,000 train, 500 test). */
  n?: number;
  /** 'train' (default) or 'test'. */
  split?: 'train' | 'test';
  /** Divide pixels by 255 to [0, 1] (default true); false keeps the bytes 0 … 255. */
  normalize?: boolean;
}

const fashionBytes: { train?: Uint8Array; test?: Uint8Array } = {};

/** The Fashion-MNIST module, imported once, on first use (a chunk of its own for bundlers). */
let fashionModule: Promise<typeof import('./assets/fashion-mnist.js')> | null = null;

/**
 * A balanced subset of Fashion-MNIST (Zalando): greyscale 28×28 pictures of clothes in 10 classes.
 * The shipped subset is the first 200 training and first 50 test images of each class, in the
 * original files' order (which is already mixed, so the first n are a fair sample).
 *
 * Asynchronous: the pixels are loaded on the first call (see the module note), so await it.
 * Bad options reject the promise with the same errors the other data sets throw.
 *
 * Shape: x [n,28,28] float32, y [n] int32.
 * @example
 * const { x, y, classNames } = await data.fashionMnist({ n: 500 }); // x.shape = [500,28,28]
 */
export async function fashionMnist(options: FashionMnistOptions = {}): Promise<LabelledData & { attribution: string }> {
  readOptions('fashionMnist', options, '{ n: 500 }', true);
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new ValueError(`fashionMnist: split must be 'train' or 'test', got ${fmtValue(split)}`);
  const FASHION = await (fashionModule ??= import('./assets/fashion-mnist.js'));
  const total = split === 'train' ? FASHION.N_TRAIN : FASHION.N_TEST;
  const n = options.n ?? total;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > total)
    throw new ValueError(`fashionMnist: n must be an integer from 1 to ${total} (the ${split} subset shipped), got ${fmtValue(n)}`);
  const bytes = (fashionBytes[split] ??=
    split === 'train'
      ? zeroRunDecode(base64Decode(FASHION.TRAIN), FASHION.TRAIN_DECODED_BYTES)
      : zeroRunDecode(base64Decode(FASHION.TEST), FASHION.TEST_DECODED_BYTES));
  const pixels = bytes.subarray(0, n * 784);
  const x = new Float32Array(n * 784);
  const d = options.normalize === false ? 1 : 255;
  for (let i = 0; i < x.length; i++) x[i] = pixels[i]! / d;
  return {
    x: new Tensor(x, [n, 28, 28], 'float32'),
    y: new Tensor(Int32Array.from(bytes.subarray(total * 784, total * 784 + n)), [n], 'int32'),
    classNames: [...FASHION.CLASS_NAMES],
    attribution: attribution.fashionMnist,
  };
}
