import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { data } from '../index.js';
import { fnv1a32 } from './codec.js';
import type { EcgRecord } from './ecg.js';

// Numbers that scripts/data/convert.py computed with numpy from the Debian packages' files.
const expected = JSON.parse(readFileSync(new URL('../../../../scripts/data/expected.json', import.meta.url), 'utf8'));
// The source files themselves, when the packages are installed here: then the whole of each asset
// is compared with them, read independently of the conversion script.
const SK = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const FASHION = '/usr/share/datasets/fashion-mnist';
const ECG_DAT = '/usr/lib/python3/dist-packages/scipy/misc/ecg.dat';

function counts(y: Int32Array | Float32Array | Float64Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  y.forEach((v) => c[v]!++);
  return c;
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

describe('iris', () => {
  const ds = data.iris();
  it('has 150 flowers, 4 features, 50 of each of 3 species, with names', () => {
    expect(ds.x.shape).toEqual([150, 4]);
    expect(ds.x.dtype).toBe('float32');
    expect(ds.y.dtype).toBe('int32');
    expect(counts(ds.y.data, 3)).toEqual([50, 50, 50]);
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.classNames).toEqual(expected.iris.classNames);
    expect(ds.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(ds.attribution).toMatch(/Fisher/);
  });
  it('matches the values the conversion script printed', () => {
    const rows = ds.x.toArray() as number[][];
    rows[0]!.forEach((v, j) => expect(v).toBeCloseTo([5.1, 3.5, 1.4, 0.2][j]!, 6));
    rows[149]!.forEach((v, j) => expect(v).toBeCloseTo(expected.iris.row149[j], 6));
    for (let j = 0; j < 4; j++) expect(sum(rows.map((r) => r[j]!))).toBeCloseTo(expected.iris.columnSums[j], 3);
  });
  it('matches scikit-learn\'s iris.csv cell by cell (read here, not by the script)', () => {
    if (!existsSync(`${SK}/iris.csv`)) return expect(expected.iris.shape).toEqual([150, 4]); // compared with expected.json above
    const lines = readFileSync(`${SK}/iris.csv`, 'utf8').trim().split('\n').slice(1);
    const csv = data.fromCSV(lines.join('\n'), { header: false, target: 4 });
    expect(Array.from(ds.x.data)).toEqual(Array.from(csv.x.data));
    expect(Array.from(ds.y.data)).toEqual(Array.from(csv.y!.data));
  });
  it('returns fresh tensors each call', () => {
    const a = data.iris();
    a.x.data[0] = 99;
    expect(data.iris().x.data[0]).toBeCloseTo(5.1, 6);
  });
});

describe('digits', () => {
  const ds = data.digits();
  it('has 1797 images of 8×8 = 64 pixels with values 0…16 and the printed class counts', () => {
    expect(ds.x.shape).toEqual([1797, 64]);
    expect(ds.imageShape).toEqual([8, 8]);
    expect(ds.y.shape).toEqual([1797]);
    expect(counts(ds.y.data, 10)).toEqual(expected.digits.classCounts);
    expect(Math.min(...ds.x.data)).toBe(0);
    expect(Math.max(...ds.x.data)).toBe(16);
    expect(Array.from(ds.x.data).every(Number.isInteger)).toBe(true);
  });
  it('matches the printed image 0, first labels, pixel sum and checksum', () => {
    expect(Array.from(ds.x.data.subarray(0, 64))).toEqual(expected.digits.image0);
    expect(Array.from(ds.x.data.subarray(0, 16))).toEqual([0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]);
    expect(Array.from(ds.y.data.subarray(0, 10))).toEqual(expected.digits.labels0to9);
    expect(sum(ds.x.data)).toBe(expected.digits.pixelSum);
    const bytes = new Uint8Array([...Uint8Array.from(ds.x.data), ...Uint8Array.from(ds.y.data)]);
    expect(fnv1a32(bytes)).toBe(expected.digits.fnv1a32);
  });
  it('matches scikit-learn\'s digits.csv.gz when it is installed', () => {
    if (!existsSync(`${SK}/digits.csv.gz`)) return expect(expected.digits.shape).toEqual([1797, 64]);
    const rows = gunzipSync(readFileSync(`${SK}/digits.csv.gz`)).toString('utf8').trim().split('\n');
    expect(rows.length).toBe(1797);
    const want = rows.flatMap((r) => r.split(',').slice(0, 64).map(Number));
    expect(Array.from(ds.x.data)).toEqual(want);
    expect(Array.from(ds.y.data)).toEqual(rows.map((r) => Number(r.split(',')[64])));
  });
});

describe('fashionMnist', () => {
  it('ships 2000 train and 500 test images, balanced, matching the printed numbers', async () => {
    for (const split of ['train', 'test'] as const) {
      const ds = await data.fashionMnist({ split, normalize: false });
      const e = expected[`fashion_${split}`];
      expect(ds.x.shape).toEqual(e.shape);
      expect(counts(ds.y.data, 10)).toEqual(e.classCounts);
      expect(Array.from(ds.y.data.subarray(0, 10))).toEqual(e.labels0to9);
      expect(sum(ds.x.data)).toBe(e.pixelSum);
      expect(Array.from(ds.x.data.subarray(14 * 28, 15 * 28))).toEqual(e.image0Row14);
      const bytes = new Uint8Array(ds.x.size + ds.y.size);
      bytes.set(Uint8Array.from(ds.x.data));
      bytes.set(Uint8Array.from(ds.y.data), ds.x.size);
      expect(fnv1a32(bytes)).toBe(e.fnv1a32);
    }
    expect((await data.fashionMnist()).classNames).toEqual(expected.fashion_classNames);
  });
  it('gives the first n, scaled to [0, 1] by default', async () => {
    const all = await data.fashionMnist({ normalize: false });
    const ds = await data.fashionMnist({ n: 30 });
    expect(ds.x.shape).toEqual([30, 28, 28]);
    expect(ds.y.shape).toEqual([30]);
    expect(Array.from(ds.y.data)).toEqual(Array.from(all.y.data.subarray(0, 30)));
    for (let i = 0; i < ds.x.size; i += 37) expect(ds.x.data[i]).toBeCloseTo(all.x.data[i]! / 255, 6);
    expect(Math.max(...ds.x.data)).toBeLessThanOrEqual(1);
    expect(ds.attribution).toMatch(/Zalando/);
  });
  it('equals the first images of the Debian package files when they are installed', async () => {
    if (!existsSync(`${FASHION}/t10k-images-idx3-ubyte.gz`)) return expect(expected.fashion_test.shape).toEqual([500, 28, 28]);
    const images = gunzipSync(readFileSync(`${FASHION}/t10k-images-idx3-ubyte.gz`));
    const labels = gunzipSync(readFileSync(`${FASHION}/t10k-labels-idx1-ubyte.gz`));
    expect(images.readUInt32BE(0)).toBe(2051); // idx3 magic
    // the subset keeps the first 50 of each class in file order: rebuild it here
    const seen = new Array<number>(10).fill(0);
    const keep: number[] = [];
    for (let i = 0; i < 10000; i++) if (seen[labels[8 + i]!]!++ < 50) keep.push(i);
    const ds = await data.fashionMnist({ split: 'test', normalize: false });
    expect(Array.from(ds.y.data)).toEqual(keep.map((i) => labels[8 + i]));
    for (const k of [0, 1, 250, 499]) expect(Array.from(ds.x.data.subarray(k * 784, (k + 1) * 784))).toEqual(Array.from(images.subarray(16 + keep[k]! * 784, 16 + (keep[k]! + 1) * 784)));
  });
  it('rejects a bad n or split with a ValueError naming it', async () => {
    await expect(data.fashionMnist({ n: 0 })).rejects.toThrow(ValueError);
    await expect(data.fashionMnist({ n: 2001 })).rejects.toThrow(/n must be an integer from 1 to 2000/);
    await expect(data.fashionMnist({ n: 501, split: 'test' })).rejects.toThrow(/1 to 500/);
    await expect(data.fashionMnist({ n: 2.5 })).rejects.toThrow(ValueError);
    await expect(data.fashionMnist({ split: 'val' as 'test' })).rejects.toThrow(/split must be 'train' or 'test'/);
    await expect(data.fashionMnist(7 as never)).rejects.toThrow(/fashionMnist: options must be an object like \{ n: 500 \}, got 7/);
  });
});

describe('lazy data', () => {
  it('the library module graph does not import the Fashion-MNIST or record-208 asset statically', async () => {
    // their modules are loaded by the first fashionMnist() / ecg.record208() call only
    const { readdirSync } = await import('node:fs');
    const files: string[] = [];
    const walk = (dir: URL) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(new URL(`${e.name}/`, dir));
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) files.push(readFileSync(new URL(e.name, dir), 'utf8'));
      }
    };
    walk(new URL('..', import.meta.url));
    const staticImport = /^\s*(import|export)\b[^;]*from\s+'[^']*assets\/(fashion-mnist|ecg-record208)\.js'/m;
    expect(files.filter((f) => staticImport.test(f))).toEqual([]);
    expect(files.filter((f) => /import\('\.\/assets\/(fashion-mnist|ecg-record208)\.js'\)/.test(f))).toHaveLength(2);
  });
  it('concurrent first calls share one load and give equal, independent tensors', async () => {
    const [a, b] = await Promise.all([data.fashionMnist({ n: 3 }), data.fashionMnist({ n: 3 })]);
    expect(Array.from(a.y.data)).toEqual(Array.from(b.y.data));
    a.x.data[0] = 99;
    expect(b.x.data[0]).not.toBe(99);
    const [r, t] = await Promise.all([data.ecg.record208(), data.ecg.record208()]);
    expect(Array.from(r.raw.subarray(0, 5))).toEqual([975, 981, 987, 989, 990]);
    r.signal.data[0] = 99;
    r.raw[1] = 0;
    expect(t.signal.data[0]).not.toBe(99);
    expect(t.raw[1]).toBe(981);
  });
});

/** Reads the `ecg` array out of SciPy's ecg.dat (an .npz: a zip holding a deflated .npy). */
function readEcgDat(path: string): Uint16Array {
  const buf = readFileSync(path);
  expect(buf.readUInt32LE(0)).toBe(0x04034b50); // zip local file header
  const method = buf.readUInt16LE(8);
  const compressed = buf.readUInt32LE(18);
  const nameLen = buf.readUInt16LE(26);
  const extraLen = buf.readUInt16LE(28);
  expect(buf.toString('latin1', 30, 30 + nameLen)).toBe('ecg.npy');
  const start = 30 + nameLen + extraLen;
  const body = buf.subarray(start, start + compressed);
  const npy = method === 8 ? inflateRawSync(body) : body;
  expect(npy.toString('latin1', 1, 6)).toBe('NUMPY');
  const headerLen = npy[6] === 1 ? npy.readUInt16LE(8) : npy.readUInt32LE(8);
  const headerStart = npy[6] === 1 ? 10 : 12;
  const header = npy.toString('latin1', headerStart, headerStart + headerLen);
  expect(header).toMatch(/'descr': '<u2'/);
  const off = headerStart + headerLen;
  const out = new Uint16Array((npy.length - off) / 2);
  for (let i = 0; i < out.length; i++) out[i] = npy.readUInt16LE(off + 2 * i);
  return out;
}

describe('ecg.record208', () => {
  let rec: EcgRecord;
  beforeAll(async () => {
    rec = await data.ecg.record208();
  });
  it('is 5 minutes at 360 Hz: 108000 samples', () => {
    expect(rec.fs).toBe(360);
    expect(rec.signal.shape).toEqual([5 * 60 * 360]);
    expect(rec.signal.shape[0]).toBe(108000);
    expect(rec.duration).toBe(300);
    expect(rec.signal.dtype).toBe('float32');
    expect(rec.units).toBe('mV');
    expect(rec.attribution).toMatch(/PhysioNet/);
    expect(rec.attribution).toMatch(/Moody/);
  });
  it('is in a plausible millivolt range and converts counts by (c − 1024) / 200', () => {
    const s = rec.signal.data;
    expect(Math.min(...s)).toBeCloseTo(-3.485, 5);
    expect(Math.max(...s)).toBeCloseTo(3.65, 5);
    for (const i of [0, 1, 5000, 107999]) expect(s[i]).toBeCloseTo((rec.raw[i]! - 1024) / 200, 6);
    // SciPy's documentation states mean −0.16510875 and std 0.5992473991177294 for this signal
    const mean = sum(s) / s.length;
    const sd = Math.sqrt(sum(Array.from(s, (v) => (v - mean) ** 2)) / s.length);
    expect(mean).toBeCloseTo(-0.16510875, 5);
    expect(sd).toBeCloseTo(0.5992473991177294, 5);
  });
  it('matches the printed raw values and checksum', () => {
    expect(Array.from(rec.raw.subarray(0, 10))).toEqual(expected.ecg.rawFirst10);
    expect(Array.from(rec.raw.subarray(-5))).toEqual(expected.ecg.rawLast5);
    expect(Array.from(rec.raw.subarray(0, 5))).toEqual([975, 981, 987, 989, 990]);
    expect(sum(rec.raw)).toBe(expected.ecg.rawSum);
    const bytes = new Uint8Array(rec.raw.buffer.slice(0)); // little-endian hosts only; Node on x86/ARM
    expect(fnv1a32(bytes)).toBe(expected.ecg.fnv1a32);
  });
  it('equals SciPy\'s ecg.dat sample for sample when it is installed', () => {
    if (!existsSync(ECG_DAT)) return expect(expected.ecg.length).toBe(108000);
    const dat = readEcgDat(ECG_DAT);
    expect(dat.length).toBe(108000);
    expect(Array.from(rec.raw.subarray(0, 20))).toEqual(Array.from(dat.subarray(0, 20)));
    expect(rec.raw).toEqual(dat);
  });
});

describe('attribution', () => {
  it('names the source of every shipped data set', () => {
    expect(Object.keys(data.attribution).sort()).toEqual(['digits', 'ecgRecord208', 'fashionMnist', 'iris']);
    expect(data.attribution.digits).toMatch(/Alpaydin/);
    expect(data.attribution.fashionMnist).toMatch(/MIT licence/);
    expect(data.attribution.ecgRecord208).toMatch(/10\.13026\/C2F305/);
  });
});
