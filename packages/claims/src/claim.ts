/**
 * What a claim is, how it is checked, and how its numbers are printed.
 *
 * A claim states one checkable fact of the spec, computes it with the library's public API
 * (`compute`), and compares the result with an `expected` value obtained another way: worked out
 * by hand (a constant, with the arithmetic in `source`), an invariant, finite differences, or a
 * second algorithm written inside the claim in plain JavaScript that shares no code with the
 * library. `source` names where the expected value comes from.
 *
 * Where the spec rounds off (backward "in roughly the same time" as forward, batch norm giving
 * "unit variance", …) the claim states what is true and carries the spec's wording in
 * `simplification`; `measure` may add a figure that is reported but never asserted (a timing).
 */

export type Value = number | number[] | string | boolean;

/**
 * How a computed value is compared with the expected one:
 * - 'close': |value − expected| ≤ tolerance (absolute)
 * - 'relative': |value − expected| ≤ tolerance·|expected|
 * - 'atMost' / 'atLeast': value ≤ expected / value ≥ expected (a bound)
 * - 'between': expected is [lo, hi] and lo ≤ value ≤ hi (scalar values only)
 * For array values, `compare` and `tolerance` may be arrays, one entry per element.
 */
export type Compare = 'close' | 'relative' | 'atMost' | 'atLeast' | 'between';

export interface Claim {
  /** Stable name, e.g. 'dot-product'. */
  id: string;
  /** Chapter of the spec (1 … 7); the module the claim lives in. */
  chapter: number;
  /** The guide section that shows it: 'ch<N>/<section-id>' (ids from the chapters' meta.ts). */
  section: string;
  /** For chapter-7 claims: the row of the map ("ML component") it checks. */
  mapRow?: string;
  /** The claim, one sentence, phrased as what is true. */
  statement: string;
  /** The value computed with the library. */
  compute: () => Value;
  /** The value it must match, derived independently. */
  expected: Value | (() => Value);
  /** Where the expected value comes from (hand-worked arithmetic, invariant, second algorithm, paper). */
  source: string;
  compare?: Compare | Compare[];
  /** Tolerance for 'close' (absolute, default 1e-9) or 'relative' (default 1e-9). */
  tolerance?: number | number[];
  /** Where the spec simplifies: what it says, in a phrase, and why the claim states it differently. */
  simplification?: string;
  /** Information that is reported, never asserted (a measured time ratio, say). */
  measure?: () => string;
}

export interface ClaimResult {
  id: string;
  chapter: number;
  section: string;
  statement: string;
  value: Value | null;
  expected: Value | null;
  compare: Compare | Compare[];
  tolerance: number | number[];
  source: string;
  pass: boolean;
  simplification?: string;
  measured?: string;
  /** Set when compute() or expected() threw. */
  error?: string;
  /** Time taken by the check, in milliseconds. */
  ms: number;
}

export function expectedOf(c: Claim): Value {
  return typeof c.expected === 'function' ? c.expected() : c.expected;
}

const at = <T>(x: T | T[], i: number): T => (Array.isArray(x) ? x[i]! : x);

function compareOne(v: number, e: number, cmp: Compare, tol: number): boolean {
  if (!Number.isFinite(v) && v !== e) return false;
  switch (cmp) {
    case 'close':
      return Math.abs(v - e) <= tol;
    case 'relative':
      return Math.abs(v - e) <= tol * Math.abs(e);
    case 'atMost':
      return v <= e;
    case 'atLeast':
      return v >= e;
    default:
      return false;
  }
}

/** Whether `value` matches `expected` under the claim's comparison. */
export function matches(value: Value, expected: Value, compare: Compare | Compare[] = 'close', tolerance: number | number[] = 1e-9): boolean {
  if (compare === 'between')
    return typeof value === 'number' && Array.isArray(expected) && expected.length === 2 && value >= expected[0]! && value <= expected[1]!;
  if (typeof value === 'number' && typeof expected === 'number') return compareOne(value, expected, at(compare, 0), at(tolerance, 0));
  if (Array.isArray(value) && Array.isArray(expected)) {
    if (value.length !== expected.length) return false;
    if (Array.isArray(compare) && compare.length !== value.length) return false;
    if (Array.isArray(tolerance) && tolerance.length !== value.length) return false;
    return value.every((v, i) => compareOne(v, expected[i]!, at(compare, i), at(tolerance, i)));
  }
  return value === expected;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Runs one claim and compares; never throws (an exception is a failure with its message). */
export function checkClaim(c: Claim): ClaimResult {
  const t0 = now();
  const compare = c.compare ?? 'close';
  const tolerance = c.tolerance ?? 1e-9;
  const base = { id: c.id, chapter: c.chapter, section: c.section, statement: c.statement, compare, tolerance, source: c.source, ...(c.simplification ? { simplification: c.simplification } : {}) };
  const done = (r: Omit<ClaimResult, keyof typeof base | 'ms'>): ClaimResult => ({ ...base, ...r, ms: now() - t0 });
  let expected: Value;
  try {
    expected = expectedOf(c);
  } catch (e) {
    return done({ value: null, expected: null, pass: false, error: `expected value: ${(e as Error).message}` });
  }
  let value: Value;
  try {
    value = c.compute();
  } catch (e) {
    return done({ value: null, expected, pass: false, error: (e as Error).message });
  }
  let measured: string | undefined;
  if (c.measure) {
    try {
      measured = c.measure();
    } catch (e) {
      measured = `not measured: ${(e as Error).message}`;
    }
  }
  return done({ value, expected, pass: matches(value, expected, compare, tolerance), ...(measured ? { measured } : {}) });
}

/**
 * Runs claims one at a time, yielding to the event loop between them (so a page stays
 * responsive), and reports each result as it comes.
 */
export async function runClaims(list: readonly Claim[], onResult?: (r: ClaimResult, i: number) => void): Promise<ClaimResult[]> {
  const out: ClaimResult[] = [];
  for (let i = 0; i < list.length; i++) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    const r = checkClaim(list[i]!);
    out.push(r);
    onResult?.(r, i);
  }
  return out;
}

// ─── printing ───────────────────────────────────────────────────────────────────────────────

/** A number for a table: up to 6 significant digits. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

export function formatValue(v: Value | null): string {
  if (v === null) return '—';
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return `[${v.map(formatNumber).join(', ')}]`;
  return String(v);
}

const SIGN: Record<Compare, string> = { close: '', relative: '', atMost: '≤ ', atLeast: '≥ ', between: '' };

/** The expected value as shown in a table, with the comparison it stands for. */
export function formatExpected(r: Pick<ClaimResult, 'expected' | 'compare'>): string {
  const e = r.expected;
  if (e === null) return 'error';
  if (r.compare === 'between' && Array.isArray(e)) return `${formatNumber(e[0]!)} … ${formatNumber(e[1]!)}`;
  if (Array.isArray(e) && Array.isArray(r.compare)) return `[${e.map((v, i) => SIGN[(r.compare as Compare[])[i]!] + formatNumber(v)).join(', ')}]`;
  if (typeof r.compare === 'string' && SIGN[r.compare]) return SIGN[r.compare] + formatValue(e);
  return formatValue(e);
}

/** The tolerance as shown in a table: 'bound' for bounds, 'exact' for strings and zero tolerances. */
export function formatTolerance(r: Pick<ClaimResult, 'compare' | 'tolerance' | 'expected'>): string {
  const kinds = Array.isArray(r.compare) ? r.compare : [r.compare];
  if (kinds.every((k) => k === 'atMost' || k === 'atLeast' || k === 'between')) return 'bound';
  if (typeof r.expected === 'string' || typeof r.expected === 'boolean') return 'exact';
  if ((Array.isArray(r.tolerance) ? r.tolerance : [r.tolerance]).every((t) => t === 0)) return 'exact';
  const one = (t: number) => (t !== 0 && t < 1e-3 ? t.toExponential(0) : formatNumber(t));
  const t = Array.isArray(r.tolerance) ? (new Set(r.tolerance).size === 1 ? one(r.tolerance[0]!) : 'per item') : one(r.tolerance);
  return kinds.every((k) => k === 'relative') ? `rel ${t}` : t;
}
