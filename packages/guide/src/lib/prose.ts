/**
 * Prose for chapters, written as a small subset of Markdown in a template string:
 *
 *   blank line      new paragraph            $…$     inline formula (KaTeX)
 *   ## / ###        headings (h3 / h4)        $$…$$   display formula (on its own lines)
 *   - item          bullet list               **b**   bold, *i* italic, `code`
 *   [text](href)    link (use #/ch/2/dot-product for sections)
 *
 * Everything else is text (HTML is escaped), so prose can never inject markup.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderTex(src: string, display: boolean): string {
  const html = katex.renderToString(src, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' });
  // a long display formula scrolls sideways inside its box (base.css): focusable and named, so the
  // keyboard can scroll it too
  return display ? html.replace('<span class="katex-display">', '<span class="katex-display" tabindex="0" role="group" aria-label="formula (scrolls sideways when wider than the screen)">') : html;
}

/** Inline markup of one paragraph or list item. */
export function inline(text: string): string {
  const parts: string[] = [];
  // split out formulas and code first so their contents are not treated as markup
  const re = /\$([^$]+)\$|`([^`]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(markup(text.slice(last, m.index)));
    parts.push(m[1] !== undefined ? renderTex(m[1], false) : `<code>${esc(m[2]!)}</code>`);
    last = m.index + m[0].length;
  }
  parts.push(markup(text.slice(last)));
  return parts.join('');
}

function markup(s: string): string {
  return esc(s)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\*([^*]+)\*/g, '<em>$1</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, t: string, href: string) => `<a href="${/^(#|\/|\.)/.test(href) ? href : '#'}">${t}</a>`);
}

/** Converts the prose subset to HTML. */
export function proseHtml(src: string): string {
  const lines = src.replace(/^\n+|\s+$/g, '').split('\n').map((l) => l.trim());
  const out: string[] = [];
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    if (list.length) out.push(`<ul>${list.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`);
    para = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') flush();
    else if (line.startsWith('$$')) {
      flush();
      let body = line.slice(2);
      while (!body.trimEnd().endsWith('$$') && i + 1 < lines.length) body += `\n${lines[++i]}`;
      out.push(renderTex(body.trimEnd().slice(0, -2), true));
    } else if (/^#{2,3} /.test(line)) {
      flush();
      const level = line.startsWith('### ') ? 4 : 3;
      out.push(`<h${level}>${inline(line.replace(/^#+ /, ''))}</h${level}>`);
    } else if (line.startsWith('- ')) {
      if (para.length) flush();
      list.push(line.slice(2));
    } else if (list.length && !para.length) list[list.length - 1] += ` ${line}`;
    else para.push(line);
  }
  flush();
  return out.join('\n');
}

/** Prose as a DocumentFragment-like wrapper: a <div class="prose"> whose children join the column. */
export function prose(src: string): HTMLElement {
  const div = document.createElement('div');
  div.className = 'prose';
  div.innerHTML = proseHtml(src);
  return div;
}
