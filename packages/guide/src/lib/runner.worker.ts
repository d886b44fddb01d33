/**
 * Runs learner code against the library, off the main thread. The page (codecell.ts) starts a
 * timer when it sends code and terminates this worker if the time limit passes, so an endless
 * loop here never freezes the page.
 *
 * Protocol: → { id, code }   ← { type: 'ready' } once, then per run
 *           ← { id, type: 'log', level, text }*  and  ← { id, type: 'done', result?, error? }
 */
import * as groundup from 'groundup';
import { show } from './format.js';

const RESERVED = new Set('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval'.split(' '));
/** Every export of the library that can be a variable name ('var', an alias of variance, cannot). */
const names = Object.keys(groundup).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && !RESERVED.has(k));
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

/**
 * Compiles the code so that the value of its last line is returned (like a REPL): first as one
 * expression, then as statements + a final expression, then as plain statements. Library names
 * are in scope; the learner's own declarations may shadow them.
 */
export function compile(code: string): (g: unknown) => Promise<unknown> {
  const prelude = `const { ${names.join(', ')} } = __g;\nreturn (async () => {\n`;
  const tries: string[] = [];
  tries.push(`${prelude}return (\n${code}\n);\n})();`);
  const lines = code.replace(/\s+$/, '').split('\n');
  const lastLine = lines.pop() ?? '';
  if (lines.length) tries.push(`${prelude}${lines.join('\n')}\nreturn (\n${lastLine.replace(/;\s*$/, '')}\n);\n})();`);
  tries.push(`${prelude}${code}\n})();`);
  let error: unknown;
  for (const body of tries) {
    try {
      return new AsyncFunction('__g', body) as (g: unknown) => Promise<unknown>;
    } catch (e) {
      error = e;
    }
  }
  throw error;
}

const scope = self as unknown as { postMessage(m: unknown): void; onmessage: ((e: MessageEvent) => void) | null };
const log =
  (id: number, level: string) =>
  (...args: unknown[]) =>
    scope.postMessage({ id, type: 'log', level, text: args.map(show).join(' ') });

scope.onmessage = async (e: MessageEvent<{ id: number; code: string }>) => {
  const { id, code } = e.data;
  const c = console as unknown as Record<string, unknown>;
  for (const level of ['log', 'info', 'warn', 'error']) c[level] = log(id, level);
  try {
    const fn = compile(code);
    const result = await fn(groundup);
    scope.postMessage({ id, type: 'done', result: result === undefined ? undefined : show(result) });
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    scope.postMessage({ id, type: 'done', error });
  }
};
scope.postMessage({ type: 'ready' });
