/**
 * Rule packs for the speed benchmark, derived from the built-in pack (rules/*.yaml):
 *
 * - `literalPatterns`: every literal pattern (`match:`) of the pack with its first rewrite. There
 *   is no public API listing literals (compiled patterns are regular expressions), so the rule
 *   files are read with the `yaml` package, as huashu itself reads them.
 * - `prhRules`: the same literals as a prh dictionary for the peer (textlint + textlint-rule-prh),
 *   so that both tools look for the same words.
 * - `multipliedPack`: a copy of the pack with `factor` times its literal patterns, for the
 *   "adding rules costs little" target.
 */
import { parseDocument, parse as parseYaml, stringify, isMap, isSeq, type YAMLSeq } from 'yaml';
import type { RuleFile } from '../src/linter.js';

/** One literal pattern of a rule file: its phrases and the rewrite --fix would apply. */
export interface LiteralPattern {
  ruleId: string;
  literals: string[];
  /** The first rewrite; undefined for patterns that only flag (existence, proximity). */
  rewrite?: string;
}

interface PatternData {
  match?: string | string[];
  regex?: string;
  rewrites?: string | string[];
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The literal patterns of rule files, in file and pattern order. */
export function literalPatterns(ruleFiles: readonly RuleFile[]): LiteralPattern[] {
  const out: LiteralPattern[] = [];
  for (const file of ruleFiles) {
    const rule = parseYaml(file.text) as { id: string; patterns?: PatternData[] };
    for (const pattern of rule.patterns ?? []) {
      if (pattern.match === undefined) continue;
      out.push({ ruleId: rule.id, literals: list(pattern.match).map(String), rewrite: list(pattern.rewrites)[0] });
    }
  }
  return out;
}

/**
 * A prh dictionary (YAML, `version: 1`) with one entry per literal pattern: its phrases as
 * written (Simplified) and, in a second entry, their Traditional forms (huashu reads both scripts
 * through normalization; prh only matches what it is given). `expected` is the pattern's first
 * rewrite; prh needs one, so patterns that only flag get the rule id in brackets instead.
 */
export function prhRules(patterns: readonly LiteralPattern[], toTraditional: (text: string) => string): string {
  const rules: { expected: string; patterns: string[] }[] = [];
  for (const p of patterns) {
    const expected = p.rewrite || `〔${p.ruleId}〕`;
    rules.push({ expected, patterns: p.literals });
    const traditional = p.literals.map(toTraditional).filter((t, i) => t !== p.literals[i]);
    if (traditional.length) rules.push({ expected: p.rewrite ? toTraditional(p.rewrite) : expected, patterns: traditional });
  }
  return stringify({ version: 1, rules });
}

/**
 * The variant `k` (1, 2, …) of a literal: the literal followed by one character of CJK Extension
 * A (U+3400 + k) that no reply uses. It shares every prefix with the real phrase, so a matcher
 * does the same work on text as for a real pattern, yet never matches: results stay the same.
 */
export function literalVariant(literal: string, k: number): string {
  return literal + String.fromCodePoint(0x3400 + k);
}

export interface MultipliedPack {
  /** The copied rule files: `<id>-x<factor>.yaml` with that id. */
  files: RuleFile[];
  /** Ids of the original rules (the config turns them off). */
  originalIds: string[];
  literalPatterns: { before: number; after: number };
  literalPhrases: { before: number; after: number };
  regexPatterns: number;
}

/**
 * A copy of every rule file with a derived id (`no-but` → `no-but-x10`) and, for each literal
 * pattern, `factor - 1` more literal patterns: the same pattern (rewrites, boundary, exceptions …)
 * with every phrase replaced by its variant k (see `literalVariant`). Regex patterns are copied
 * once, unchanged. So the copy has `factor` times the literal patterns and phrases of the
 * original, the same rules otherwise, and finds exactly what the original finds (under the new
 * ids). `path` of each file is its bare file name.
 */
export function multipliedPack(ruleFiles: readonly RuleFile[], factor: number): MultipliedPack {
  const files: RuleFile[] = [];
  const originalIds: string[] = [];
  let patternsBefore = 0;
  let phrasesBefore = 0;
  let regexPatterns = 0;
  for (const file of ruleFiles) {
    const doc = parseDocument(file.text);
    const id = String(doc.get('id'));
    const newId = `${id}-x${factor}`;
    originalIds.push(id);
    doc.set('id', newId);
    const patterns = doc.get('patterns');
    if (isSeq(patterns)) {
      const plain = (doc.toJS() as { patterns: Record<string, unknown>[] }).patterns;
      const extra: unknown[] = [];
      (patterns as YAMLSeq).items.forEach((item, i) => {
        if (!isMap(item) || !item.has('match')) {
          regexPatterns++;
          return;
        }
        const phrases = list(plain[i]!.match as string | string[]);
        patternsBefore++;
        phrasesBefore += phrases.length;
        for (let k = 1; k < factor; k++) extra.push(doc.createNode({ ...plain[i], match: phrases.map((p) => literalVariant(p, k)) }));
      });
      for (const node of extra) (patterns as YAMLSeq).add(node);
    }
    files.push({ path: `${newId}.yaml`, text: doc.toString({ lineWidth: 0 }) });
  }
  return {
    files,
    originalIds,
    literalPatterns: { before: patternsBefore, after: patternsBefore * factor },
    literalPhrases: { before: phrasesBefore, after: phrasesBefore * factor },
    regexPatterns,
  };
}

/**
 * The `.huashurc.yaml` that runs a multiplied pack: the original (built-in) rules off, the copies
 * loaded from `rulesDir` (relative to the config file). Rules that are off are compiled but never
 * run, so the run matches with the copies only.
 */
export function multipliedPackConfig(pack: MultipliedPack, rulesDir: string): string {
  return stringify({ rules: Object.fromEntries(pack.originalIds.map((id) => [id, 'off'])), 'rules-dir': [rulesDir] });
}
