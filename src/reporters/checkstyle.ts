/**
 * `--format checkstyle`: Checkstyle XML, read by Jenkins (warnings-ng), reviewdog, SonarQube and
 * other code-review tools:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <checkstyle version="4.3">
 *     <file name="drafts.txt">
 *       <error line="1" column="4" severity="error" message="不要作承诺 [保证 → 尽量（可自动修复）]" source="huashu.no-guarantee"/>
 *     </file>
 *   </checkstyle>
 *
 * Every linted file gets a <file> element, clean files too (as Checkstyle itself does). Severity is
 * error / warning / info; `source` is `huashu.<rule id>` (tools take the last dotted part as the
 * category). Lines and columns are 1-based, columns count Unicode code points. A file that could
 * not be linted gets one error with source `huashu.fatal` at 1:1.
 *
 * The XML escaping below is shared with the junit format.
 */
import type { LintResult } from '../types.js';
import { rewriteNote } from './compact.js';

export function formatCheckstyle(results: readonly LintResult[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const result of results) {
    const errors: string[] = [];
    if (result.fatal !== undefined) errors.push(error(1, 1, 'error', result.fatal, 'huashu.fatal'));
    for (const m of result.messages) {
      const note = rewriteNote(m);
      errors.push(error(m.line, m.column, m.severity, note ? `${m.message} [${note}]` : m.message, `huashu.${m.ruleId}`));
    }
    if (!errors.length) {
      out.push(`  <file name="${xmlAttribute(result.path)}"/>`);
      continue;
    }
    out.push(`  <file name="${xmlAttribute(result.path)}">`, ...errors, '  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
}

function error(line: number, column: number, severity: string, message: string, source: string): string {
  return `    <error line="${Math.max(1, line)}" column="${Math.max(1, column)}" severity="${severity}" message="${xmlAttribute(message)}" source="${xmlAttribute(source)}"/>`;
}

/**
 * Characters XML 1.0 does not allow at all, even as character references (C0 controls other than
 * tab, LF and CR; lone surrogates; U+FFFE and U+FFFF). They become U+FFFD.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: `&`, `<`, `>` escaped (so `]]>` cannot occur), CR kept as &#13; (parsers would turn a raw CR into LF). */
export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

/**
 * A double- or single-quoted attribute value. Tab, LF and CR are written as character references,
 * because parsers turn raw ones into spaces (attribute-value normalization).
 */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
