/**
 * The rules as a Markdown table (id, level, what it catches, an example with its rewrite, where in
 * the training documents it comes from), generated from the rule files so documentation cannot
 * drift from them. Pure: rules in, text out.
 */
import type { Linter } from '../linter.js';
import { parseText } from '../sources/text.js';
import type { CompiledRule } from './spec.js';

/** Longest passage quoted in the table, in characters. */
const PASSAGE = 40;

export async function rulesTable(linter: Linter): Promise<string> {
  const rows: string[] = [];
  for (const { rule, level } of linter.rules) {
    const source = rule.sources
      .map((s) => `${s.document}${s.passage ? `：${clip(s.passage, PASSAGE)}` : ''}`)
      .join('；');
    rows.push([`\`${rule.id}\``, level, rule.description, await exampleOf(linter, rule), source].map(cell).join(' | '));
  }
  return ['| 规则 | 级别 | 检查什么 | 例子 | 出处（培训资料） |', '| --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join('\n') + '\n';
}

/** The rule's first invalid example: the flagged text and its first rewrite, as the rule gives it. */
async function exampleOf(linter: Linter, rule: CompiledRule): Promise<string> {
  const example = rule.examples.invalid[0];
  if (!example) return '';
  const [finding] = await linter.lintWith(parseText('<example>', example.text), [rule.id]);
  if (!finding) return example.text;
  const rewrite = finding.rewrites[0];
  const arrow = rewrite === undefined ? '' : ` → ${rewrite === '' ? '（删去）' : rewrite}${finding.fixable ? '' : '（建议）'}`;
  return `${example.text}：${finding.text}${arrow}`;
}

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? chars.slice(0, max).join('') + '…' : chars.join('');
}

/** Markdown table cells cannot hold a bare pipe or a line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Replaces the text between `<!-- rules:start -->` and `<!-- rules:end -->` in a README. */
export function spliceRulesTable(readme: string, table: string): string {
  const start = '<!-- rules:start -->';
  const end = '<!-- rules:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`the README has no ${start} … ${end} section`);
  return `${readme.slice(0, a + start.length)}\n${table}${readme.slice(b)}`;
}
