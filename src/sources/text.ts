/**
 * Stage 1, plain text: every non-empty line is one draft (a saved quick reply, or a draft piped
 * in). Line breaks are LF, CRLF or CR; a line's draft excludes its line break. Lines that are
 * only white space are skipped.
 */
import type { Draft, SourceFile } from '../types.js';

export function parseText(path: string, text: string): SourceFile {
  const drafts: Draft[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  let start = 0;
  for (;;) {
    const m = lineBreak.exec(text);
    const end = m ? m.index : text.length;
    const line = text.slice(start, end);
    if (line.trim()) drafts.push({ text: line, offset: start });
    if (!m) break;
    start = m.index + m[0].length;
  }
  return { path, text, drafts };
}
