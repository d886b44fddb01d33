/**
 * Synthetic 12-lead electrocardiograms with rhythm labels, drawn from a seed.
 *
 * ## The beat: McSharry's dynamical model
 * McSharry, Clifford, Tarassenko & Smith (2003), "A dynamical model for generating synthetic
 * electrocardiogram signals", IEEE TBME 50(3), moves a point around the unit circle of the
 * (x, y) plane, one turn per RR interval, while a third coordinate z is kicked up or down whenever
 * the phase θ = atan2(y, x) passes one of five events P, Q, R, S, T:
 * $$\dot x = \alpha x - \omega y,\qquad \dot y = \alpha y + \omega x,\qquad
 *   \dot z = -\sum_{i\in\{P,Q,R,S,T\}} a_i\,\Delta\theta_i\,e^{-\Delta\theta_i^2/(2b_i^2)} - (z - z_0),$$
 * with $\alpha = 1 - \sqrt{x^2+y^2}$ (the pull back onto the limit cycle), $\omega = 2\pi/RR$ and
 * $\Delta\theta_i = (\theta - \theta_i) \bmod 2\pi$. On the cycle θ turns at the constant rate ω
 * during a beat, and without the slow $-(z-z_0)$ relaxation the z equation integrates in closed form:
 * $$z(\theta) = \sum_i A_i\,e^{-\Delta\theta_i^2/(2b_i^2)},\qquad A_i = \frac{a_i b_i^2}{\omega}.$$
 * That closed form is what this file evaluates, beat by beat, directly at the output sampling rate
 * (no ODE integrator, so no transient and no step-size error); the test file integrates the ODE
 * above with RK4 and checks that it lands on the same curve. The relaxation term, a 0.16 Hz
 * high-pass in effect, is left out: baseline wander is modelled separately below.
 *
 * Event angles and widths are those of the paper's table (θ: P −π/3, Q −π/12, R 0, S π/12, T π/2;
 * b: 0.25, 0.1, 0.1, 0.1, 0.4 rad), with ECGSYN's heart-rate corrections: at heart rate h bpm all
 * widths are multiplied by $\sqrt{h/60}$, the Q and S angles by $\sqrt{h/60}$ and the P and T angles
 * by $(h/60)^{1/4}$, so that the QRS and QT durations shrink more slowly than the RR interval.
 *
 * ## The 3-D heart vector and the 12 leads
 * As in the multichannel extensions of the model (Sameni et al. 2007), each event's amplitude is a
 * 3-vector $\mathbf A_i$ in millivolts, so the sum above is the heart's electrical dipole
 * $\mathbf d(t) \in \mathbb R^3$ (Frank axes: X to the patient's left, Y to the feet, Z to the
 * back). Eight independent leads come from Dower's transform $\mathbf s = D\,\mathbf d$ (one row
 * each for I, II, V1–V6); the other four follow from Einthoven's and Goldberger's relations
 * $$\mathrm{III} = \mathrm{II} - \mathrm I,\quad \mathrm{aVR} = -\tfrac{\mathrm I + \mathrm{II}}{2},\quad
 *   \mathrm{aVL} = \mathrm I - \tfrac{\mathrm{II}}{2},\quad \mathrm{aVF} = \mathrm{II} - \tfrac{\mathrm I}{2},$$
 * which therefore hold exactly (to float32 rounding), noise included: noise is added to the nine
 * electrode potentials (RA, LA, LL, V1–V6) and the leads are formed from them as a recorder does.
 *
 * ## Rhythms
 * - `normal`: sinus rhythm, mean rate 64–94 bpm; the RR interval is modulated by respiration
 *   (RSA, 0.15–0.3 Hz) and Mayer waves (≈0.1 Hz) — the two peaks of McSharry's RR spectrum, here as
 *   two sinusoids with random phases — plus a little jitter, within ±6 %.
 * - `brady`: the same at 40–55 bpm; `tachy`: the same at 108–150 bpm.
 * - `afib`: RR intervals drawn independently from a log-normal law (coefficient of variation
 *   0.15–0.3, mean rate 70–120 bpm, clipped to 0.33–1.8 s); no P wave; fibrillatory f-waves at
 *   4–9 Hz, 0.04–0.1 mV, with wandering frequency and amplitude.
 * - `pvc`: sinus rhythm (64–94 bpm) in which one or two beats are premature ventricular
 *   contractions: no P wave; a wide QRS (two lobes, each 2.2–2.7 times the width of a sinus R,
 *   the second turned away from the first) along an axis at least 60° from the sinus QRS; a
 *   discordant T wave; coupled at 55–75 % of the RR interval and followed by a full compensatory
 *   pause (the sinus rhythm marches on; the beat it would have made is lost). PVCs are placed
 *   between 15 % and 85 % of the window when there is room.
 *
 * ## Variety and noise
 * Every record gets its own amplitude scale (×0.8–1.3), a small rotation of the heart axis (each
 * Euler angle within ±12°), P and T amplitudes (×0.7–1.3), event widths (×0.9–1.1), respiratory
 * modulation of the beat amplitude (±5 %), and a random start phase, so windows do not begin at a
 * fixed point of the cycle. Unless `noise: false`, each electrode also picks up baseline wander
 * (a respiratory sinusoid at the record's breathing rate plus a slower drift), muscle (EMG) noise
 * (Gaussian noise band-limited to ≈20–100 Hz) and, if asked for, mains hum at 50 or 60 Hz.
 *
 * What is simplified: the RR process is two sinusoids and not McSharry's full spectral synthesis;
 * beat shapes do not vary beat to beat beyond amplitude and rate; the dipole's position does not
 * move with respiration; no electrode motion artefacts, no lead misplacement, no conduction
 * blocks, ischaemia or other morphologies.
 */
import { ValueError, assertFinite, fmtValue } from '../errors.js';
import { Generator } from '../random.js';
import { MAX_ELEMENTS } from '../shape.js';
import { Tensor } from '../tensor.js';
import { classCounts } from './synthetic.js';
import { readOptions } from '../validate.js';

const OP = 'ecg.synthetic';

/** A 3-vector in Frank's axes (X left, Y feet, Z back), in millivolts. */
export type Vec3 = [number, number, number];

/** One Gaussian event of the McSharry model: its angle θᵢ and width bᵢ (radians) and its 3-D amplitude. */
export interface WaveEvent {
  name: string;
  theta: number;
  b: number;
  v: Vec3;
}

/** The rhythm classes, in the label order used when `classes` is not given. */
export const ECG_CLASSES = ['normal', 'afib', 'pvc', 'brady', 'tachy'] as const;
export type EcgClass = (typeof ECG_CLASSES)[number];

/** The 12 standard leads in the usual order (the order of axis 1 of `x`). */
export const LEAD_NAMES = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;

/**
 * The sinus beat at 60 bpm. Angles and widths are McSharry's; the amplitude vectors are ours,
 * chosen so that the projected leads look like a normal adult ECG: QRS axis ≈ +50° in the frontal
 * plane, R ≈ 1.1 mV and T ≈ 0.3 mV in lead II, a small septal q in I and V6, an rS complex in V1
 * and R waves that grow from V1 to V5.
 */
export const SINUS_BEAT: readonly WaveEvent[] = [
  { name: 'P', theta: -Math.PI / 3, b: 0.25, v: [0.12, 0.11, -0.04] },
  { name: 'Q', theta: -Math.PI / 12, b: 0.1, v: [-0.12, 0.02, -0.14] },
  { name: 'R', theta: 0, b: 0.1, v: [1.0, 0.9, 0.6] },
  { name: 'S', theta: Math.PI / 12, b: 0.1, v: [-0.22, -0.18, 0.22] },
  { name: 'T', theta: Math.PI / 2, b: 0.4, v: [0.22, 0.2, -0.12] },
];

/**
 * Dower's transform from the heart vector (X, Y, Z) to the eight independent leads
 * I, II, V1, …, V6 (rows), in that order: lead = row · d.
 */
export const DOWER: readonly Vec3[] = [
  [0.632, -0.235, 0.059], // I
  [0.235, 1.066, -0.132], // II
  [-0.515, 0.157, -0.917], // V1
  [0.044, 0.164, -1.387], // V2
  [0.882, 0.098, -1.277], // V3
  [1.213, 0.127, -0.601], // V4
  [1.125, 0.127, -0.086], // V5
  [0.831, 0.076, 0.23], // V6
];

/**
 * ECGSYN's heart-rate correction of a beat's events: at h bpm, with $f = \sqrt{h/60}$,
 * $$b_i \leftarrow f\,b_i,\qquad \theta_{Q,R,S} \leftarrow f\,\theta_{Q,R,S},\qquad \theta_{P,T} \leftarrow \sqrt f\,\theta_{P,T}$$
 * (events not named P or T, such as the lobes of a PVC, are treated as part of the QRS).
 */
export function rateAdjust(events: readonly WaveEvent[], hr: number): WaveEvent[] {
  const f = Math.sqrt(hr / 60);
  const f2 = Math.sqrt(f);
  return events.map((e) => ({
    ...e,
    b: e.b * f,
    theta: e.name === 'P' || e.name === 'T' ? e.theta * f2 : e.theta * f,
  }));
}

/**
 * The heart vector at phase θ of a beat, the closed-form solution of McSharry's z equation:
 * $$\mathbf d(\theta) = \sum_i \mathbf A_i\,e^{-\Delta\theta_i^2/(2b_i^2)},\qquad \Delta\theta_i = \theta - \theta_i\ \text{wrapped to}\ (-\pi, \pi].$$
 */
export function heartVector(events: readonly WaveEvent[], theta: number): Vec3 {
  const d: Vec3 = [0, 0, 0];
  for (const e of events) {
    let dt = (theta - e.theta) % (2 * Math.PI);
    if (dt > Math.PI) dt -= 2 * Math.PI;
    else if (dt <= -Math.PI) dt += 2 * Math.PI;
    const g = Math.exp((-dt * dt) / (2 * e.b * e.b));
    d[0] += e.v[0] * g;
    d[1] += e.v[1] * g;
    d[2] += e.v[2] * g;
  }
  return d;
}

export interface EcgNoiseOptions {
  /** Baseline wander amplitude per electrode, mV (default 0.1). */
  baseline?: number;
  /** Muscle (EMG) noise standard deviation per electrode, mV (default 0.02). */
  muscle?: number;
  /** Mains hum amplitude per electrode, mV (default 0: off). Needs fs > 2 × mains. */
  powerline?: number;
  /** Mains frequency, 50 or 60 Hz (default 50). */
  mains?: 50 | 60;
}

export interface EcgSyntheticOptions {
  /** Number of records (default 32). */
  n?: number;
  /** 12 for the standard leads, or 1 for lead II alone (default 12). */
  leads?: 12 | 1;
  /** Samples per record (default 1000). */
  samples?: number;
  /** Sampling rate in Hz, an integer in 50 … 2000 (default 250, so 1000 samples are 4 s). */
  fs?: number;
  /** The classes to draw, by name, in label order (default all of {@link ECG_CLASSES}). */
  classes?: readonly string[];
  /** Seed of the generator (default 0). */
  seed?: number;
  /** `false` for clean signals; `true` (default) or levels for the default noise mix. */
  noise?: boolean | EcgNoiseOptions;
  /** Shuffle the records (default true); unshuffled they come class by class. */
  shuffle?: boolean;
}

export interface EcgSyntheticData {
  /** The records in millivolts. Shape [n, leads, samples] float32. */
  x: Tensor;
  /** Class index of each record into `classNames`. Shape [n] int32. */
  y: Tensor;
  classNames: string[];
  /** The lead of each row of axis 1. */
  leadNames: string[];
  /** Sampling rate in Hz. */
  fs: number;
}

interface Beat {
  /** Time of the R peak (s). */
  t: number;
  /** The RR interval that sets the beat's phase speed and rate corrections (s). */
  rr: number;
  kind: 'sinus' | 'af' | 'pvc';
}

interface Morph {
  sinus: WaveEvent[];
  pvc: WaveEvent[];
  /** Unit directions of the two fibrillatory components. */
  fDirs: [Vec3, Vec3];
}

const uniform = (g: Generator, lo: number, hi: number) => lo + (hi - lo) * g.random();
const clampNum = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3) => Math.sqrt(dot(a, a));
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];

/** R = Rz(γ) Ry(β) Rx(α) applied to v. */
function rotate(v: Vec3, [a, b, c]: Vec3): Vec3 {
  let [x, y, z] = v;
  [y, z] = [y * Math.cos(a) - z * Math.sin(a), y * Math.sin(a) + z * Math.cos(a)];
  [x, z] = [x * Math.cos(b) + z * Math.sin(b), -x * Math.sin(b) + z * Math.cos(b)];
  [x, y] = [x * Math.cos(c) - y * Math.sin(c), x * Math.sin(c) + y * Math.cos(c)];
  return [x, y, z];
}

function randomUnit(g: Generator): Vec3 {
  for (;;) {
    const v: Vec3 = [g.normal(), g.normal(), g.normal()];
    const r = norm(v);
    if (r > 1e-6) return scale(v, 1 / r);
  }
}

/** This record's beat shapes: the sinus template jittered, rotated and scaled; a PVC shape; f-wave axes. */
function morphology(g: Generator): Morph {
  const amp = uniform(g, 0.8, 1.3);
  const deg = Math.PI / 180;
  const angles: Vec3 = [0, 0, 0].map(() => clampNum(6 * deg * g.normal(), -12 * deg, 12 * deg)) as Vec3;
  const pScale = uniform(g, 0.7, 1.3);
  const tScale = uniform(g, 0.7, 1.3);
  const wScale = uniform(g, 0.9, 1.1);
  const sinus = SINUS_BEAT.map((e) => {
    const s = amp * (e.name === 'P' ? pScale : e.name === 'T' ? tScale : 1);
    return { ...e, b: e.b * wScale, v: rotate(scale(e.v, s), angles) };
  });
  // PVC: an ectopic ventricular focus, so depolarisation spreads along another axis and slowly
  // (muscle to muscle, not through the conduction system): a wide complex of two lobes that turn
  // as the wave crosses the two ventricles one after the other, and a T wave opposite to it.
  const rVec = sinus[2]!.v;
  let dir = randomUnit(g);
  while (dot(dir, rVec) / norm(rVec) > Math.cos(60 * deg)) dir = randomUnit(g);
  const turn = randomUnit(g);
  let dir2: Vec3 = [dir[0] + 0.8 * turn[0], dir[1] + 0.8 * turn[1], dir[2] + 0.8 * turn[2]];
  dir2 = scale(dir2, 1 / norm(dir2));
  const pvcAmp = norm(rVec) * uniform(g, 0.8, 1.2);
  const lobe = SINUS_BEAT[2]!.b * uniform(g, 2.2, 2.7); // each lobe over twice as wide as a sinus R
  const pvc: WaveEvent[] = [
    { name: 'V1', theta: -0.13, b: lobe, v: scale(dir, pvcAmp) },
    { name: 'V2', theta: 0.15, b: lobe, v: scale(dir2, 0.8 * pvcAmp) },
    { name: 'T', theta: Math.PI / 2, b: 0.45, v: scale(dir, -pvcAmp * uniform(g, 0.2, 0.3)) },
  ];
  // Atrial fibrillation waves are largest in V1 and the inferior leads: right, anterior, inferior.
  const f1 = rotate([-0.3, 0.5, -0.8], angles);
  const f2 = rotate([0.6, 0.6, -0.2], angles);
  return { sinus, pvc, fDirs: [scale(f1, 1 / norm(f1)), scale(f2, 1 / norm(f2))] };
}

/** Sinus rhythm: RR(t) = RR₀ (1 + RSA + Mayer + jitter), the modulation kept within ±6 %. */
function sinusBeats(g: Generator, hrLo: number, hrHi: number, duration: number, respHz: number): Beat[] {
  const rr0 = 60 / uniform(g, hrLo, hrHi);
  const aRsa = uniform(g, 0.01, 0.03);
  const aMayer = uniform(g, 0.005, 0.02);
  const fMayer = uniform(g, 0.08, 0.12);
  const ph1 = uniform(g, 0, 2 * Math.PI);
  const ph2 = uniform(g, 0, 2 * Math.PI);
  const rrAt = (t: number) =>
    rr0 * (1 + clampNum(aRsa * Math.sin(2 * Math.PI * respHz * t + ph1) + aMayer * Math.sin(2 * Math.PI * fMayer * t + ph2) + 0.004 * g.normal(), -0.06, 0.06));
  const beats: Beat[] = [];
  // Start a couple of seconds before the window, at a random point of the cycle.
  let t = -(2.5 + g.random() * rr0);
  while (t < duration + 1.5) {
    const rr = rrAt(t);
    beats.push({ t, rr, kind: 'sinus' });
    t += rr;
  }
  return beats;
}

/** Atrial fibrillation: independent log-normal RR intervals. */
function afibBeats(g: Generator, duration: number): Beat[] {
  const rrMean = 60 / uniform(g, 70, 120);
  const sigma = uniform(g, 0.15, 0.3);
  const beats: Beat[] = [];
  let t = -(2.5 + g.random() * rrMean);
  let prev = rrMean;
  while (t < duration + 1.5) {
    beats.push({ t, rr: clampNum(prev, 0.4, 1.5), kind: 'af' });
    prev = clampNum(rrMean * Math.exp(sigma * g.normal() - (sigma * sigma) / 2), 0.33, 1.8);
    t += prev;
  }
  return beats;
}

/** Replaces one or two sinus beats by PVCs inside the window, keeping the sinus schedule. */
function insertPvcs(g: Generator, beats: Beat[], duration: number): void {
  const count = g.random() < 0.65 ? 1 : 2;
  const taken = new Set<number>();
  for (let p = 0; p < count; p++) {
    const coupling = uniform(g, 0.55, 0.75);
    // Candidates: beat j + 1 is replaced by a PVC at t_j + c·RR_j; prefer PVCs well inside the window.
    const cands: number[] = [];
    let best = -1;
    let bestDist = Infinity;
    for (let j = 0; j + 2 < beats.length; j++) {
      if (taken.has(j) || taken.has(j + 1) || taken.has(j + 2) || (j > 0 && taken.has(j - 1))) continue;
      const tp = beats[j]!.t + coupling * beats[j]!.rr;
      if (tp > 0.15 * duration && tp < 0.85 * duration) cands.push(j);
      const dist = Math.abs(tp - duration / 2);
      if (dist < bestDist) [best, bestDist] = [j, dist];
    }
    // A short window may have no room inside: the first PVC then goes nearest the middle, a second is dropped.
    const j = cands.length > 0 ? cands[Math.floor(g.random() * cands.length)]! : p === 0 ? best : -1;
    if (j < 0) return;
    taken.add(j + 1);
    beats[j + 1] = { t: beats[j]!.t + coupling * beats[j]!.rr, rr: beats[j]!.rr, kind: 'pvc' };
  }
}

/** Adds Σ v·exp(−(t−tc)²/(2σ²)) to the dipole, over ±5σ around the event. */
function addEvents(d: Float64Array[], events: readonly WaveEvent[], beat: Beat, gain: number, fs: number, samples: number): void {
  const hr = 60 / beat.rr;
  for (const e of rateAdjust(events, hr)) {
    if (beat.kind === 'af' && e.name === 'P') continue; // no organised atrial activity
    const tc = beat.t + (e.theta * beat.rr) / (2 * Math.PI); // event time (s)
    const sd = (e.b * beat.rr) / (2 * Math.PI); // event width (s)
    const i0 = Math.max(0, Math.ceil((tc - 5 * sd) * fs));
    const i1 = Math.min(samples - 1, Math.floor((tc + 5 * sd) * fs));
    const k = -1 / (2 * sd * sd);
    const [vx, vy, vz] = scale(e.v, gain);
    for (let i = i0; i <= i1; i++) {
      const u = i / fs - tc;
      const w = Math.exp(k * u * u);
      d[0]![i]! += vx * w;
      d[1]![i]! += vy * w;
      d[2]![i]! += vz * w;
    }
  }
}

/** f-waves: two components at a wandering 4–9 Hz, amplitude 0.04–0.1 mV, along the atrial axes. */
function addFibrillation(g: Generator, d: Float64Array[], dirs: [Vec3, Vec3], fs: number, samples: number): void {
  const f0 = uniform(g, 4, 9);
  const amp = uniform(g, 0.04, 0.1);
  const ratio = uniform(g, 0.2, 0.5);
  const fmHz = uniform(g, 0.1, 0.4);
  const amHz = uniform(g, 0.2, 0.6);
  const [p0, p1, p2, p3] = [0, 0, 0, 0].map(() => uniform(g, 0, 2 * Math.PI)) as [number, number, number, number];
  let phase = p0;
  for (let i = 0; i < samples; i++) {
    const t = i / fs;
    const f = f0 * (1 + 0.1 * Math.sin(2 * Math.PI * fmHz * t + p1));
    phase += (2 * Math.PI * f) / fs;
    const a = amp * (1 + 0.3 * Math.sin(2 * Math.PI * amHz * t + p2));
    const s1 = a * Math.sin(phase);
    const s2 = a * ratio * Math.sin(2 * phase + p3); // a harmonic gives the sawtooth-ish shape
    for (let c = 0; c < 3; c++) d[c]![i]! += s1 * dirs[0][c] + s2 * dirs[1][c];
  }
}

/** One-pole low-pass coefficient for cut-off fc at rate fs. */
const pole = (fc: number, fs: number) => Math.exp((-2 * Math.PI * fc) / fs);

/** Noise potential of one electrode: baseline wander + band-limited EMG + mains hum. */
function electrodeNoise(g: Generator, out: Float64Array, fs: number, lv: Required<EcgNoiseOptions>, respHz: number, mainsPhase: number): void {
  const n = out.length;
  const wanderA = lv.baseline * uniform(g, 0.3, 1);
  const wanderPh = uniform(g, 0, 2 * Math.PI);
  const driftA = lv.baseline * uniform(g, 0.2, 0.7);
  const driftHz = uniform(g, 0.03, 0.1);
  const driftPh = uniform(g, 0, 2 * Math.PI);
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    out[i] = wanderA * Math.sin(2 * Math.PI * respHz * t + wanderPh) + driftA * Math.sin(2 * Math.PI * driftHz * t + driftPh);
  }
  if (lv.muscle > 0) {
    // White noise → low-pass at min(100, 0.4 fs) → minus its low-pass at min(20, fs/8): a band.
    const aHi = pole(Math.min(100, 0.4 * fs), fs);
    const aLo = pole(Math.min(20, fs / 8), fs);
    const emg = new Float64Array(n);
    let lp = 0;
    let slow = 0;
    for (let i = -50; i < n; i++) {
      lp = aHi * lp + (1 - aHi) * g.normal();
      slow = aLo * slow + (1 - aLo) * lp;
      if (i >= 0) emg[i] = lp - slow;
    }
    let ss = 0;
    for (let i = 0; i < n; i++) ss += emg[i]! * emg[i]!;
    const k = ss > 0 ? (lv.muscle * uniform(g, 0.5, 1.5)) / Math.sqrt(ss / n) : 0;
    for (let i = 0; i < n; i++) out[i]! += k * emg[i]!;
  }
  if (lv.powerline > 0) {
    const a = lv.powerline * uniform(g, 0.5, 1);
    const ph = mainsPhase + 0.3 * g.normal();
    for (let i = 0; i < n; i++) out[i]! += a * Math.sin((2 * Math.PI * lv.mains * i) / fs + ph);
  }
}

/** Draws one record of class `cls` into `dst` (12 × samples, lead-major). */
function drawRecord(cls: EcgClass, seed: number, fs: number, samples: number, noise: Required<EcgNoiseOptions> | null, dst: Float64Array): void {
  const g = new Generator(seed);
  const duration = samples / fs;
  const m = morphology(g);
  const respHz = uniform(g, 0.15, 0.3);
  const respPh = uniform(g, 0, 2 * Math.PI);
  let beats: Beat[];
  if (cls === 'afib') beats = afibBeats(g, duration);
  else if (cls === 'brady') beats = sinusBeats(g, 40, 55, duration, respHz);
  else if (cls === 'tachy') beats = sinusBeats(g, 108, 150, duration, respHz);
  else beats = sinusBeats(g, 64, 94, duration, respHz);
  if (cls === 'pvc') insertPvcs(g, beats, duration);

  // 1. the heart vector d(t), [3, samples]
  const d = [new Float64Array(samples), new Float64Array(samples), new Float64Array(samples)];
  for (const beat of beats) {
    const gain = 1 + 0.05 * Math.sin(2 * Math.PI * respHz * beat.t + respPh); // R-amplitude modulation
    addEvents(d, beat.kind === 'pvc' ? m.pvc : m.sinus, beat, gain, fs, samples);
  }
  if (cls === 'afib') addFibrillation(g, d, m.fDirs, fs, samples);

  // 2. the eight independent leads I, II, V1..V6 = D·d, [8, samples]
  const lead8 = DOWER.map((row) => {
    const s = new Float64Array(samples);
    for (let i = 0; i < samples; i++) s[i] = row[0] * d[0]![i]! + row[1] * d[1]![i]! + row[2] * d[2]![i]!;
    return s;
  });

  // 3. noise at the nine electrodes RA, LA, LL, V1..V6, seen through the lead definitions
  if (noise) {
    const ng = new Generator(seed ^ 0x5bd1e995);
    const mainsPhase = uniform(ng, 0, 2 * Math.PI);
    const e = Array.from({ length: 9 }, () => {
      const out = new Float64Array(samples);
      electrodeNoise(ng, out, fs, noise, respHz, mainsPhase);
      return out;
    });
    const [ra, la, ll] = [e[0]!, e[1]!, e[2]!];
    for (let i = 0; i < samples; i++) {
      const wct = (ra[i]! + la[i]! + ll[i]!) / 3; // Wilson's central terminal
      lead8[0]![i]! += la[i]! - ra[i]!;
      lead8[1]![i]! += ll[i]! - ra[i]!;
      for (let v = 0; v < 6; v++) lead8[2 + v]![i]! += e[3 + v]![i]! - wct;
    }
  }

  // 4. the twelve leads in order I, II, III, aVR, aVL, aVF, V1..V6
  const [I, II] = [lead8[0]!, lead8[1]!];
  for (let i = 0; i < samples; i++) {
    const a = I[i]!;
    const b = II[i]!;
    dst[i] = a;
    dst[samples + i] = b;
    dst[2 * samples + i] = b - a;
    dst[3 * samples + i] = -(a + b) / 2;
    dst[4 * samples + i] = a - b / 2;
    dst[5 * samples + i] = b - a / 2;
  }
  for (let v = 0; v < 6; v++) dst.set(lead8[2 + v]!, (6 + v) * samples);
}

function intArg(name: string, v: unknown, dflt: number, lo: number, hi: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${OP}: ${name} must be an integer, got ${fmtValue(v)}`);
  if (!Number.isInteger(v) || v < lo || v > hi) throw new ValueError(`${OP}: ${name} must be an integer in ${lo} … ${hi}, got ${fmtValue(v)}`);
  return v;
}

function noiseArg(v: unknown, fs: number): Required<EcgNoiseOptions> | null {
  const dflt: Required<EcgNoiseOptions> = { baseline: 0.1, muscle: 0.02, powerline: 0, mains: 50 };
  if (v === undefined || v === true) return dflt;
  if (v === false) return null;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new TypeError(`${OP}: noise must be true, false or levels like { baseline: 0.1, muscle: 0.02, powerline: 0.05, mains: 50 }, got ${fmtValue(v)}`);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!(k in dflt)) throw new ValueError(`${OP}: unknown noise option ${JSON.stringify(k)}; the options are baseline, muscle, powerline, mains`);
  const out = { ...dflt };
  for (const k of ['baseline', 'muscle', 'powerline'] as const) {
    if (o[k] === undefined) continue;
    assertFinite(OP, `noise.${k}`, o[k]);
    if (o[k] < 0 || o[k] > 10) throw new ValueError(`${OP}: noise.${k} is an amplitude in mV and must be in 0 … 10, got ${fmtValue(o[k])}`);
    out[k] = o[k];
  }
  if (o.mains !== undefined) {
    if (o.mains !== 50 && o.mains !== 60) throw new ValueError(`${OP}: noise.mains must be 50 or 60 (Hz), got ${fmtValue(o.mains)}`);
    out.mains = o.mains;
  }
  if (out.powerline > 0 && fs <= 2 * out.mains)
    throw new ValueError(`${OP}: mains hum at ${out.mains} Hz cannot be sampled at fs = ${fs} Hz (needs fs > ${2 * out.mains}); raise fs or set noise.powerline to 0`);
  return out;
}

function classesArg(v: unknown): EcgClass[] {
  if (v === undefined) return [...ECG_CLASSES];
  if (!Array.isArray(v) || v.some((c) => typeof c !== 'string'))
    throw new TypeError(`${OP}: classes must be an array of class names like ['normal', 'afib'], got ${fmtValue(v)}`);
  if (v.length === 0) throw new ValueError(`${OP}: classes is empty; choose some of ${ECG_CLASSES.join(', ')}`);
  const seen = new Set<string>();
  for (const c of v as string[]) {
    if (!(ECG_CLASSES as readonly string[]).includes(c)) throw new ValueError(`${OP}: unknown class ${JSON.stringify(c)}; the classes are ${ECG_CLASSES.join(', ')}`);
    if (seen.has(c)) throw new ValueError(`${OP}: class ${JSON.stringify(c)} is listed twice`);
    seen.add(c);
  }
  return v as EcgClass[];
}

/**
 * A labelled set of synthetic 12-lead ECGs, as balanced over the classes as n allows (class k gets
 * ⌊n/K⌋ records plus one for the first n mod K classes). See the top of this file for the model.
 * Each record is drawn from its own stream, seeded from `seed`, so the same options always give
 * the same tensor, in Node and in the browser.
 *
 * Default sampling rate 250 Hz: 1000 samples are 4 s, enough for 3–10 beats and for a QRS of
 * 25 samples; pass `fs: 100` for 10-s records (the PTB-XL low-rate format) or `fs: 500` for 2 s.
 * With `leads: 1` only lead II is returned.
 *
 * Shape: x [n, leads, samples] float32 (mV), y [n] int32.
 * @example
 * const { x, y, classNames } = data.ecg.synthetic({ n: 32, leads: 12, samples: 1000, seed: 0 });
 * // x.shape = [32,12,1000]; classNames = ['normal','afib','pvc','brady','tachy']
 */
export function synthetic(opts?: EcgSyntheticOptions): EcgSyntheticData {
  const o = readOptions(OP, opts, '{ n: 32, samples: 1000, seed: 0 }');
  const n = intArg('n', o.n, 32, 1, 1_000_000);
  const leads = o.leads === undefined ? 12 : o.leads;
  if (leads !== 12 && leads !== 1) throw new ValueError(`${OP}: leads must be 12 (the standard leads) or 1 (lead II), got ${fmtValue(leads)}`);
  const samples = intArg('samples', o.samples, 1000, 1, 1_000_000);
  const fs = intArg('fs', o.fs, 250, 50, 2000);
  const classes = classesArg(o.classes);
  if (n < classes.length) throw new ValueError(`${OP}: n = ${n} records cannot fill ${classes.length} classes; use n ≥ ${classes.length} or fewer classes`);
  if (n * leads * samples > MAX_ELEMENTS)
    throw new ValueError(`${OP}: [${n},${leads},${samples}] is ${n * leads * samples} elements; groundup caps one tensor at ${MAX_ELEMENTS} (2^28); draw fewer or shorter records`);
  let seed = 0;
  if (o.seed !== undefined) {
    assertFinite(OP, 'seed', o.seed);
    seed = o.seed;
  }
  const noise = noiseArg(o.noise, fs);
  if (o.shuffle !== undefined && typeof o.shuffle !== 'boolean') throw new TypeError(`${OP}: shuffle must be true or false, got ${fmtValue(o.shuffle)}`);

  const g = new Generator(seed);
  const labels = new Int32Array(n);
  let row = 0;
  classCounts(n, classes.length).forEach((m, k) => labels.fill(k, row, (row += m)));
  const order = (o.shuffle ?? true) ? g.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);

  const x = new Float32Array(n * leads * samples);
  const y = new Int32Array(n);
  const rec = new Float64Array(12 * samples);
  for (let i = 0; i < n; i++) {
    const src = order[i]!;
    const recSeed = g.nextU32();
    y[i] = labels[src]!;
    drawRecord(classes[labels[src]!]!, recSeed, fs, samples, noise, rec);
    if (leads === 12) x.set(rec, i * 12 * samples);
    else x.set(rec.subarray(samples, 2 * samples), i * samples);
  }
  return {
    x: new Tensor(x, [n, leads, samples], 'float32'),
    y: new Tensor(y, [n], 'int32'),
    classNames: [...classes],
    leadNames: leads === 12 ? [...LEAD_NAMES] : ['II'],
    fs,
  };
}
