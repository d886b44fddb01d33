import { describe, it, expect } from 'vitest';
import { type CommandSpec, helpText, parseArgs } from './args.js';
import { UsageError } from './context.js';

const spec = {
  name: 'try',
  summary: 'a command for the tests',
  flags: {
    task: { type: 'choice', choices: ['spirals', 'moons'], help: 'what' },
    epochs: { type: 'int', min: 1, default: 5, help: 'how many' },
    lr: { type: 'number', greaterThan: 0, help: 'step size' },
    decay: { type: 'number', min: 0, max: 1, help: 'λ' },
    out: { type: 'string', metavar: 'FILE', help: 'where' },
    json: { type: 'boolean', help: 'json' },
  },
} satisfies CommandSpec;

const fails = (argv: string[]) => () => parseArgs(spec, argv);

describe('parseArgs', () => {
  it('reads --name value and --name=value, applies defaults, and types the values', () => {
    const { help, flags } = parseArgs(spec, ['--task', 'moons', '--lr=0.5', '--json', '--out', 'w.safetensors']);
    expect(help).toBe(false);
    expect(flags).toEqual({ task: 'moons', epochs: 5, lr: 0.5, decay: undefined, out: 'w.safetensors', json: true });
  });

  it('without flags: defaults, undefined where there is none, switches false', () => {
    expect(parseArgs(spec, []).flags).toEqual({ task: undefined, epochs: 5, lr: undefined, decay: undefined, out: undefined, json: false });
  });

  it('accepts scientific notation and explicit switch values', () => {
    const { flags } = parseArgs(spec, ['--lr', '3e-4', '--json=false', '--epochs', '+12']);
    expect(flags.lr).toBeCloseTo(3e-4, 15);
    expect(flags.json).toBe(false);
    expect(flags.epochs).toBe(12);
  });

  it('--help or -h anywhere asks for help (values are not checked then)', () => {
    expect(parseArgs(spec, ['--epochs', '-3', '--help']).help).toBe(true);
    expect(parseArgs(spec, ['-h']).help).toBe(true);
  });

  it('rejects out-of-range and malformed values with a message naming the flag', () => {
    expect(fails(['--epochs', '-1'])).toThrow(UsageError);
    expect(fails(['--epochs', '-1'])).toThrow('--epochs must be ≥ 1, got -1');
    expect(fails(['--epochs', '2.5'])).toThrow('--epochs must be a whole number, got 2.5');
    expect(fails(['--lr', '0'])).toThrow('--lr must be > 0, got 0');
    expect(fails(['--lr', '-0.1'])).toThrow('--lr must be > 0');
    expect(fails(['--lr', 'fast'])).toThrow('--lr must be a number, got "fast"');
    expect(fails(['--lr', 'Infinity'])).toThrow('--lr must be a number');
    expect(fails(['--decay', '2'])).toThrow('--decay must be ≤ 1, got 2');
    expect(fails(['--task', 'spiral'])).toThrow('--task must be one of spirals, moons; got "spiral" (did you mean spirals?)');
    expect(fails(['--json=yes'])).toThrow('--json is a switch');
  });

  it('rejects unknown flags (suggesting a near one), missing values, repeats and stray words', () => {
    expect(fails(['--epoch', '3'])).toThrow('unknown flag --epoch (did you mean --epochs?)');
    expect(fails(['--colour'])).toThrow(/unknown flag --colour; known flags: --task --epochs/);
    expect(fails(['--lr'])).toThrow('--lr needs a value (a number > 0)');
    expect(fails(['--lr', '--json'])).toThrow('--lr needs a value');
    expect(fails(['--epochs', '2', '--epochs', '3'])).toThrow('--epochs is given twice');
    expect(fails(['spirals'])).toThrow('unexpected argument "spirals"');
    expect(fails(['-e', '3'])).toThrow('unexpected argument "-e"');
  });

  it('help text lists every flag with its default', () => {
    const text = helpText(spec);
    for (const name of Object.keys(spec.flags)) expect(text).toContain(`--${name}`);
    expect(text).toContain('--epochs N');
    expect(text).toContain('(default 5)');
    expect(text).toContain('--task spirals|moons');
    expect(text).toContain('--out FILE');
  });
});
