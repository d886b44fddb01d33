/**
 * Widget state in the URL, so a link reproduces what a learner saw (Playground's state.ts idea).
 * Each widget owns the query parameters `<widgetId>.<key>`; the hash keeps the route. Values are
 * numbers, strings, booleans or number arrays (comma-separated). Defaults are not written out.
 */
export type StateValue = number | string | boolean | number[];
export type State = Record<string, StateValue>;

function parse(raw: string, like: StateValue): StateValue | undefined {
  if (typeof like === 'number') {
    const x = Number(raw);
    return raw.trim() !== '' && Number.isFinite(x) ? x : undefined;
  }
  if (typeof like === 'boolean') return raw === '1' || raw === 'true';
  if (Array.isArray(like)) {
    const xs = raw.split(',').map(Number);
    return xs.length === like.length && xs.every(Number.isFinite) ? xs : undefined;
  }
  return raw;
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
}

export function urlState<S extends State>(widgetId: string, defaults: S): UrlState<S> {
  const read = (): S => {
    const q = new URLSearchParams(location.search);
    const s = { ...defaults };
    for (const key of Object.keys(defaults) as (keyof S & string)[]) {
      const raw = q.get(`${widgetId}.${key}`);
      if (raw === null) continue;
      const v = parse(raw, defaults[key]);
      if (v !== undefined) (s as State)[key] = v;
    }
    return s;
  };
  let current = read();
  const save = () => {
    const q = new URLSearchParams(location.search);
    for (const key of Object.keys(defaults)) {
      const v = current[key]!;
      if (same(v, defaults[key]!)) q.delete(`${widgetId}.${key}`);
      else q.set(`${widgetId}.${key}`, write(v));
    }
    const search = q.toString();
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
  };
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
  };
}
