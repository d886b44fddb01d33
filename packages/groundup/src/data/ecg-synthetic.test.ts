import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { data } from '../index.js';
import { MAX_ELEMENTS } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { DOWER, SINUS_BEAT, heartVector, rateAdjust } from './ecg-synthetic.js';

// ---------------------------------------------------------------------------------------------
// Measurements written here, independent of the generator: a lead as an array, an R-peak finder,
// QRS widths, the mean signal before each R.

type Set = { x: Tensor; y: Tensor; classNames: string[]; fs: number };

function lead(ds: Set, i: number, l: number): Float64Array {
  const [, L, S] = ds.x.shape as [number, number, number];
  return Float64Array.from(ds.x.data.subarray((i * L + l) * S, (i * L + l + 1) * S));
}

/** Local maxima above frac·max, at least `gap` seconds apart (the taller wins). */
function peaks(sig: Float64Array, fs: number, frac = 0.5, gap = 0.25): number[] {
  let mx = -Infinity;
  for (const v of sig) mx = Math.max(mx, v);
  const thr = frac * mx;
  const out: number[] = [];
  for (let i = 1; i < sig.length - 1; i++) {
    if (sig[i]! < thr || sig[i]! < sig[i - 1]! || sig[i]! < sig[i + 1]!) continue;
    const last = out[out.length - 1];
    if (last !== undefined && i - last < gap * fs) {
      if (sig[i]! > sig[last]!) out[out.length - 1] = i;
    } else out.push(i);
  }
  return out;
}

/** Removes the slow baseline: the signal minus its centred moving average over `win` seconds. */
function highpass(sig: Float64Array, fs: number, win = 0.4): Float64Array {
  const h = Math.round((win * fs) / 2);
  const out = new Float64Array(sig.length);
  for (let i = 0; i < sig.length; i++) {
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, i - h); j <= Math.min(sig.length - 1, i + h); j++, c++) s += sig[j]!;
    out[i] = sig[i]! - s / c;
  }
  return out;
}

const diffs = (p: number[], fs: number) => p.slice(1).map((v, i) => (v - p[i]!) / fs);
const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const sd = (a: ArrayLike<number>) => {
  const m = mean(a);
  return Math.sqrt(Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
};
const median = (a: number[]) => {
  const s = [...a].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const cv = (rr: number[]) => sd(rr) / mean(rr);

/** Records of one class (by name) in a set. */
const ofClass = (ds: Set, name: string) => Array.from(ds.y.data, (c, i) => [c, i] as const).filter(([c]) => ds.classNames[c] === name).map(([, i]) => i);

/** Heart-vector magnitude √(Σ over the 8 independent leads²) of record i: polarity-free. */
function magnitude(ds: Set, i: number): Float64Array {
  const S = ds.x.shape[2]!;
  const m = new Float64Array(S);
  for (const l of [0, 1, 6, 7, 8, 9, 10, 11]) {
    const s = lead(ds, i, l);
    for (let k = 0; k < S; k++) m[k]! += s[k]! * s[k]!;
  }
  return m.map(Math.sqrt);
}

/** Width (s) of the run around peak p where sig stays above frac·sig[p]. */
function width(sig: Float64Array, p: number, fs: number, frac = 0.35): number {
  const t = frac * sig[p]!;
  let a = p;
  let b = p;
  while (a > 0 && sig[a - 1]! > t) a--;
  while (b < sig.length - 1 && sig[b + 1]! > t) b++;
  return (b - a + 1) / fs;
}

/** Median over beats (with a preceding RR ≥ 0.6 s) of the mean of lead II in [R − 200 ms, R − 90 ms]. */
function prWindowMean(sig: Float64Array, p: number[], fs: number): number {
  const vals: number[] = [];
  for (let k = 1; k < p.length; k++) {
    const a = p[k]! - Math.round(0.2 * fs);
    const b = p[k]! - Math.round(0.09 * fs);
    if (a < 0 || (p[k]! - p[k - 1]!) / fs < 0.6) continue;
    vals.push(mean(sig.subarray(a, b)));
  }
  return vals.length ? median(vals) : NaN;
}

// ---------------------------------------------------------------------------------------------

const FS = 250;
const clean = data.ecg.synthetic({ n: 100, samples: 2500, fs: FS, seed: 11, noise: false }); // 10-s records

describe('ecg.synthetic: shapes and labels', () => {
  it('returns x [n,12,samples] float32, y [n] int32, balanced classes, names and fs', () => {
    const ds = data.ecg.synthetic({ n: 23, seed: 0 });
    expect(ds.x.shape).toEqual([23, 12, 1000]);
    expect(ds.x.dtype).toBe('float32');
    expect(ds.y.shape).toEqual([23]);
    expect(ds.y.dtype).toBe('int32');
    expect(ds.classNames).toEqual(['normal', 'afib', 'pvc', 'brady', 'tachy']);
    expect(ds.leadNames).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(ds.fs).toBe(250);
    const counts = [0, 0, 0, 0, 0];
    ds.y.data.forEach((c) => counts[c]!++);
    expect(counts).toEqual([5, 5, 5, 4, 4]);
    expect(ds.x.data.every(Number.isFinite)).toBe(true);
  });

  it('draws a subset of classes in the order given, and shuffles unless told not to', () => {
    const ds = data.ecg.synthetic({ n: 6, classes: ['tachy', 'afib'], samples: 200, seed: 1, shuffle: false });
    expect(ds.classNames).toEqual(['tachy', 'afib']);
    expect(Array.from(ds.y.data)).toEqual([0, 0, 0, 1, 1, 1]);
    const sh = data.ecg.synthetic({ n: 40, classes: ['tachy', 'afib'], samples: 50, seed: 1 });
    expect(Array.from(sh.y.data)).not.toEqual([...Array(20).fill(0), ...Array(20).fill(1)]);
  });

  it('leads: 1 gives lead II alone, the same samples as lead II of the 12-lead set', () => {
    const a = data.ecg.synthetic({ n: 5, leads: 1, samples: 300, seed: 4 });
    const b = data.ecg.synthetic({ n: 5, leads: 12, samples: 300, seed: 4 });
    expect(a.x.shape).toEqual([5, 1, 300]);
    expect(a.leadNames).toEqual(['II']);
    for (let i = 0; i < 5; i++) expect(lead(a, i, 0)).toEqual(lead(b, i, 1));
  });

  it('is the same for the same seed and different for another', () => {
    const a = data.ecg.synthetic({ n: 10, samples: 500, seed: 7 });
    const b = data.ecg.synthetic({ n: 10, samples: 500, seed: 7 });
    const c = data.ecg.synthetic({ n: 10, samples: 500, seed: 8 });
    expect(a.x.data).toEqual(b.x.data);
    expect(a.y.data).toEqual(b.y.data);
    expect(a.x.data).not.toEqual(c.x.data);
    // Records differ from each other too, even within a class.
    const [i, j] = ofClass(a, 'normal');
    expect(lead(a, i!, 1)).not.toEqual(lead(a, j!, 1));
  });
});

describe('ecg.synthetic: the beat is the McSharry ODE solution', () => {
  it('RK4 integration of the (x, y, z) system follows the closed form the generator samples', () => {
    // One beat at 75 bpm, projected on lead II: a_i = A_i ω / b_i² turns each amplitude A_i (mV)
    // into the ODE's forcing, and the ODE is integrated from θ = −π with no relaxation term.
    const hr = 75;
    const omega = (2 * Math.PI * hr) / 60;
    const ev = rateAdjust(SINUS_BEAT, hr);
    const II = DOWER[1]!;
    const A = ev.map((e) => II[0] * e.v[0] + II[1] * e.v[1] + II[2] * e.v[2]);
    const a = ev.map((e, i) => (A[i]! * omega) / (e.b * e.b));
    const wrap = (t: number) => Math.atan2(Math.sin(t), Math.cos(t));
    const f = ([x, y, z]: number[]): number[] => {
      const alpha = 1 - Math.hypot(x!, y!);
      const th = Math.atan2(y!, x!);
      let dz = 0;
      ev.forEach((e, i) => {
        const d = wrap(th - e.theta);
        dz -= a[i]! * d * Math.exp((-d * d) / (2 * e.b * e.b));
      });
      return [alpha * x! - omega * y!, alpha * y! + omega * x!, dz];
    };
    const lead2 = (th: number) => {
      const d = heartVector(ev, th);
      return II[0] * d[0] + II[1] * d[1] + II[2] * d[2];
    };
    const steps = 4000;
    const h = 60 / hr / steps;
    let s = [-1, 0, lead2(-Math.PI)];
    let worst = 0;
    let peak = 0;
    for (let k = 0; k < steps; k++) {
      const k1 = f(s);
      const k2 = f(s.map((v, j) => v + (h / 2) * k1[j]!));
      const k3 = f(s.map((v, j) => v + (h / 2) * k2[j]!));
      const k4 = f(s.map((v, j) => v + h * k3[j]!));
      s = s.map((v, j) => v + (h / 6) * (k1[j]! + 2 * k2[j]! + 2 * k3[j]! + k4[j]!));
      const th = Math.atan2(s[1]!, s[0]!);
      worst = Math.max(worst, Math.abs(s[2]! - lead2(th)));
      peak = Math.max(peak, s[2]!);
    }
    expect(worst).toBeLessThan(1e-6);
    expect(peak).toBeGreaterThan(0.8); // the R wave was integrated, not a flat line
    expect(peak).toBeLessThan(1.4);
  });
});

describe('ecg.synthetic: physiology, measured on clean 10-s records', () => {
  it('heart rate from R peaks in lead II: brady < 60, normal 60–100, tachy > 100 bpm', () => {
    const ranges: Record<string, [number, number]> = { brady: [30, 60], normal: [60, 100], tachy: [100, 200] };
    // Also 1000 samples at 100 Hz: 10-s records in the PTB-XL low-rate format.
    const at100 = data.ecg.synthetic({ n: 30, classes: ['brady', 'normal', 'tachy'], fs: 100, seed: 5, noise: false });
    for (const ds of [clean, at100]) {
      for (const [name, [lo, hi]] of Object.entries(ranges)) {
        for (const i of ofClass(ds, name)) {
          const p = peaks(lead(ds, i, 1), ds.fs);
          const hr = 60 / mean(diffs(p, ds.fs));
          expect(hr, `${name} record ${i} at ${ds.fs} Hz`).toBeGreaterThan(lo);
          expect(hr, `${name} record ${i} at ${ds.fs} Hz`).toBeLessThan(hi);
        }
      }
    }
  });

  it('RR intervals are irregular in afib (coefficient of variation) and nearly regular in sinus rhythm', () => {
    const cvs = (name: string) => ofClass(clean, name).map((i) => cv(diffs(peaks(magnitude(clean, i), FS), FS)));
    const normal = cvs('normal');
    const afib = cvs('afib');
    for (const c of normal) expect(c).toBeLessThan(0.06);
    expect(median(afib)).toBeGreaterThan(0.12);
    expect(Math.min(...afib)).toBeGreaterThan(Math.max(...normal));
    expect(mean(afib)).toBeGreaterThan(4 * mean(normal));
  });

  it('a P wave precedes the QRS in sinus rhythm and not in afib', () => {
    const pw = (name: string) =>
      ofClass(clean, name).map((i) => {
        const s = lead(clean, i, 1);
        return prWindowMean(s, peaks(s, FS), FS);
      });
    const normal = pw('normal');
    const afib = pw('afib').filter(Number.isFinite);
    expect(afib.length).toBeGreaterThan(10);
    for (const v of normal) expect(v).toBeGreaterThan(0.04);
    for (const v of afib) expect(Math.abs(v)).toBeLessThan(0.04);
    expect(mean(normal)).toBeGreaterThan(3 * mean(afib.map(Math.abs)));
  });

  it('PVC records have a wide QRS and an early beat; sinus records have neither', () => {
    const beats = (i: number) => {
      const m = magnitude(clean, i);
      // A low threshold finds PVCs seen weakly in the leads; the 0.3-s gap folds T waves into their QRS.
      const p = peaks(m, FS, 0.2, 0.3);
      const w = p.slice(1, -1).map((k) => width(m, k, FS)); // whole beats only
      const rr = diffs(p.slice(1, -1), FS); // a T wave cut by the window's edge can pass for a beat
      return { wideRatio: Math.max(...w) / median(w), earlyRatio: Math.min(...rr) / median(rr) };
    };
    for (const i of ofClass(clean, 'pvc')) {
      const b = beats(i);
      expect(b.wideRatio, `pvc record ${i}`).toBeGreaterThan(1.6);
      expect(b.earlyRatio, `pvc record ${i}`).toBeLessThan(0.8);
    }
    for (const i of ofClass(clean, 'normal')) {
      const b = beats(i);
      expect(b.wideRatio, `normal record ${i}`).toBeLessThan(1.25);
      expect(b.earlyRatio, `normal record ${i}`).toBeGreaterThan(0.85);
    }
  });

  it('the R wave in lead II is 0.5–2 mV, and no lead leaves ±5 mV', () => {
    for (const name of ['normal', 'afib', 'brady', 'tachy']) {
      for (const i of ofClass(clean, name)) {
        const s = lead(clean, i, 1);
        const r = median(peaks(s, FS).map((k) => s[k]!));
        expect(r, `${name} record ${i}`).toBeGreaterThan(0.5);
        expect(r, `${name} record ${i}`).toBeLessThan(2);
      }
    }
    let big = 0;
    for (const v of clean.x.data) big = Math.max(big, Math.abs(v));
    expect(big).toBeLessThan(5);
  });
});

describe('ecg.synthetic: leads and noise', () => {
  const noisy = data.ecg.synthetic({ n: 20, samples: 1000, seed: 11, noise: { powerline: 0.05 } });
  const quiet = data.ecg.synthetic({ n: 20, samples: 1000, seed: 11, noise: false });

  it.each([
    ['clean', quiet],
    ['noisy', noisy],
  ] as const)('Einthoven and Goldberger relations hold exactly (%s)', (_name, ds) => {
    let worst = 0;
    for (let i = 0; i < ds.x.shape[0]!; i++) {
      const [I, II, III, aVR, aVL, aVF] = [0, 1, 2, 3, 4, 5].map((l) => lead(ds, i, l)) as Float64Array[];
      for (let k = 0; k < I!.length; k++) {
        worst = Math.max(
          worst,
          Math.abs(III![k]! - (II![k]! - I![k]!)),
          Math.abs(aVR![k]! + aVL![k]! + aVF![k]!),
          Math.abs(aVR![k]! + (I![k]! + II![k]!) / 2),
          Math.abs(aVL![k]! - (I![k]! - II![k]! / 2)),
          Math.abs(aVF![k]! - (II![k]! - I![k]! / 2)),
        );
      }
    }
    expect(worst).toBeLessThan(2e-6); // float32 rounding of values of a few mV
  });

  it('noise is an additive layer: noisy − clean is baseline wander below 1 Hz plus faster muscle noise', () => {
    const lows: number[] = [];
    const highs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = lead(noisy, i, 1).map((v, k) => v - lead(quiet, i, 1)[k]!);
      const high = highpass(r, 250, 1); // minus the 1-s moving average
      const low = r.map((v, k) => v - high[k]!);
      lows.push(sd(low));
      highs.push(sd(high));
    }
    expect(median(lows)).toBeGreaterThan(0.02);
    expect(median(lows)).toBeLessThan(0.3);
    expect(median(highs)).toBeGreaterThan(0.01);
    expect(median(highs)).toBeLessThan(0.1);
  });

  it('powerline hum, when asked for, sits at the mains frequency', () => {
    const fs = 500;
    const a = data.ecg.synthetic({ n: 1, classes: ['normal'], fs, seed: 3, noise: { baseline: 0, muscle: 0, powerline: 0.1, mains: 60 } });
    const b = data.ecg.synthetic({ n: 1, classes: ['normal'], fs, seed: 3, noise: false });
    const r = lead(a, 0, 0).map((v, k) => v - lead(b, 0, 0)[k]!);
    const power = (hz: number) => {
      let re = 0;
      let im = 0;
      r.forEach((v, k) => {
        re += v * Math.cos((2 * Math.PI * hz * k) / fs);
        im += v * Math.sin((2 * Math.PI * hz * k) / fs);
      });
      return re * re + im * im;
    };
    expect(power(60)).toBeGreaterThan(1000 * power(50));
    expect(power(60)).toBeGreaterThan(1000 * power(30));
  });
});

describe('ecg.synthetic: the classes carry signal', () => {
  it('logistic regression on two measured features (RR CV, PR-window mean) separates afib from normal on noisy records', () => {
    const features = (ds: Set) =>
      Array.from(ds.y.data, (_c, i) => {
        const s = highpass(lead(ds, i, 1), ds.fs);
        const p = peaks(s, ds.fs, 0.6);
        const pw = prWindowMean(s, p, ds.fs);
        return [cv(diffs(p, ds.fs)), Number.isFinite(pw) ? pw : 0];
      });
    const train = data.ecg.synthetic({ n: 80, classes: ['normal', 'afib'], seed: 21 });
    const test = data.ecg.synthetic({ n: 40, classes: ['normal', 'afib'], seed: 22 });
    const xtr = features(train);
    const xte = features(test);
    const mu = [0, 1].map((j) => mean(xtr.map((r) => r[j]!)));
    const sg = [0, 1].map((j) => sd(xtr.map((r) => r[j]!)));
    const z = (r: number[]) => r.map((v, j) => (v - mu[j]!) / sg[j]!);
    let w = [0, 0];
    let b = 0;
    for (let step = 0; step < 500; step++) {
      const g = [0, 0];
      let gb = 0;
      xtr.forEach((r, i) => {
        const q = z(r);
        const pr = 1 / (1 + Math.exp(-(w[0]! * q[0]! + w[1]! * q[1]! + b)));
        const e = pr - train.y.data[i]!;
        g[0]! += e * q[0]!;
        g[1]! += e * q[1]!;
        gb += e;
      });
      w = w.map((v, j) => v - (0.5 * g[j]!) / xtr.length);
      b -= (0.5 * gb) / xtr.length;
    }
    const acc = mean(xte.map((r, i) => (w[0]! * z(r)[0]! + w[1]! * z(r)[1]! + b > 0 ? 1 : 0) === test.y.data[i] ? 1 : 0));
    expect(acc).toBeGreaterThanOrEqual(0.9);
    expect(w[0]).toBeGreaterThan(0); // more irregular → afib
  });
});

describe('ecg.synthetic: bad input', () => {
  const f = data.ecg.synthetic;
  it('rejects sizes out of range with ValueError and wrong kinds with TypeError', () => {
    expect(() => f({ n: 0 })).toThrow(ValueError);
    expect(() => f({ n: 2.5 })).toThrow(/n must be an integer/);
    expect(() => f({ n: '3' as unknown as number })).toThrow(TypeError);
    expect(() => f({ samples: -1 })).toThrow(/samples must be an integer in 1 … 1000000, got -1/);
    expect(() => f({ fs: 10 })).toThrow(/fs must be an integer in 50 … 2000, got 10/);
    expect(() => f({ leads: 3 as 12 })).toThrow(/leads must be 12 .* or 1 .*got 3/);
    expect(() => f({ n: 3 })).toThrow(/n = 3 records cannot fill 5 classes/);
    expect(() => f({ n: 1000, samples: 1_000_000 })).toThrow(new RegExp(`caps one tensor at ${MAX_ELEMENTS}`));
    expect(() => f({ seed: NaN })).toThrow(ValueError);
    expect(() => f(5 as unknown as object)).toThrow(TypeError);
    expect(() => f({ shuffle: 'yes' as unknown as boolean })).toThrow(TypeError);
  });

  it('names the valid classes when given an unknown one, and rejects empty or repeated lists', () => {
    expect(() => f({ classes: ['normal', 'vfib'] })).toThrow(ValueError);
    expect(() => f({ classes: ['normal', 'vfib'] })).toThrow(/unknown class "vfib"; the classes are normal, afib, pvc, brady, tachy/);
    expect(() => f({ classes: [] })).toThrow(/classes is empty/);
    expect(() => f({ classes: ['afib', 'afib'] })).toThrow(/listed twice/);
    expect(() => f({ classes: 'afib' as unknown as string[] })).toThrow(TypeError);
  });

  it('checks the noise options', () => {
    expect(() => f({ noise: { muscle: -1 } })).toThrow(/noise.muscle .* must be in 0 … 10, got -1/);
    expect(() => f({ noise: { mains: 55 as 50 } })).toThrow(/mains must be 50 or 60/);
    expect(() => f({ noise: { hum: 1 } as object })).toThrow(/unknown noise option "hum"/);
    expect(() => f({ fs: 100, noise: { powerline: 0.1, mains: 60 } })).toThrow(/cannot be sampled at fs = 100 Hz \(needs fs > 120\)/);
    expect(() => f({ noise: 'on' as unknown as boolean })).toThrow(TypeError);
  });
});
