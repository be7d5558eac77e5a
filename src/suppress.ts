/**
 * Suppression comments: `huashu-disable-line` and `huashu-disable-next-line`.
 *
 * The sources find the comments (only they know a file's comment syntax) and describe each as a
 * `Directive` (see types.ts); this module holds the syntax they share — the rule list after the
 * keyword, and which line a directive covers — and applies directives to findings. Everything
 * here is pure: no I/O.
 *
 * Syntax after the keyword: rule ids separated by commas (`,` `，` `、`), semicolons (`;` `；`)
 * and/or white space; none means every rule. ` -- ` starts a free-text reason, which is ignored:
 *   `# huashu-disable-next-line no-guarantee, no-but -- 活动页已写明`
 *
 * Opt-out fields: tables, JSON and YAML have no comments a reply could carry, so a record opts out
 * with a `huashu-ignore` column (table) or key (JSON/YAML object) listing rule ids in the same
 * syntax (`ignoreFieldDirective`). Unlike a comment, a field naming no rule suppresses nothing.
 *
 * Applying: a finding is suppressed when its start lies in a directive's target and the
 * directive names its rule (or names none). Directives then produce findings of their own:
 * - `unknown-rule-in-directive` (warning, always): an id that is no rule of the run — likely a
 *   typo, and the finding it meant to hide is still reported;
 * - `unused-disable` (warning, only with `reportUnused`): a directive, or ids in it, that
 *   suppressed nothing. Unknown ids are not reported twice.
 *
 * Units: every range is a half-open pair of 0-based UTF-16 offsets into `SourceFile.text`.
 */
import { closestWord } from './errors.js';
import type { LintFunction } from './fix.js';
import type { Directive, DirectiveKind, Finding, Range, RecordInfo, SourceFile } from './types.js';

export const UNUSED_DISABLE = 'unused-disable';
export const UNKNOWN_RULE_IN_DIRECTIVE = 'unknown-rule-in-directive';
/** The table column header and JSON/YAML key that opts a record out of rules. */
export const IGNORE_FIELD = 'huashu-ignore';

/** The kind from the keyword's tail: `'next-line'` (of `huashu-disable-next-line`) or `'line'`. */
export function directiveKind(tail: string): DirectiveKind {
  return tail === 'next-line' ? 'disable-next-line' : 'disable-line';
}

/**
 * The rule ids of a directive's body (what follows the keyword), each with its range.
 * `bodyOffset` is the offset of `body[0]` in the file text.
 */
export function parseRuleList(body: string, bodyOffset: number): Directive['rules'] {
  const reason = /(?:^|\s)--(?:\s|$)/.exec(body);
  const list = reason ? body.slice(0, reason.index) : body;
  const rules: Directive['rules'] = [];
  for (const m of list.matchAll(/[^\s,，、;；]+/g)) {
    const start = bodyOffset + m.index;
    rules.push({ id: m[0], range: [start, start + m[0].length] });
  }
  return rules;
}

/**
 * The directive of a `huashu-ignore` field whose value `raw` starts at `offset` of the file text
 * (every id gets its exact range), covering `target`. Undefined when the value names no rule:
 * an empty field opts out of nothing.
 */
export function ignoreFieldDirective(raw: string, offset: number, target: Range, record?: RecordInfo): Directive | undefined {
  const rules = parseRuleList(raw, offset);
  if (!rules.length) return undefined;
  return { kind: 'ignore-field', range: [offset, offset + raw.length], rules, target, ...(record ? { record } : {}) };
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** The line containing offset `at`, without its line break. */
export function lineRange(text: string, at: number): Range {
  let start = at;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = at;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return [start, end];
}

/**
 * The first line after the one containing `at` that is not blank and that `skip` does not pass
 * over (comment lines, so that directives can be stacked), without its line break. `[n, n]`
 * (n = text length) when there is none.
 */
export function nextLineRange(text: string, at: number, skip: (line: string) => boolean = () => false): Range {
  let [, end] = lineRange(text, at);
  for (;;) {
    LINE_BREAK.lastIndex = end;
    const m = LINE_BREAK.exec(text);
    if (!m || m.index !== end) return [text.length, text.length];
    const line = lineRange(text, end + m[0].length);
    const content = text.slice(line[0], line[1]);
    if (content.trim() && !skip(content)) return line;
    end = line[1];
  }
}

export interface SuppressOptions {
  /** Ids of every rule of the run, off ones included; other ids in a directive are reported. */
  knownRules: readonly string[];
  /** Report directives that suppressed nothing (`--report-unused-disables`). */
  reportUnused?: boolean;
}

export interface SuppressResult {
  /** Findings no directive covers, in their order. */
  kept: Finding[];
  /** Findings a directive covers. */
  suppressed: Finding[];
  /** `unknown-rule-in-directive` findings. */
  unknown: Finding[];
  /** `unused-disable` findings (empty unless `reportUnused`). */
  unused: Finding[];
}

/** Applies a source's directives to its findings. */
export function applyDirectives(
  findings: readonly Finding[],
  source: Pick<SourceFile, 'text' | 'directives'>,
  options: SuppressOptions,
): SuppressResult {
  const directives = source.directives ?? [];
  if (!directives.length) return { kept: [...findings], suppressed: [], unknown: [], unused: [] };
  const known = new Set(options.knownRules);
  /** Per directive: the ids it suppressed something for ('*' for a directive naming no rule). */
  const used = directives.map(() => new Set<string>());
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    let hit = false;
    directives.forEach((d, i) => {
      const at = finding.range[0];
      if (at < d.target[0] || at >= d.target[1]) return;
      if (!d.rules.length) used[i]!.add('*');
      else if (d.rules.some((r) => r.id === finding.ruleId)) used[i]!.add(finding.ruleId);
      else return;
      hit = true;
    });
    (hit ? suppressed : kept).push(finding);
  }

  const unknown: Finding[] = [];
  const unused: Finding[] = [];
  directives.forEach((d, i) => {
    // Comments are 忽略注释; a table column or a key is named as the user wrote it (spaced from Chinese).
    const field = d.kind === 'ignore-field';
    const subject = field ? `${IGNORE_FIELD} ` : '忽略注释';
    const object = field ? ` ${IGNORE_FIELD}` : '忽略注释';
    for (const r of d.rules) {
      if (known.has(r.id)) continue;
      const best = closestWord(r.id, options.knownRules);
      const hint = best !== undefined ? `（是不是 ${best}？）` : '';
      unknown.push(directiveFinding(UNKNOWN_RULE_IN_DIRECTIVE, `${subject}里的规则 ${r.id} 不存在${hint}`, r.range, source.text, d.record));
    }
    if (!options.reportUnused) return;
    if (!d.rules.length) {
      if (!used[i]!.size) unused.push(directiveFinding(UNUSED_DISABLE, `多余的${object}：这里没有需要忽略的问题`, d.range, source.text, d.record));
      return;
    }
    const idle = [...new Set(d.rules.map((r) => r.id))].filter((id) => known.has(id) && !used[i]!.has(id));
    if (idle.length) unused.push(directiveFinding(UNUSED_DISABLE, `多余的${object}：${idle.join('、')} 在这里没有报告问题`, d.range, source.text, d.record));
  });
  return { kept, suppressed, unknown, unused };
}

function directiveFinding(ruleId: string, message: string, range: Range, text: string, record?: RecordInfo): Finding {
  return { ruleId, severity: 'warning', message, range, text: text.slice(range[0], range[1]), rewrites: [], fixable: false, ...(record ? { record } : {}) };
}

/**
 * Wraps a lint function so that its findings go through the source's directives: suppressed
 * findings are dropped (so `--fix`, which calls the wrapped function, never fixes them), and the
 * directives' own findings are added. The result stays sorted by position.
 */
export function withSuppression(lint: LintFunction, options: SuppressOptions): LintFunction {
  return async (source) => {
    const findings = await lint(source);
    if (!source.directives?.length) return findings;
    const { kept, unknown, unused } = applyDirectives(findings, source, options);
    return [...kept, ...unknown, ...unused].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  };
}
