/**
 * `groundup verify`: run every claim of the spec (the @groundup/claims package: one module per
 * chapter) and print a table of claim, computed value, expected value, tolerance and pass/fail.
 * Exit code 1 if any claim fails.
 *
 *   groundup verify                 # the table
 *   groundup verify --chapter 6     # one chapter
 *   groundup verify --json          # … and { claims: [{ id, chapter, section, value, expected, tolerance, source, pass, … }], passed, failed } last
 */
import { type ClaimResult, checkClaim, claims, formatExpected, formatTolerance, formatValue } from '@groundup/claims';
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import type { Context, ExitCode } from '../context.js';

export const verifySpec = {
  name: 'verify',
  summary: "check every claim of the spec: the library's value against one derived independently",
  flags: {
    chapter: { type: 'int', min: 1, max: 7, help: 'only the claims of this chapter of the spec' },
    json: { type: 'boolean', help: 'print { claims: [{ id, chapter, section, statement, value, expected, compare, tolerance, source, pass }], passed, failed } as the last line' },
  },
  notes: [
    'Each expected value is worked out by hand, from an invariant, by finite differences or by a second algorithm in plain JavaScript, never by the same library call; its source is listed with --json.',
    'Where the spec rounds off, the claim says what is true; timings are reported as information and never fail.',
  ],
} satisfies CommandSpec;

/** Cuts text to `n` characters with an ellipsis. */
function fit(s: string, n: number): string {
  return s.length <= n ? s.padEnd(n) : s.slice(0, n - 1) + '…';
}

/** What `--json` lists for one claim. */
export function claimJson(r: ClaimResult) {
  return {
    id: r.id,
    chapter: r.chapter,
    section: r.section,
    statement: r.statement,
    value: r.value,
    expected: r.expected,
    compare: r.compare,
    tolerance: r.tolerance,
    source: r.source,
    pass: r.pass,
    ...(r.simplification ? { simplification: r.simplification } : {}),
    ...(r.measured ? { measured: r.measured } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

export async function verify(argv: string[], ctx: Context): Promise<ExitCode> {
  const { help, flags } = parseArgs(verifySpec, argv);
  if (help) return ctx.out(helpText(verifySpec)), 0;

  // 1. run the claims
  const selected = claims.filter((c) => flags.chapter === undefined || c.chapter === flags.chapter);
  const results = selected.map(checkClaim);
  const passed = results.filter((r) => r.pass).length;
  const failed = results.length - passed;

  // 2. the table (to stderr with --json, so stdout holds only the JSON line)
  const say = (line: string) => (flags.json ? ctx.err(line + '\n') : ctx.out(line));
  const W = { ch: 2, claim: 58, value: 28, expected: 28, tol: 8 };
  say(`${'ch'.padEnd(W.ch)}  ${fit('claim', W.claim)}  ${fit('computed', W.value)}  ${fit('expected', W.expected)}  ${fit('tol', W.tol)}  result`);
  say('-'.repeat(W.ch + W.claim + W.value + W.expected + W.tol + 16));
  for (const r of results) {
    const value = r.error ? `error: ${r.error}` : formatValue(r.value);
    say(`${String(r.chapter).padEnd(W.ch)}  ${fit(r.statement, W.claim)}  ${fit(value, W.value)}  ${fit(formatExpected(r), W.expected)}  ${fit(formatTolerance(r), W.tol)}  ${r.pass ? 'pass' : 'FAIL'}`);
  }
  say('');
  say(`${passed} passed, ${failed} failed, of ${results.length} claims`);
  const measured = results.filter((r) => r.measured);
  if (measured.length) say(measured.map((r) => `info ${r.id}: ${r.measured}`).join('\n'));
  for (const r of results.filter((x) => !x.pass))
    say(`FAIL ${r.id} (${r.section}): ${r.statement}\n     computed ${r.error ? `error: ${r.error}` : formatValue(r.value)}; expected ${formatExpected(r)}, tolerance ${formatTolerance(r)} (${r.source})`);

  // 3. the JSON line
  if (flags.json) ctx.out(JSON.stringify({ claims: results.map(claimJson), passed, failed }));
  return failed > 0 ? 1 : 0;
}
