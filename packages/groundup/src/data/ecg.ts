/**
 * Electrocardiograms. `synthetic()` draws labelled 12-lead records from McSharry's dynamical model
 * (ecg-synthetic.ts). `record208()` is a real recording shipped with the library: five minutes of
 * MIT-BIH Arrhythmia Database record 208 (the excerpt SciPy ships), with normal beats, premature
 * ventricular contractions and noisy stretches. Licence and citation: assets/ecg-record208.LICENSE.md.
 * The recording (290 KB encoded) is a module of its own that `record208()` imports on its first
 * call, so importing the library does not load it; `record208()` returns a Promise.
 */
import { Tensor } from '../tensor.js';
import { base64Decode, u16le } from './codec.js';
import { attribution } from './datasets.js';

export { synthetic, ECG_CLASSES, LEAD_NAMES } from './ecg-synthetic.js';
export type { EcgSyntheticOptions, EcgSyntheticData, EcgNoiseOptions, EcgClass } from './ecg-synthetic.js';

export interface EcgRecord {
  /** The voltage in millivolts, one value per sample. Shape [108000], float32. */
  signal: Tensor;
  /** Sampling rate in Hz (samples per second). */
  fs: number;
  /** The raw ADC counts the signal was computed from. */
  raw: Uint16Array;
  /** Length in seconds (samples / fs). */
  duration: number;
  units: 'mV';
  lead: 'MLII';
  /** Where the excerpt starts and ends in the 30-minute record (mm:ss). */
  excerpt: [string, string];
  record: '208';
  adcZero: number;
  adcGain: number;
  attribution: string;
}

let recording: Promise<{ raw: Uint16Array; rec: typeof import('./assets/ecg-record208.js') }> | null = null;

/**
 * MIT-BIH record 208, lead MLII, 19:35–24:35, sampled at 360 Hz: 108,000 samples.
 * The file stores ADC counts c; the voltage is
 * $$v = \frac{c - c_0}{g}, \qquad c_0 = 1024,\ g = 200\ \text{counts/mV}.$$
 *
 * Asynchronous: the samples are loaded on the first call; later calls reuse them (each still
 * returns fresh arrays).
 *
 * Shape: signal [108000] float32 (mV).
 * @example
 * const { signal, fs } = await data.ecg.record208(); // fs = 360; signal.slice([[0, 360]]) is the first second
 */
export async function record208(): Promise<EcgRecord> {
  recording ??= import('./assets/ecg-record208.js').then((rec) => ({ raw: u16le(base64Decode(rec.DATA)), rec }));
  const { raw: rawCounts, rec: REC } = await recording;
  const signal = new Float32Array(rawCounts.length);
  for (let i = 0; i < signal.length; i++) signal[i] = (rawCounts[i]! - REC.ADC_ZERO) / REC.ADC_GAIN;
  return {
    signal: new Tensor(signal, [signal.length], 'float32'),
    fs: REC.FS,
    raw: rawCounts.slice(),
    duration: rawCounts.length / REC.FS,
    units: 'mV',
    lead: 'MLII',
    excerpt: ['19:35', '24:35'],
    record: '208',
    adcZero: REC.ADC_ZERO,
    adcGain: REC.ADC_GAIN,
    attribution: attribution.ecgRecord208,
  };
}
