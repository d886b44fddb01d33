/**
 * Finds one named definition (function, class, const, interface, type) in a TypeScript source
 * text and returns it with its doc comment and line numbers — what a widget's *source* tab shows.
 * Pure string work, so it runs (and is tested) in Node too.
 */
export interface Extracted {
  name: string;
  code: string;
  /** 1-based first and last line in the file. */
  startLine: number;
  endLine: number;
}

const DECL = (name: string) =>
  new RegExp(`^(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(function\\*?|class|const|let|var|interface|type|enum)\\s+${name.replace(/[$]/g, '\\$')}\\b`);

/**
 * Index just past the end of the declaration starting at `from`: the closing bracket that brings
 * the nesting depth back to 0 at the end of a line, or a ';' at depth 0. Strings, template
 * literals and comments are skipped so brackets inside them do not count.
 */
function declarationEnd(src: string, from: number): number {
  let depth = 0;
  let i = from;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && src[i] !== c) {
        if (src[i] === '\\') i++;
        else if (c !== '`' && src[i] === '\n') break;
        i++;
      }
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0 && c === '}') {
        // a body closes where the line ends (allowing a trailing ';' or ',')
        const rest = /^[;,]?[ \t]*(\r?\n|$)/.exec(src.slice(i + 1));
        if (rest) return i + 1 + (rest[0].trimEnd().length);
      }
    } else if (c === ';' && depth === 0) return i + 1;
    else if (c === '\n' && depth === 0 && i > from) {
      // a declaration without brackets that ends at the line end (`type A = B`)
      const line = src.slice(src.lastIndexOf('\n', i - 1) + 1, i);
      if (!/[=,(<|&:?]\s*$/.test(line) && !/^\s*[.|&?:]/.test(src.slice(i + 1, src.indexOf('\n', i + 1) >>> 0))) return i;
    }
    i++;
  }
  return n;
}

/** The doc comment (and blank-free comment lines) directly above line index `line`. */
function commentStart(lines: string[], line: number): number {
  let s = line;
  if (s > 0 && /\*\/\s*$/.test(lines[s - 1]!)) {
    while (s > 0 && !/^\s*\/\*/.test(lines[s - 1]!)) s--;
    s = Math.max(0, s - 1);
  }
  while (s > 0 && /^\s*\/\//.test(lines[s - 1]!)) s--;
  return s;
}

export function extractDefinition(src: string, name: string): Extracted | null {
  const lines = src.split('\n');
  const re = DECL(name);
  let first = -1;
  let last = -1;
  let from = 0;
  // overloads: consecutive declarations of the same function are shown together
  for (;;) {
    let idx = -1;
    for (let l = from; l < lines.length; l++) {
      if (re.test(lines[l]!)) {
        idx = l;
        break;
      }
    }
    if (idx < 0 || (first >= 0 && idx > last + 2)) break;
    if (first < 0) first = idx;
    const offset = lines.slice(0, idx).reduce((a, l) => a + l.length + 1, 0);
    const end = declarationEnd(src, offset);
    last = src.slice(0, end).split('\n').length - 1;
    const chunk = src.slice(offset, end);
    if (!/^\s*(?:export\s+)?(?:async\s+)?function/.test(chunk) || !chunk.trimEnd().endsWith(';')) break;
    from = last + 1; // an overload signature: keep going to the implementation
  }
  if (first < 0) return null;
  const start = commentStart(lines, first);
  return { name, code: lines.slice(start, last + 1).join('\n'), startLine: start + 1, endLine: last + 1 };
}
