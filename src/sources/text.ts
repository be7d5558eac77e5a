/**
 * Stage 1, plain text: every non-empty line is one draft (a saved quick reply, or a draft piped
 * in). Line breaks are LF, CRLF or CR; a line's draft excludes its line break. Lines that are
 * only white space are skipped.
 *
 * Comments and suppression comments (see suppress.ts):
 * - A line whose text, after leading white space, is `#` then white space or nothing (`# 备注`), or a
 *   `#huashu-` directive, is a comment, never a draft. `#E-s12 亲…` and `#双11# 亲…` are replies.
 *   `# huashu-disable-next-line [ids]` on such a line covers the next line that is neither blank
 *   nor a comment (so directives can be stacked); `# huashu-disable-line` there covers only the
 *   comment line itself, so it never suppresses anything.
 * - A reply line may end with a directive: white space, then `# huashu-disable-line [ids]` (or
 *   `…-next-line`), to the end of the line. The draft then ends before that white space, so the
 *   comment is never linted and the reply keeps its exact offsets. Without the white space before
 *   `#`, or without the keyword, `#` is ordinary reply text (`订单号#123`).
 */
import { directiveKind, lineRange, nextLineRange, parseRuleList } from '../suppress.js';
import type { Directive, DirectiveKind, Draft, SourceFile } from '../types.js';

/** A comment line's directive, matched on the line without its leading white space. */
const COMMENT_DIRECTIVE = /^#\s*huashu-disable-(next-line|line)(?![\w-])/;
/** A directive at the end of a reply line; the match starts at the white space before `#`. */
const TRAILING_DIRECTIVE = /\s+#\s*huashu-disable-(next-line|line)(?![\w-])/;

/**
 * A comment line: `#` then white space or the end of the line (`# 备注`), or a `#huashu-` directive.
 * A reply that opens with an emoticon code or a topic tag (`#E-s12 亲，…`, `#双11# 亲，…`) is a reply.
 */
const isComment = (line: string) => {
  const text = line.trimStart();
  return text.charCodeAt(0) === 0x23 && /^#(?:\s|$|huashu-)/.test(text);
};

export function parseText(path: string, text: string): SourceFile {
  const drafts: Draft[] = [];
  const directives: Directive[] = [];
  const directive = (kind: DirectiveKind, start: number, bodyStart: number, end: number) => {
    const target = kind === 'disable-line' ? lineRange(text, start) : nextLineRange(text, start, isComment);
    directives.push({ kind, range: [start, end], rules: parseRuleList(text.slice(bodyStart, end), bodyStart), target });
  };
  const lineBreak = /\r\n|\r|\n/g;
  let start = 0;
  for (;;) {
    const m = lineBreak.exec(text);
    const end = m ? m.index : text.length;
    const line = text.slice(start, end);
    if (isComment(line)) {
      const indent = line.length - line.trimStart().length;
      const d = COMMENT_DIRECTIVE.exec(line.slice(indent));
      if (d) directive(directiveKind(d[1]!), start + indent, start + indent + d[0].length, end);
    } else if (line.trim()) {
      const d = line.includes('huashu-disable-') ? TRAILING_DIRECTIVE.exec(line) : null;
      if (d) {
        const hash = start + d.index + d[0].indexOf('#');
        directive(directiveKind(d[1]!), hash, start + d.index + d[0].length, end);
      }
      drafts.push({ text: d ? line.slice(0, d.index) : line, offset: start });
    }
    if (!m) break;
    start = m.index + m[0].length;
  }
  return directives.length ? { path, text, drafts, directives } : { path, text, drafts };
}
