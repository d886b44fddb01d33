/**
 * The library's own source files, as text (Vite `?raw`), loaded on demand. Paths are relative to
 * packages/groundup/src, e.g. 'ops/activation.ts' or 'ops/matmul.test.ts'.
 */
import { h } from './dom.js';
import { extractDefinition, type Extracted } from './extract.js';

const files = import.meta.glob<string>('../../../groundup/src/**/*.ts', { query: '?raw', import: 'default' });
const PREFIX = '../../../groundup/src/';

export const LIBRARY_ROOT = 'packages/groundup/src/';

/** Every library file path (relative to packages/groundup/src), sorted. */
export const libraryFiles: string[] = Object.keys(files)
  .map((k) => k.slice(PREFIX.length))
  .sort();

export function hasLibraryFile(path: string): boolean {
  return `${PREFIX}${path}` in files;
}

export async function loadLibraryFile(path: string): Promise<string> {
  const load = files[`${PREFIX}${path}`];
  if (!load) throw new Error(`source: no library file ${LIBRARY_ROOT}${path}`);
  return load();
}

/** A named definition from a library file (see extract.ts). */
export async function loadDefinition(path: string, name: string): Promise<Extracted> {
  const text = await loadLibraryFile(path);
  const found = extractDefinition(text, name);
  if (!found) throw new Error(`source: ${name} is not defined in ${LIBRARY_ROOT}${path}`);
  return found;
}

const KEYWORDS = /\b(export|import|from|function|return|const|let|var|if|else|for|while|of|in|new|class|extends|throw|interface|type|async|await|this|private|readonly|static|public|get|set|switch|case|break|continue)\b/g;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Light highlighting: comments, strings and keywords. Line by line, tracking block comments. */
function highlight(lines: string[]): string[] {
  let inBlock = false;
  return lines.map((line) => {
    let out = '';
    let rest = line;
    while (rest.length) {
      if (inBlock) {
        const e = rest.indexOf('*/');
        const part = e < 0 ? rest : rest.slice(0, e + 2);
        out += `<span class="cm">${escapeHtml(part)}</span>`;
        rest = e < 0 ? '' : rest.slice(e + 2);
        inBlock = e < 0;
        continue;
      }
      const m = /\/\*|\/\/|(['"`])/.exec(rest);
      if (!m) {
        out += escapeHtml(rest).replace(KEYWORDS, '<span class="kw">$1</span>');
        break;
      }
      out += escapeHtml(rest.slice(0, m.index)).replace(KEYWORDS, '<span class="kw">$1</span>');
      rest = rest.slice(m.index);
      if (m[0] === '//') {
        out += `<span class="cm">${escapeHtml(rest)}</span>`;
        rest = '';
      } else if (m[0] === '/*') inBlock = true;
      else {
        const q = m[1]!;
        let j = 1;
        while (j < rest.length && rest[j] !== q) j += rest[j] === '\\' ? 2 : 1;
        out += `<span class="str">${escapeHtml(rest.slice(0, j + 1))}</span>`;
        rest = rest.slice(j + 1);
      }
    }
    return out;
  });
}

/** A listing with line numbers (the gutter is hidden from screen readers). */
export function listing(code: string, firstLine = 1, label = 'source code'): HTMLElement {
  const lines = code.replace(/\n$/, '').split('\n');
  const gutter = h('pre', { class: 'gutter', 'aria-hidden': 'true' });
  gutter.textContent = lines.map((_, i) => i + firstLine).join('\n');
  const body = h('pre', { class: 'code', tabindex: 0, 'aria-label': label });
  body.innerHTML = `<code>${highlight(lines).join('\n')}</code>`;
  return h('div', { class: 'listing' }, gutter, body);
}
