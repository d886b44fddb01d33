/**
 * A small, strict command-line parser. Each command declares its flags once (type, default,
 * limits, help text); the parser turns `--name value` / `--name=value` into typed values and the
 * same declaration prints `--help`. Anything it does not understand is a UsageError (exit code 2)
 * whose message names the flag and what was expected.
 */
import { UsageError } from './context.js';

interface Base {
  /** One line for --help. */
  help: string;
}
export interface BooleanFlag extends Base {
  type: 'boolean';
}
export interface IntFlag extends Base {
  type: 'int';
  default?: number;
  /** Smallest allowed value (inclusive). */
  min?: number;
  max?: number;
}
export interface NumberFlag extends Base {
  type: 'number';
  default?: number;
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** The value must be strictly greater than this. */
  greaterThan?: number;
  max?: number;
}
export interface StringFlag extends Base {
  type: 'string';
  default?: string;
  /** Placeholder shown in --help, e.g. FILE. */
  metavar?: string;
}
export interface ChoiceFlag<C extends string = string> extends Base {
  type: 'choice';
  choices: readonly C[];
  default?: C;
}
export type FlagSpec = BooleanFlag | IntFlag | NumberFlag | StringFlag | ChoiceFlag;
export type FlagSpecs = Record<string, FlagSpec>;

/** The value type a flag parses to: present with a default, possibly undefined without one. */
export type FlagValue<F extends FlagSpec> = F extends BooleanFlag
  ? boolean
  : F extends ChoiceFlag<infer C>
    ? F extends { default: string }
      ? C
      : C | undefined
    : F extends IntFlag | NumberFlag
      ? F extends { default: number }
        ? number
        : number | undefined
      : F extends { default: string }
        ? string
        : string | undefined;

export type Parsed<S extends FlagSpecs> = { [K in keyof S]: FlagValue<S[K]> };

export interface CommandSpec<S extends FlagSpecs = FlagSpecs> {
  name: string;
  /** One line: what the command does. */
  summary: string;
  flags: S;
  /** Extra lines after the flags (examples, notes). */
  notes?: string[];
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Edit distance, for "did you mean --epochs?". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

function suggestion(name: string, known: string[]): string {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(name, k);
    if (dd < bestD) [best, bestD] = [k, dd];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean --${best}?)` : '';
}

function parseValue(cmd: string, name: string, spec: FlagSpec, raw: string): boolean | number | string {
  const where = `${cmd}: --${name}`;
  switch (spec.type) {
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new UsageError(`${where} is a switch; write --${name} on its own (or --${name}=true / --${name}=false), got "${raw}"`);
    case 'choice':
      if (!(spec.choices as readonly string[]).includes(raw))
        throw new UsageError(`${where} must be one of ${spec.choices.join(', ')}; got "${raw}"${suggestionOf(raw, spec.choices)}`);
      return raw;
    case 'string':
      if (raw === '') throw new UsageError(`${where} needs a non-empty value`);
      return raw;
    case 'int':
    case 'number': {
      if (!NUMBER.test(raw)) throw new UsageError(`${where} must be a number, got "${raw}"`);
      const v = Number(raw);
      if (!Number.isFinite(v)) throw new UsageError(`${where} must be a finite number, got "${raw}"`);
      if (spec.type === 'int' && !Number.isInteger(v)) throw new UsageError(`${where} must be a whole number, got ${raw}`);
      if (spec.min !== undefined && v < spec.min) throw new UsageError(`${where} must be ≥ ${spec.min}, got ${raw}`);
      if (spec.type === 'number' && spec.greaterThan !== undefined && !(v > spec.greaterThan))
        throw new UsageError(`${where} must be > ${spec.greaterThan}, got ${raw}`);
      if (spec.max !== undefined && v > spec.max) throw new UsageError(`${where} must be ≤ ${spec.max}, got ${raw}`);
      return v;
    }
  }
}

function suggestionOf(raw: string, choices: readonly string[]): string {
  const s = suggestion(raw, [...choices]);
  return s.replace('--', '');
}

/**
 * Parses argv (the words after the command name) against the command's flags.
 * Returns `help: true` when --help or -h is among them (the values are then not checked).
 *
 *   parseArgs(spec, ['--epochs', '20', '--lr=0.01', '--json'])
 *   // → { help: false, flags: { epochs: 20, lr: 0.01, json: true, … } }
 */
export function parseArgs<S extends FlagSpecs>(spec: CommandSpec<S>, argv: readonly string[]): { help: boolean; flags: Parsed<S> } {
  const cmd = `groundup ${spec.name}`;
  if (argv.includes('--help') || argv.includes('-h')) return { help: true, flags: {} as Parsed<S> };
  const known = Object.keys(spec.flags);
  const values: Record<string, boolean | number | string | undefined> = {};
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--') || word === '--')
      throw new UsageError(`${cmd}: unexpected argument "${word}"; flags look like --name value (see groundup ${spec.name} --help)`);
    const eq = word.indexOf('=');
    const name = eq >= 0 ? word.slice(2, eq) : word.slice(2);
    const f = spec.flags[name];
    if (!f) throw new UsageError(`${cmd}: unknown flag --${name}${suggestion(name, known)}; known flags: ${known.map((k) => '--' + k).join(' ')}`);
    if (seen.has(name)) throw new UsageError(`${cmd}: --${name} is given twice`);
    seen.add(name);
    let raw: string;
    if (eq >= 0) raw = word.slice(eq + 1);
    else if (f.type === 'boolean') raw = 'true';
    else {
      const next = argv[i + 1];
      // a value may start with '-' (a negative number is a value, and gets a clear range error)
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${cmd}: --${name} needs a value (${describe(f)})`);
      raw = next;
      i++;
    }
    values[name] = parseValue(cmd, name, f, raw);
  }
  for (const [name, f] of Object.entries(spec.flags)) {
    if (values[name] !== undefined) continue;
    values[name] = f.type === 'boolean' ? false : f.default;
  }
  return { help: false, flags: values as Parsed<S> };
}

/** "an integer ≥ 1", "one of adam, adamw, sgd", … */
function describe(f: FlagSpec): string {
  switch (f.type) {
    case 'boolean':
      return 'a switch';
    case 'choice':
      return `one of ${f.choices.join('|')}`;
    case 'string':
      return f.metavar ?? 'TEXT';
    case 'int':
      return `an integer${f.min !== undefined ? ` ≥ ${f.min}` : ''}`;
    case 'number':
      return `a number${f.greaterThan !== undefined ? ` > ${f.greaterThan}` : f.min !== undefined ? ` ≥ ${f.min}` : ''}`;
  }
}

/** The text of `groundup <command> --help`. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([name, f]) => {
    const left = f.type === 'boolean' ? `--${name}` : `--${name} ${f.type === 'choice' ? f.choices.join('|') : f.type === 'string' ? (f.metavar ?? 'TEXT') : f.type === 'int' ? 'N' : 'X'}`;
    const dflt = 'default' in f && f.default !== undefined ? ` (default ${f.default})` : '';
    return [left, f.help + dflt] as const;
  });
  rows.push(['--help, -h', 'show this help']);
  const width = Math.max(...rows.map(([l]) => l.length));
  const lines = [`groundup ${spec.name} — ${spec.summary}`, '', `usage: groundup ${spec.name} [flags]`, '', 'flags:'];
  for (const [l, r] of rows) lines.push(`  ${l.padEnd(width)}  ${r}`);
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return lines.join('\n');
}
