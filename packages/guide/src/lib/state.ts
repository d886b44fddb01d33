/**
 * Widget state in the URL, so a link reproduces what a learner saw (Playground's state.ts idea).
 * Each widget owns the query parameters `<widgetId>.<key>`; the hash keeps the route. Values are
 * numbers, strings, booleans or number arrays (comma-separated). Defaults are not written out.
 *
 * A link is input like any other: every key declares what it accepts (`rules`), and a value from the
 * URL that breaks its rule is clamped into range (numbers), rounded (whole numbers) or replaced by
 * the default (text where a number belongs, an unknown option), with a notice the frame shows
 * (`widgetFrame(el, { …, notices: state.notices })`). The corrected state is written back.
 *
 *   urlState('matmul', { m: 3, i: 1, op: 'mean' }, {
 *     m: { min: 1, max: 6, int: true },
 *     i: { min: 0, max: (s) => s.m - 1, int: true },   // a bound may depend on keys declared before it
 *     op: { oneOf: ['mean', 'sum'] },
 *   });
 */
export type StateValue = number | string | boolean | number[];
export type State = Record<string, StateValue>;

export interface NumberRule<S> {
  min: number | ((s: S) => number);
  max: number | ((s: S) => number);
  int?: boolean;
}
/** For a string key: the allowed values, or `'text'` for free text. */
export type StringRule = { oneOf: readonly string[] } | 'text';
type RuleFor<V, S> = V extends number ? NumberRule<S> : V extends number[] ? NumberRule<S> : V extends string ? StringRule : never;
/** One rule per key (booleans need none: anything but '1'/'true' reads as false). */
export type Rules<S extends State> = { [K in keyof S as S[K] extends boolean ? never : K]: RuleFor<S[K], S> };

const show = (raw: string) => `"${raw.length > 24 ? `${raw.slice(0, 24)}…` : raw}"`;

function parseNumber(raw: string): number | undefined {
  const x = Number(raw);
  return raw.trim() !== '' && Number.isFinite(x) ? x : undefined;
}

/** Clamps (and rounds) one number to its rule; returns the value and what was changed, if anything. */
function fit<S>(x: number, rule: NumberRule<S>, s: S): { v: number; why?: string } {
  const lo = typeof rule.min === 'function' ? rule.min(s) : rule.min;
  const hi = typeof rule.max === 'function' ? rule.max(s) : rule.max;
  let v = rule.int ? Math.round(x) : x;
  const why: string[] = [];
  if (v !== x) why.push('is not a whole number');
  if (v < lo) (v = lo), why.push(`is below ${lo}`);
  else if (v > hi) (v = hi), why.push(`is above ${hi}`);
  return why.length ? { v, why: why.join(' and ') } : { v };
}

/**
 * Reads a widget's state from query parameters, checking each value against its rule.
 * DOM-free (tests call it in Node); `notices` say, in words, what was corrected.
 */
export function readState<S extends State>(q: { get(name: string): string | null }, widgetId: string, defaults: S, rules?: Rules<S>): { state: S; notices: string[] } {
  const s = { ...defaults } as State;
  const notices: string[] = [];
  for (const key of Object.keys(defaults)) {
    const name = `${widgetId}.${key}`;
    const raw = q.get(name);
    const like = defaults[key]!;
    const rule = (rules as Record<string, NumberRule<S> | StringRule> | undefined)?.[key];
    if (raw === null) {
      if (typeof like === 'number' && rule && typeof rule === 'object' && 'min' in rule) s[key] = fit(like, rule, s as S).v; // a default that depends on a corrected key
      continue;
    }
    if (typeof like === 'boolean') {
      s[key] = raw === '1' || raw === 'true';
      continue;
    }
    if (typeof like === 'string') {
      if (rule && typeof rule === 'object' && 'oneOf' in rule && !rule.oneOf.includes(raw)) notices.push(`${name}=${show(raw)} is not one of ${rule.oneOf.join(', ')}: showing ${like}`);
      else s[key] = raw;
      continue;
    }
    const numRule = rule && typeof rule === 'object' && 'min' in rule ? rule : undefined;
    if (Array.isArray(like)) {
      const xs = raw.split(',').map(parseNumber);
      if (xs.length !== like.length || xs.some((x) => x === undefined)) {
        notices.push(`${name}=${show(raw)} is not ${like.length} numbers: showing the default`);
        continue;
      }
      const fitted = (xs as number[]).map((x) => (numRule ? fit(x, numRule, s as S) : { v: x }));
      const bad = fitted.find((f) => f.why);
      if (bad) notices.push(`${name}=${show(raw)}: a value ${bad.why}, so it was moved into range`);
      s[key] = fitted.map((f) => f.v);
      continue;
    }
    const x = parseNumber(raw);
    if (x === undefined) {
      notices.push(`${name}=${show(raw)} is not a number: showing the default, ${like}`);
      if (numRule) s[key] = fit(like as number, numRule, s as S).v;
      continue;
    }
    const f = numRule ? fit(x, numRule, s as S) : { v: x };
    if (f.why) notices.push(`${name}=${show(raw)} ${f.why}: showing ${f.v}`);
    s[key] = f.v;
  }
  return { state: s as S, notices };
}

function write(v: StateValue): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

const same = (a: StateValue, b: StateValue) => write(a) === write(b);

export interface UrlState<S extends State> {
  get(): S;
  /** Merges `patch` into the state and writes it to the URL (replaceState: no history spam). */
  set(patch: Partial<S>): S;
  reset(): S;
  /** What was wrong with the state the URL carried (empty when nothing was). */
  readonly notices: readonly string[];
  /** The query parameters this state owns (`<widgetId>.<key>`). */
  readonly params: readonly string[];
}

/** Where a widget's last state is kept between visits (the same query syntax as the URL). */
export const storeKey = (widgetId: string) => `groundup:state:${widgetId}`;

/**
 * The query a widget reads: the URL's when it names any of the widget's keys (a link wins), else
 * the one saved in localStorage on the last visit, so states survive a reload and a browser restart.
 */
function sourceQuery(widgetId: string, keys: string[]): { q: URLSearchParams; stored: boolean } {
  const url = new URLSearchParams(location.search);
  if (keys.some((k) => url.has(`${widgetId}.${k}`))) return { q: url, stored: false };
  try {
    const saved = localStorage.getItem(storeKey(widgetId));
    if (saved) return { q: new URLSearchParams(saved), stored: true };
  } catch {
    /* storage may be off (private mode): the URL alone then */
  }
  return { q: url, stored: false };
}

export function urlState<S extends State>(widgetId: string, defaults: S, rules: Rules<S>): UrlState<S> {
  const src = sourceQuery(widgetId, Object.keys(defaults));
  const first = readState(src.q, widgetId, defaults, rules);
  let current = first.state;
  const save = () => {
    const q = new URLSearchParams(location.search);
    const mine = new URLSearchParams();
    for (const key of Object.keys(defaults)) {
      const v = current[key]!;
      if (same(v, defaults[key]!)) q.delete(`${widgetId}.${key}`);
      else q.set(`${widgetId}.${key}`, write(v)), mine.set(`${widgetId}.${key}`, write(v));
    }
    const search = q.toString();
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
    try {
      if (mine.size) localStorage.setItem(storeKey(widgetId), mine.toString());
      else localStorage.removeItem(storeKey(widgetId));
    } catch {
      /* storage full or off: the URL still holds the state */
    }
  };
  if (first.notices.length || src.stored) save(); // the link now says what the widget shows
  return {
    get: () => current,
    set(patch) {
      current = { ...current, ...patch };
      save();
      return current;
    },
    reset() {
      current = { ...defaults };
      save();
      return current;
    },
    notices: first.notices,
    params: Object.keys(defaults).map((k) => `${widgetId}.${k}`),
  };
}
