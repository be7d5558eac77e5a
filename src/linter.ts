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
import { DraftContext, type Rewrite } from './match.js';
import { normalizeDraft, type NormalizedDraft } from './normalize/normalize.js';
import { loadTraditionalConverters, toScript, type TraditionalForms } from './normalize/script.js';
import { FactorIndex, PresentFactors } from './prefilter.js';
import type { CompiledRule, CompileSettings, RuleData, RuleSummary } from './rules/spec.js';
import { readRule, reviveRule, summarize } from './rules/spec.js';
import { createSegmenter } from './segment.js';
import type { Draft, Finding, Level, Range, Severity, SourceFile } from './types.js';
import { YamlReader } from './yaml-reader.js';

/** A rule file's path and text. */
export interface RuleFile {
  path: string;
  text: string;
  /**
   * What an earlier compile of this file found (the build's, for the built-in rules; a cached one
   * for a team's rules). A file with a summary is compiled only when a draft may match it; without
   * one it is compiled (and its problems reported) when the linter is created.
   */
  summary?: RuleSummary;
  /**
   * The compiled rule as data, or as its JSON, or a function that reads its JSON (the build's
   * snapshot keeps each rule in a file of its own): with `summary`, revived without the YAML.
   */
  data?: RuleData | string | (() => string);
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
  /** Traditional forms of rewrites computed ahead (the built-in pack's, see files.ts); others are converted with OpenCC. */
  traditional?: TraditionalForms;
  /** jieba's entries of `dictionary` words, looked up ahead (the built-in pack's, see segment.ts `dictionaryEntries`). */
  dictionaryEntries?: Readonly<Record<string, string | null>>;
  /** Whether long runs may be segmented on a worker thread (default: yes; see segment.ts). */
  segmentOnWorker?: boolean;
}

/** A rule with the level it runs at. */
export interface ActiveRule {
  /** Id, type, description, message, fixability and factors: known without compiling. */
  summary: RuleSummary;
  /** The compiled rule (compiled on first access for built-in rules). */
  readonly rule: CompiledRule;
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
  const entries: RuleEntry[] = [];
  const byId = new Map<string, string>();
  const settings: CompileSettings = { lists: { competitors: config.competitors } };
  for (const file of options.ruleFiles) {
    let entry: RuleEntry;
    if (file.summary) entry = lazyEntry(file, file.summary, settings);
    else {
      const reader = new YamlReader(file.path, file.text, { trusted: file.trusted });
      const rule = readRule(reader, ruleIdOf(file.path), settings);
      problems.push(...reader.problems);
      if (!rule) continue;
      entry = { summary: summarize(rule), compile: () => rule };
    }
    const id = entry.summary.id;
    const earlier = byId.get(id);
    if (earlier) {
      const at = Math.max(0, file.text.search(/^id\s*:/m));
      problems.push(new YamlReader(file.path, file.text).problemAt(at, `duplicate rule id "${id}": already defined in ${earlier}`));
      continue;
    }
    byId.set(id, file.path);
    entries.push(entry);
  }

  const levels = new Map<string, Level>(entries.map((e) => [e.summary.id, e.summary.level]));
  for (const setting of [...config.levels, ...(options.levels ?? [])]) {
    if (levels.has(setting.id)) levels.set(setting.id, setting.level);
    else problems.push(setting.unknown(`unknown rule "${setting.id}"${didYouMean(setting.id, [...levels.keys()])}`));
  }
  if (problems.length) throw new HuashuConfigError(problems);

  const active: ActiveRule[] = entries.map((entry) => ({
    summary: entry.summary,
    level: levels.get(entry.summary.id)!,
    get rule() {
      return entry.compile();
    },
  }));
  const index = new FactorIndex(active.map((a) => a.summary.factors));
  const indicesOf = (keep: (rule: ActiveRule) => boolean): number[] => active.flatMap((a, i) => (keep(a) ? [i] : []));
  const segmenter = createSegmenter([...(options.dictionary ?? []), ...config.dictionary], { worker: options.segmentOnWorker, knownEntries: options.dictionaryEntries });
  const locale = config.locale;
  const known = options.traditional?.[locale];

  /** `running`: indices into `active` of the rules to run. */
  const lintDrafts = async (drafts: readonly Draft[], running: readonly number[]): Promise<Finding[]> => {
    const pending: Pending[] = [];
    // Limits per rule and per file (limits.ts): a rule that matches everywhere cannot flood the report.
    const budget = new FindingBudget();
    const chars = drafts.reduce((n, d) => n + d.text.length, 0);
    const run = segmenter.run(chars);
    index.expect(chars);
    // A long run is segmented on a worker thread (segment.ts). A draft that needs word boundaries
    // before the worker has them is deferred: its text goes to the worker and matching goes on
    // with the next drafts; it is matched again once its boundaries are back. Hits are admitted in
    // the drafts' order all the same (the budget keeps the same findings), so drafts behind a
    // deferred one wait in `held`, up to HELD_CHARS characters.
    let held: Held[] = [];
    let first = 0;
    let heldChars = 0;
    // Rules (indices into `active`) that reached their limit in this file: whatever they find
    // further on is dropped, so they are not run on the drafts after it (see `matchDraft`).
    const capped = new Uint8Array(active.length);
    const admit = (hits: readonly Pending[]) => {
      for (let h = 0; h < hits.length; h++) {
        const hit = hits[h]!;
        if (budget.admit(hit.finding)) pending.push(hit);
        else capped[hit.owner] = 1;
      }
    };
    // A draft's hits depend on its text alone (and the rules): a line the file already had (a
    // quick reply sent again, a greeting) takes the hits of its first occurrence.
    const memo = new DraftMemo();
    /** A draft's hits placed in the file, or undefined when it must wait for its word boundaries. */
    const matched = (draft: Draft, normalized: NormalizedDraft, boundaries: () => Uint8Array | undefined): Pending[] | undefined => {
      const hits = matchDraft(draft, normalized, active, running, index, boundaries, capped);
      if (!hits) return undefined;
      memo.remember(draft, hits);
      return placed(draft, hits);
    };
    /** Matches (again) the first held draft if it was deferred, and admits every draft up to the next deferred one. */
    const release = () => {
      do {
        const { draft, chars, hits, normalized, ticket } = held[first]!;
        held[first++] = RELEASED;
        heldChars -= chars;
        // wait() always gives boundaries (the worker's, or made here): the draft is matched now.
        admit(hits ?? matched(draft, normalized!, () => run.wait(ticket!, normalized!.text))!);
      } while (first < held.length && held[first]!.hits);
      // Released drafts leave the queue (a long file always has one waiting: never let it grow).
      if (first > 1024 || first === held.length) [held, first] = [held.slice(first), 0];
    };
    for (const draft of drafts) {
      const known = memo.recall(draft);
      let normalized: NormalizedDraft | undefined;
      let hits = known && placed(draft, known);
      if (!hits) {
        const text = (normalized = normalizeDraft(draft)).text;
        hits = matched(draft, normalized, () => run.now(text));
      }
      if (hits && first === held.length) admit(hits);
      else {
        held.push(hits ? { draft, hits, chars: draft.text.length } : { draft, normalized, ticket: run.submit(normalized!.text), chars: draft.text.length });
        heldChars += draft.text.length;
        while (heldChars > HELD_CHARS) release();
      }
    }
    while (first < held.length) release();
    // Rewrites for Traditional drafts: their literal pieces converted ahead where the pack has
    // them, else with OpenCC; captured pieces stay as the writer wrote them (see `Rewrite`).
    const literal = (piece: string, i: number) => i % 2 === 0 && piece !== '';
    if (pending.some((p) => p.traditional && p.rewrites.some((r) => r.some((piece, i) => literal(piece, i) && known?.[piece] === undefined)))) {
      await loadTraditionalConverters();
    }
    const inTraditional = (rewrite: Rewrite) => rewrite.map((piece, i) => (literal(piece, i) ? (known?.[piece] ?? toScript(piece, 'traditional', locale)) : piece)).join('');
    const findings = pending.map(({ finding, replaceable, escape, rewrites, traditional }) =>
      withRewrites(finding, rewrites.map((r) => (traditional ? inTraditional(r) : r.join(''))), replaceable, escape),
    );
    return budget.close(findings.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]));
  };

  return {
    rules: active,
    lint: (source) => lintDrafts(source.drafts, indicesOf((a) => a.level !== 'off')),
    lintWith: (source, only) => lintDrafts(source.drafts, indicesOf((a) => only.includes(a.summary.id))),
    explain: (text) =>
      segmenter
        .segment(normalizeDraft({ text, offset: 0 }).text, { tags: true })
        .map((t) => `${t.word}/${t.tag}`)
        .join(' '),
  };
}

/** Characters of drafts held behind a draft waiting for its word boundaries (see lintDrafts). */
const HELD_CHARS = 524288;

/** A draft held in lintDrafts: its hits, or what is needed to match it once its boundaries are back. */
interface Held {
  draft: Draft;
  chars: number;
  hits?: Pending[];
  normalized?: NormalizedDraft;
  ticket?: number;
}

/** What a released slot of the queue holds until the queue is cut. */
const RELEASED: Held = { draft: { text: '', offset: 0 }, chars: 0, hits: [] };

/** A rule known to the linter: its summary, and how to get it compiled. */
interface RuleEntry {
  summary: RuleSummary;
  compile(): CompiledRule;
}

/** `no-but` for `rules/no-but.yaml`: a rule's id must equal its file name. */
function ruleIdOf(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
}

/** A built-in rule compiled on first use; a problem then (a stale build) is thrown as a config error. */
function lazyEntry(file: RuleFile, summary: RuleSummary, settings: CompileSettings): RuleEntry {
  let compiled: CompiledRule | undefined;
  return {
    summary,
    compile() {
      if (compiled) return compiled;
      const data = typeof file.data === 'function' ? file.data() : file.data;
      if (data) compiled = reviveRule(typeof data === 'string' ? (JSON.parse(data) as RuleData) : data, file.path, settings);
      if (!compiled) {
        const reader = new YamlReader(file.path, file.text);
        compiled = readRule(reader, ruleIdOf(file.path), settings);
        if (!compiled) throw new HuashuConfigError(reader.problems);
        // The prefilter indexed the summary's factors: a rule compiled differently (a build older
        // than the rule file) could be skipped where it matches.
        if (JSON.stringify(compiled.factors) !== JSON.stringify(summary.factors)) {
          throw new Error(`${file.path}: the built rule pack is out of date; run npm run build`);
        }
      }
      return compiled;
    },
  };
}

/**
 * A hit of a rule on a draft, as the draft's text alone decides it: its range is into the draft's
 * text, and its rewrites are still in pieces (Simplified literal text, captures).
 */
interface DraftHit {
  /** The rule's index in the linter. */
  owner: number;
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  text: string;
  fixable: boolean;
  replaceable: boolean;
  rewrites: readonly Rewrite[];
  traditional: boolean;
}

/** Characters of draft text the memo of one lint keeps at most (a few MB; past it drafts are matched as they come). */
const MEMO_CHARS = 1 << 22;

/**
 * The hits of drafts already matched in this lint, by text. Drafts with hidden parts are matched
 * every time (what is hidden is not in the text).
 */
class DraftMemo {
  private readonly hits = new Map<string, readonly DraftHit[]>();
  private chars = 0;

  recall(draft: Draft): readonly DraftHit[] | undefined {
    return draft.hidden?.length ? undefined : this.hits.get(draft.text);
  }

  remember(draft: Draft, hits: readonly DraftHit[]): void {
    if (draft.hidden?.length || this.chars + draft.text.length > MEMO_CHARS) return;
    this.chars += draft.text.length;
    this.hits.set(draft.text, hits);
  }
}

/** A draft's hits placed in its source file: ranges into the file's text, the draft's record and escaping. */
function placed(draft: Draft, hits: readonly DraftHit[]): Pending[] {
  // Written out field by field: object rest and spread are slow paths in code V8 has not optimized yet.
  const out: Pending[] = [];
  for (let i = 0; i < hits.length; i++) {
    const hit = hits[i]!;
    const finding: Finding = {
      ruleId: hit.ruleId,
      severity: hit.severity,
      message: hit.message,
      range: [draft.offset + hit.range[0], draft.offset + hit.range[1]],
      text: hit.text,
      rewrites: [],
      fixable: hit.fixable,
    };
    if (draft.record) finding.record = draft.record;
    out.push({ owner: hit.owner, finding, replaceable: hit.replaceable, escape: draft.escape, rewrites: hit.rewrites, traditional: hit.traditional });
  }
  return out;
}

/** A hit of a rule on a draft placed in its file, its rewrites still in pieces. */
interface Pending {
  /** The rule's index in the linter. */
  owner: number;
  finding: Finding;
  replaceable: boolean;
  escape?: Draft['escape'];
  rewrites: readonly Rewrite[];
  traditional: boolean;
}

/**
 * Matches one draft against the running rules (indices into `rules`): its hits, in the draft's
 * text; undefined when a rule needed word boundaries `boundaries` does not have yet (the draft is
 * then matched again once they are there).
 */
function matchDraft(
  draft: Draft,
  normalized: NormalizedDraft,
  rules: readonly ActiveRule[],
  running: readonly number[],
  index: FactorIndex,
  boundaries: () => Uint8Array | undefined,
  /**
   * 1 for the rules that reached their limit of findings in the drafts before this one (drafts
   * are admitted in order, and a draft is matched after those before it were admitted).
   */
  capped: Uint8Array,
): DraftHit[] | undefined {
  const out: DraftHit[] = [];
  const present = index.scan(normalized.text);
  let ctx: DraftContext | undefined;
  for (let r = 0; r < running.length; r++) {
    const i = running[r]!;
    // A rule none of whose factors occur in the draft cannot match: skipped, never compiled.
    if (!present.mayRun(i) || capped[i]) continue;
    const { rule, level } = rules[i]!;
    ctx ??= new DraftContext(normalized, draft.text, boundaries, present);
    ctx.owner = i;
    const hits = rule.match(ctx);
    if (ctx.waiting) return undefined;
    // Two hits of a rule can map to one original span (inside an atomic piece): reported once.
    // A rule has a few hits in a draft, looked through; a long draft may give it thousands.
    const ofRule = out.length;
    const seen = hits.length > 16 ? new Set<string>() : undefined;
    for (let h = 0; h < hits.length; h++) {
      const raw = hits[h]!;
      // Indexed, not destructured: destructuring runs the iterator protocol until V8 optimizes the code.
      const span = normalized.map.toOriginal(raw.range);
      const s = span[0];
      const e = span[1];
      if (e <= s) continue;
      if (seen) {
        if (seen.has(`${s}:${e}`)) continue;
        seen.add(`${s}:${e}`);
      } else if (sameSpan(out, ofRule, s, e)) continue;
      // A span that hides markup (保**证**) or a placeholder cannot be replaced without losing it.
      const replaceable = !normalized.opaque.some((o) => o[0] < e && o[1] > s);
      out.push({
        owner: i,
        ruleId: rule.id,
        severity: (level === 'off' ? rule.level : level) as Severity,
        message: raw.message ?? rule.message,
        range: [s, e],
        text: draft.text.slice(s, e),
        fixable: raw.fixable && replaceable,
        replaceable,
        rewrites: raw.rewrites,
        traditional: normalized.script === 'traditional',
      });
    }
  }
  return out;
}

/** Whether one of `hits` from index `from` on covers exactly [s, e) (a rule has a few hits in a draft). */
function sameSpan(hits: readonly DraftHit[], from: number, s: number, e: number): boolean {
  for (let k = from; k < hits.length; k++) if (hits[k]!.range[0] === s && hits[k]!.range[1] === e) return true;
  return false;
}

/**
 * Completes a finding with its rewrites and, when the span can be replaced, its fix (written the
 * way the draft's place in the file needs: see `Draft.escape`).
 */
function withRewrites(finding: Finding, rewrites: string[], replaceable: boolean, escape?: Draft['escape']): Finding {
  const first = rewrites[0];
  const written = first === undefined ? undefined : escape ? escape(first) : first;
  const fix = replaceable && written !== undefined && first !== finding.text ? { range: finding.range, text: written } : undefined;
  // The finding is this run's own (see `placed`): completed in place.
  finding.rewrites = rewrites;
  finding.fixable = finding.fixable && fix !== undefined;
  if (fix) finding.fix = fix;
  return finding;
}
