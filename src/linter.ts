/**
 * The core of huashu, as a library with no I/O: rule files and config come in as text, sources as
 * parsed `SourceFile`s, findings go out. The CLI (and any other tool) reads files and prints.
 *
 *   const linter = createLinter({ ruleFiles, config });   // throws HuashuConfigError
 *   const findings = await linter.lint(parseText('<stdin>', '亲，我保证明天发货'));
 */
import { DEFAULT_CONFIG, type Config, type LevelSetting } from './config.js';
import { didYouMean, HuashuConfigError, type Problem } from './errors.js';
import { FindingBudget } from './limits.js';
import { DraftContext } from './match.js';
import { normalizeDraft } from './normalize/normalize.js';
import { loadTraditionalConverters, toScript } from './normalize/script.js';
import type { CompiledRule } from './rules/spec.js';
import { readRule } from './rules/spec.js';
import { createSegmenter, type Segmenter } from './segment.js';
import type { Draft, Finding, Level, Range, Severity, SourceFile } from './types.js';
import { YamlReader } from './yaml-reader.js';

/** A rule file's path and text. */
export interface RuleFile {
  path: string;
  text: string;
  /** The built-in pack: its regexes are not checked for catastrophic backtracking at load (a test does it). */
  trusted?: boolean;
}

export interface LinterOptions {
  /** Rule files: the built-in pack first, then extra directories. */
  ruleFiles: readonly RuleFile[];
  config?: Config;
  /** Levels from the command line; they win over the config. */
  levels?: readonly LevelSetting[];
  /** Extra words for jieba (the built-in e-commerce dictionary, for instance). */
  dictionary?: readonly string[];
}

/** A compiled rule with the level it runs at. */
export interface ActiveRule {
  rule: CompiledRule;
  level: Level;
}

export interface Linter {
  /** Every known rule with its effective level (including rules that are off). */
  readonly rules: readonly ActiveRule[];
  /** Lints one source. Findings are sorted by position. */
  lint(source: SourceFile): Promise<Finding[]>;
  /** Lints a source with only the given rules, whatever their levels (rule examples use it). */
  lintWith(source: SourceFile, only: readonly string[]): Promise<Finding[]>;
  /** jieba's words for a text as rules see it ("我/r 保证/v …"), to explain a match. */
  explain(text: string): string;
}

/** Compiles rules and settings. Throws `HuashuConfigError` listing every problem found. */
export function createLinter(options: LinterOptions): Linter {
  const config = options.config ?? DEFAULT_CONFIG;
  const problems: Problem[] = [];
  const rules: CompiledRule[] = [];
  const byId = new Map<string, string>();
  const settings = { lists: { competitors: config.competitors } };
  for (const file of options.ruleFiles) {
    const reader = new YamlReader(file.path, file.text, { trusted: file.trusted });
    const expectedId = file.path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
    const rule = readRule(reader, expectedId, settings);
    problems.push(...reader.problems);
    if (!rule) continue;
    const earlier = byId.get(rule.id);
    if (earlier) {
      const at = Math.max(0, file.text.search(/^id\s*:/m));
      problems.push(reader.problemAt(at, `duplicate rule id "${rule.id}": already defined in ${earlier}`));
      continue;
    }
    byId.set(rule.id, file.path);
    rules.push(rule);
  }

  const levels = new Map<string, Level>(rules.map((r) => [r.id, r.level]));
  for (const setting of [...config.levels, ...(options.levels ?? [])]) {
    if (levels.has(setting.id)) levels.set(setting.id, setting.level);
    else problems.push(setting.unknown(`unknown rule "${setting.id}"${didYouMean(setting.id, [...levels.keys()])}`));
  }
  if (problems.length) throw new HuashuConfigError(problems);

  const active = rules.map((rule) => ({ rule, level: levels.get(rule.id)! }));
  const segmenter = createSegmenter([...(options.dictionary ?? []), ...config.dictionary]);
  const locale = config.locale;

  const lintDrafts = async (text: string, drafts: readonly Draft[], running: readonly ActiveRule[]): Promise<Finding[]> => {
    const pending: { finding: Finding; replaceable: boolean; escape?: Draft['escape']; simplified: string[]; traditional: boolean }[] = [];
    // Limits per rule and per file (limits.ts): a rule that matches everywhere cannot flood the report.
    const budget = new FindingBudget();
    for (const draft of drafts) {
      for (const hit of matchDraft(draft, running, segmenter)) if (budget.admit(hit.finding)) pending.push(hit);
    }
    if (pending.some((p) => p.traditional)) await loadTraditionalConverters();
    const findings = pending.map(({ finding, replaceable, escape, simplified, traditional }) => {
      const rewrites = simplified.map((r) => toScript(r, traditional ? 'traditional' : 'simplified', locale));
      return withRewrites(finding, rewrites, replaceable, escape);
    });
    return budget.close(findings.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]));
  };

  return {
    rules: active,
    lint: (source) => lintDrafts(source.text, source.drafts, active.filter((a) => a.level !== 'off')),
    lintWith: (source, only) => lintDrafts(source.text, source.drafts, active.filter((a) => only.includes(a.rule.id))),
    explain: (text) =>
      segmenter
        .segment(normalizeDraft({ text, offset: 0 }).text)
        .map((t) => `${t.word}/${t.tag}`)
        .join(' '),
  };
}

/** Matches one draft against the running rules; rewrites are still Simplified. */
function* matchDraft(draft: Draft, running: readonly ActiveRule[], segmenter: Segmenter) {
  const normalized = normalizeDraft(draft);
  const ctx = new DraftContext(normalized, draft.text, segmenter);
  for (const { rule, level } of running) {
    const seen = new Set<string>();
    for (const raw of rule.match(ctx)) {
      const [s, e] = normalized.map.toOriginal(raw.range);
      if (e <= s || seen.has(`${s}:${e}`)) continue;
      seen.add(`${s}:${e}`);
      const range: Range = [draft.offset + s, draft.offset + e];
      // A span that hides markup (保**证**) or a placeholder cannot be replaced without losing it.
      const replaceable = !normalized.opaque.some(([hs, he]) => hs < e && he > s);
      const finding: Finding = {
        ruleId: rule.id,
        severity: (level === 'off' ? rule.level : level) as Severity,
        message: raw.message ?? rule.message,
        range,
        text: draft.text.slice(s, e),
        rewrites: [],
        fixable: raw.fixable && replaceable,
        ...(draft.record ? { record: draft.record } : {}),
      };
      yield { finding, replaceable, escape: draft.escape, simplified: raw.rewrites, traditional: normalized.script === 'traditional' };
    }
  }
}

/**
 * Completes a finding with its rewrites and, when the span can be replaced, its fix (written the
 * way the draft's place in the file needs: see `Draft.escape`).
 */
function withRewrites(finding: Finding, rewrites: string[], replaceable: boolean, escape?: Draft['escape']): Finding {
  const first = rewrites[0];
  const written = first === undefined ? undefined : escape ? escape(first) : first;
  const fix = replaceable && written !== undefined && first !== finding.text ? { range: finding.range, text: written } : undefined;
  return { ...finding, rewrites, fixable: finding.fixable && fix !== undefined, ...(fix ? { fix } : {}) };
}
