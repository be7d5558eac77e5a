/**
 * The default terminal report, grouped by file:
 *
 *   drafts.txt
 *     1:4  error  不要用"肯定、保证、绝对"向顾客作承诺……  no-guarantee
 *          亲，我保证明天发货
 *              ^^^^
 *          保证 → 尽量（可自动修复）
 *
 *   ✖ 1 个问题（1 个错误，0 个警告，0 个提示）
 *
 * The caret line is padded by display width (a CJK character is two columns wide, by Unicode's East
 * Asian Width), so the carets sit under the flagged characters in a terminal. Colors only when asked:
 * `styles` is then chalk's (loadFormat('stylish', { color: true }) passes it); otherwise PLAIN, and
 * chalk (with the terminal detection it does when it loads) is never loaded.
 */
import { textWidth, widthAt } from '../display-width.js';
import { endsSurrogatePair } from '../position.js';
import type { LintMessage, LintResult } from '../types.js';

type Style = (text: string) => string;

/** The styles stylish writes with: a chalk instance (colors), or PLAIN. */
export interface Styles {
  dim: Style;
  underline: Style;
  cyan: Style;
  green: Style;
  red: Style & { bold: Style };
  yellow: Style & { bold: Style };
  blue: Style & { bold: Style };
}

const same: Style = (text) => text;
const sameBold = Object.assign((text: string) => text, { bold: same });

/** No colors. */
export const PLAIN: Styles = { dim: same, underline: same, cyan: same, green: same, red: sameBold, yellow: sameBold, blue: sameBold };

export interface StylishOptions {
  /** Colors, written with `styles` (required then). */
  color: boolean;
  styles?: Styles;
}

/** Most display columns of context shown on each side of a span. */
const CONTEXT = 24;
/** UTF-16 units looked at on each side of a span: more than CONTEXT columns need, never a whole long line. */
const WINDOW = CONTEXT * 8;

export function formatStylish(results: readonly LintResult[], options: StylishOptions): string {
  if (options.color && !options.styles) throw new Error('stylish: colors need the styles to write them with (a chalk instance)');
  const c = options.color ? options.styles! : PLAIN;
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  for (const result of results) {
    errors += result.errorCount;
    warnings += result.warningCount;
    infos += result.infoCount;
    if (!result.messages.length) continue;
    out.push(c.underline(result.path));
    for (const m of result.messages) {
      if (m.fixable) fixable++;
      formatMessage(out, m, result.source, c);
    }
    out.push('');
  }
  const total = errors + warnings + infos;
  if (!total) return '';
  const mark = errors ? c.red.bold('✖') : warnings ? c.yellow.bold('⚠') : c.blue.bold('ℹ');
  out.push(`${mark} ${total} 个问题（${errors} 个错误，${warnings} 个警告，${infos} 个提示）`);
  if (fixable) out.push(c.dim(`  其中 ${fixable} 个可以用 --fix 自动修复`));
  return out.join('\n') + '\n';
}

const SEVERITY_COLOR = { error: 'red', warning: 'yellow', info: 'blue' } as const;

/** Appends the lines of one message to `lines`. */
function formatMessage(lines: string[], m: LintMessage, source: string, c: Styles): void {
  const where = `${m.line}:${m.column}`;
  const indent = ' '.repeat(2 + where.length + 2);
  lines.push(`  ${c.dim(where)}  ${c[SEVERITY_COLOR[m.severity]](m.severity)}  ${m.message}  ${c.dim(m.ruleId)}`);
  const record = recordLine(m);
  if (record) lines.push(`${indent}${c.cyan(record)}`);
  const context = contextOf(m, source);
  if (context) {
    lines.push(`${indent}${context.before}${c.red.bold(context.span)}${context.after}`);
    lines.push(`${indent}${context.pad}${c.red('^'.repeat(Math.max(1, context.spanWidth)))}`);
  }
  if (m.rewrites.length) {
    const note = m.fixable ? c.dim('（可自动修复）') : '';
    // An empty rewrite deletes the text: say so rather than print nothing after the arrow.
    const rewrites = m.rewrites.map((r) => (r === '' ? '（删去）' : r));
    lines.push(`${indent}${m.text} → ${c.green(rewrites.join(' | '))}${note}`);
  }
}

/**
 * Where the reply sits: `Sheet1!C12 短语内容 · 分组 售后 · 编码 sh01` in a table; the key path
 * (`replies[3].text`) in a JSON or YAML file, where a row number would only confuse.
 */
function recordLine(m: LintMessage): string {
  const r = m.record;
  if (!r) return '';
  const isCell = r.column === undefined || /^[A-Z]{1,3}$/.test(r.column);
  const cell = isCell ? `${r.sheet ? `${r.sheet}!` : ''}${r.column ?? ''}${r.row ?? ''}` : r.column!;
  return [
    [cell, r.header].filter(Boolean).join(' '),
    r.group && `分组 ${r.group}`,
    r.code && `编码 ${r.code}`,
    r.title && `标题 ${r.title}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The line around a message's span, trimmed to CONTEXT display columns on each side. */
function contextOf(m: LintMessage, source: string) {
  const start = m.range[0];
  const end = m.range[1];
  if (start < 0 || end > source.length) return undefined;
  // The line breaks on each side, looked for within WINDOW units: lines are usually short, a
  // finding on a 10 MB line must not scan the line, and searching the file for a character it may
  // not contain at all (\r) would scan the whole file for every message.
  const from = Math.max(0, start - WINDOW);
  const head = source.slice(from, start);
  const lineStart = from + Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r')) + 1;
  const to = Math.min(source.length, start + WINDOW);
  const tail = source.slice(start, to);
  const lf = tail.indexOf('\n');
  const cr = tail.indexOf('\r');
  const lineEnd = start + (lf < 0 ? (cr < 0 ? tail.length : cr) : cr < 0 ? lf : Math.min(lf, cr));
  let span = detab(source.slice(start, Math.min(end, lineEnd)));
  let before = detab(source.slice(lineStart, start));
  let after = detab(source.slice(Math.min(end, lineEnd), lineEnd));
  const cutBefore = lineStart === from && from > 0 && !isBreak(source, from - 1);
  const cutAfter = lineEnd === to && to < source.length && !isBreak(source, to);
  let beforeWidth = textWidth(before);
  if (cutBefore || beforeWidth > CONTEXT) {
    before = '…' + takeEnd(before, CONTEXT);
    beforeWidth = textWidth(before);
  }
  let spanWidth = textWidth(span);
  if (spanWidth > 2 * CONTEXT) {
    span = takeStart(span, 2 * CONTEXT) + '…';
    spanWidth = textWidth(span);
  }
  if (cutAfter || textWidth(after) > CONTEXT) after = takeStart(after, CONTEXT) + '…';
  // Pad with a space per display column so carets line up under wide characters.
  return { before, span, after, pad: ' '.repeat(beforeWidth), spanWidth };
}

/** Whether the unit at `i` of `text` is a line break. */
function isBreak(text: string, i: number): boolean {
  const u = text.charCodeAt(i);
  return u === 0x0a || u === 0x0d;
}

/** Tabs shown as one space (a terminal would jump to its next tab stop). */
const detab = (text: string): string => (text.includes('\t') ? text.replace(/\t/g, ' ') : text);

/** The longest start of `text` that fits in `width` columns. */
function takeStart(text: string, width: number): string {
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const w = widthAt(text, i);
    if (used + w > width) break;
    used += w;
    i += endsSurrogatePair(text, i + 1) ? 2 : 1;
  }
  return text.slice(0, i);
}

/** The longest end of `text` that fits in `width` columns. */
function takeEnd(text: string, width: number): string {
  let used = 0;
  let i = text.length;
  while (i > 0) {
    // The character ending at i: one unit, or a surrogate pair.
    const start = i > 1 && endsSurrogatePair(text, i - 1) ? i - 2 : i - 1;
    const w = widthAt(text, start);
    if (used + w > width) break;
    used += w;
    i = start;
  }
  return text.slice(i);
}

