/**
 * `groundup verify`: run every claim of the guide (src/claims.ts) and print a table of claim,
 * computed value, expected value and pass/fail. Exit code 1 if any claim fails.
 *
 *   groundup verify                 # the table
 *   groundup verify --chapter 6     # one chapter
 *   groundup verify --json          # … and { claims: [{ claim, value, expected, pass }], passed, failed } last
 */
import { type CommandSpec, helpText, parseArgs } from '../args.js';
import { claims, checkClaim, formatExpected, formatValue } from '../claims.js';
import type { Context, ExitCode } from '../context.js';

export const verifySpec = {
  name: 'verify',
  summary: "check every claim of the guide: the library's value against one worked out independently",
  flags: {
    chapter: { type: 'int', min: 1, max: 7, help: 'only the claims of this chapter' },
    json: { type: 'boolean', help: 'print { claims: [{ claim, value, expected, pass }], passed, failed } as the last line' },
  },
  notes: ['Each expected value is worked out by hand or by a few lines of plain JavaScript, never by the same library call.'],
} satisfies CommandSpec;

/** Cuts text to `n` characters with an ellipsis. */
function fit(s: string, n: number): string {
  return s.length <= n ? s.padEnd(n) : s.slice(0, n - 1) + '…';
}

export async function verify(argv: string[], ctx: Context): Promise<ExitCode> {
  const { help, flags } = parseArgs(verifySpec, argv);
  if (help) return ctx.out(helpText(verifySpec)), 0;

  // 1. run the claims
  const selected = claims.filter((c) => flags.chapter === undefined || c.chapter === flags.chapter);
  const results = selected.map((c) => ({ c, r: checkClaim(c) }));
  const passed = results.filter(({ r }) => r.pass).length;
  const failed = results.length - passed;

  // 2. the table (to stderr with --json, so stdout holds only the JSON line)
  const say = (line: string) => (flags.json ? ctx.err(line + '\n') : ctx.out(line));
  const W = { ch: 2, claim: 64, value: 30, expected: 30 };
  say(`${'ch'.padEnd(W.ch)}  ${fit('claim', W.claim)}  ${fit('computed', W.value)}  ${fit('expected', W.expected)}  result`);
  say('-'.repeat(W.ch + W.claim + W.value + W.expected + 14));
  for (const { c, r } of results) {
    const value = r.error ? `error: ${r.error}` : formatValue(r.value);
    const expected = r.expected === 'error' ? 'error' : formatExpected(c, r.expected);
    say(`${String(c.chapter).padEnd(W.ch)}  ${fit(c.claim, W.claim)}  ${fit(value, W.value)}  ${fit(expected, W.expected)}  ${r.pass ? 'pass' : 'FAIL'}`);
  }
  say('');
  say(`${passed} passed, ${failed} failed, of ${results.length} claims`);
  for (const { c, r } of results.filter(({ r }) => !r.pass))
    say(`FAIL ${c.id}: ${c.claim}\n     computed ${r.error ? `error: ${r.error}` : formatValue(r.value)}; expected ${formatExpected(c, r.expected)} (${c.how})`);

  // 3. the JSON line
  if (flags.json)
    ctx.out(JSON.stringify({ claims: results.map(({ r }) => ({ id: r.id, chapter: r.chapter, claim: r.claim, value: r.value, expected: r.expected, pass: r.pass, ...(r.error ? { error: r.error } : {}) })), passed, failed }));
  return failed > 0 ? 1 : 0;
}
