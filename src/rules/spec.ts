/**
 * Reading one rule file: the keys every rule type shares (id, level, message, examples …), then
 * the rule type's own keys, chosen by `type:` through the registry. All problems of a file are
 * collected with their positions; a file with problems yields no rule.
 *
 * A rule file (rules/<id>.yaml):
 *   id: no-guarantee                 # kebab-case, the same as the file name
 *   type: substitution               # see registry.ts for the list
 *   level: error                     # error | warning | info: the default level
 *   description: 不作"肯定/保证/绝对"的承诺   # one line, for `huashu rules`
 *   message: …                       # why (shown with every finding)
 *   source:                          # where in the training documents it comes from
 *     - document: 002
 *       passage: 在与顾客交流中不要用"肯定，保证，绝对"等等字样
 *   fixable: true                    # default for patterns: may --fix apply the first rewrite
 *   boundary: start                  # default for patterns (start | word | none)
 *   exceptions: [保证金]             # for every pattern
 *   unless-present: [因为, 由于]     # for every pattern: no hit when the draft contains one
 *   patterns: [...]                  # see patterns.ts
 *   examples:
 *     invalid:                       # each must be flagged by this rule, at `flagged`
 *       - text: 亲，我保证明天发货
 *         flagged: 保证
 *         output: 亲，我尽量明天发货   # the text after --fix (only for fixable findings)
 *     valid:                         # each must not be flagged by this rule
 *       - 保证金已退回
 */
import { didYouMean } from '../errors.js';
import { BOUNDARIES, type Boundary, type DraftContext } from '../match.js';
import type { Severity } from '../types.js';
import { isMap, isScalar, type Entry, type YamlReader } from '../yaml-reader.js';
import type { Factors } from './factors.js';
import { patternData, readExceptions, regExpData, revivePattern, reviveRegExp, type CompiledPattern, type PatternData, type RawMatch, type RegExpData } from './patterns.js';
import { ruleTypeNames, ruleTypes } from './registry.js';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const COMMON_KEYS = ['id', 'type', 'level', 'description', 'message', 'source', 'fixable', 'boundary', 'exceptions', 'unless-present', 'patterns', 'examples'];

export interface RuleSource {
  document: string;
  passage?: string;
}

export interface InvalidExample {
  text: string;
  /** Original text of each expected finding, in order. */
  flagged: string[];
  /** Text after fixing, when the findings are fixable. */
  output?: string;
  /** Expected rewrites of the first finding. */
  rewrites?: string[];
  /** 1-based line of the example in the rule file. */
  line: number;
}

export interface ValidExample {
  text: string;
  line: number;
}

/** The keys every rule type shares, read and checked. */
export interface RuleBase {
  id: string;
  type: string;
  level: Severity;
  description: string;
  message: string;
  sources: RuleSource[];
  fixable: boolean;
  boundary: Boundary;
  exceptions?: RegExp;
  unlessPresent?: RegExp;
  examples: { invalid: InvalidExample[]; valid: ValidExample[] };
  /** Path of the rule file. */
  file: string;
}

/** Settings from the config that rules may draw on. */
export interface CompileSettings {
  /** Named word lists from the config (e.g. competitors) that rules can extend their data with. */
  lists: Record<string, readonly string[]>;
}

/** A rule ready to match. */
export interface CompiledRule extends RuleBase {
  match(ctx: DraftContext): RawMatch[];
  /** Strings one of which every match contains (the union of its patterns'); null: always run. */
  factors: Factors;
  /**
   * The patterns, and what else the rule type needs (`extra`, plain data), when its type can
   * `revive` it from them: then the build stores the rule as data and a run revives it without
   * reading YAML.
   */
  patterns?: CompiledPattern[];
  extra?: Record<string, unknown>;
}

/** A compiled rule as plain data (JSON): its base keys and patterns. */
export interface RuleData {
  base: Omit<RuleBase, 'exceptions' | 'unlessPresent' | 'file'> & { exceptions?: RegExpData; unlessPresent?: RegExpData };
  patterns: PatternData[];
  extra?: Record<string, unknown>;
}

/** The rule as data, when its type can be revived from data (undefined otherwise). */
export function ruleData(rule: CompiledRule): RuleData | undefined {
  if (!rule.patterns || !ruleTypes.get(rule.type)?.revive) return undefined;
  const { match: _match, factors: _factors, patterns, extra, file: _file, exceptions, unlessPresent, ...rest } = rule;
  return {
    base: { ...rest, exceptions: regExpData(exceptions), unlessPresent: regExpData(unlessPresent) },
    patterns: patterns.map(patternData),
    ...(extra ? { extra } : {}),
  };
}

/** A rule from `ruleData`, for the rule file at `file`, with the settings of this run. */
export function reviveRule(data: RuleData, file: string, settings: CompileSettings): CompiledRule | undefined {
  const type = ruleTypes.get(data.base.type);
  const base: RuleBase = { ...data.base, exceptions: reviveRegExp(data.base.exceptions), unlessPresent: reviveRegExp(data.base.unlessPresent), file };
  return type?.revive?.(base, data.patterns.map(revivePattern), data.extra ?? {}, settings);
}

/**
 * What the linter needs to know of a rule before compiling it: enough to list it, report it, and
 * decide (by its factors) whether a draft can match it at all. The build stores one for every
 * built-in rule (src/tools/build-pack.ts), so a run compiles only the rules a draft may match.
 */
export interface RuleSummary {
  id: string;
  type: string;
  level: Severity;
  description: string;
  message: string;
  fixable: boolean;
  factors: Factors;
}

export function summarize(rule: CompiledRule): RuleSummary {
  const { id, type, level, description, message, fixable, factors } = rule;
  return { id, type, level, description, message, fixable, factors };
}

/** A rule type: the keys it adds and how it compiles. One file per type in ./types/. */
export interface RuleType {
  name: string;
  /** One line for error messages and docs. */
  summary: string;
  keys: readonly string[];
  compile(base: RuleBase, entries: Map<string, Entry>, reader: YamlReader, settings: CompileSettings): CompiledRule | undefined;
  /** The rule from its base keys, patterns and `extra` data (see `CompiledRule.patterns`). */
  revive?(base: RuleBase, patterns: CompiledPattern[], extra: Record<string, unknown>, settings: CompileSettings): CompiledRule;
}

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Reads one rule file. `expectedId` is the file name without extension; the id must equal it.
 * Returns undefined when the file has problems (they are on `reader.problems`).
 */
export function readRule(reader: YamlReader, expectedId: string, settings: CompileSettings): CompiledRule | undefined {
  const root = reader.root('a rule file');
  if (!root) return undefined;
  const typeName = reader.string(root.get('type'), 'type');
  if (!root.has('type')) reader.report(0, `type is required: one of ${ruleTypeNames().join(', ')}`);
  const type = typeName === undefined ? undefined : ruleTypes.get(typeName);
  if (typeName !== undefined && !type) {
    reader.reportAt(root.get('type')!.node, `unknown rule type "${typeName}"; known types: ${ruleTypeNames().join(', ')}`);
  }
  // Re-check the keys now that the type (and so its extra keys) is known.
  const allowed = [...COMMON_KEYS, ...(type?.keys ?? [])];
  for (const entry of root.values()) {
    if (!allowed.includes(entry.key) && type) {
      reader.reportAt(entry.keyNode, `unknown key "${entry.key}" in a ${type.name} rule${didYouMean(entry.key, allowed)}`);
    }
  }

  const id = reader.string(root.get('id'), 'id');
  if (!root.has('id')) reader.report(0, 'id is required');
  if (id !== undefined && !ID.test(id)) reader.reportAt(root.get('id')!.node, `id "${id}" must be kebab-case (no-guarantee)`);
  else if (id !== undefined && id !== expectedId) {
    reader.reportAt(root.get('id')!.node, `id "${id}" must match the file name "${expectedId}"`);
  }
  const level = reader.oneOf(root.get('level'), 'level', SEVERITIES);
  if (!root.has('level')) reader.report(0, `level is required: ${SEVERITIES.join(', ')}`);
  const message = reader.string(root.get('message'), 'message');
  if (!root.has('message')) reader.report(0, 'message is required: say why (in Chinese)');
  const description = reader.string(root.get('description'), 'description') ?? message ?? '';
  const base: RuleBase = {
    id: id ?? expectedId,
    type: typeName ?? '',
    level: level ?? 'error',
    description,
    message: message ?? '',
    sources: readSources(reader, root.get('source')),
    fixable: reader.boolean(root.get('fixable'), 'fixable') ?? false,
    boundary: reader.oneOf(root.get('boundary'), 'boundary', BOUNDARIES) ?? 'start',
    exceptions: readExceptions(reader, root.get('exceptions'), 'exceptions'),
    unlessPresent: readExceptions(reader, root.get('unless-present'), 'unless-present'),
    examples: readExamples(reader, root.get('examples')),
    file: reader.file,
  };
  const rule = type?.compile(base, root, reader, settings);
  return reader.problems.length ? undefined : rule;
}

function readSources(reader: YamlReader, entry: Entry | undefined): RuleSource[] {
  if (!entry) return [];
  const items = isMap(entry.node) ? [entry.node] : reader.list(entry, 'source');
  const out: RuleSource[] = [];
  for (const item of items ?? []) {
    const keys = reader.entries(item, ['document', 'passage'], 'source');
    if (!keys) continue;
    const document = reader.string(keys.get('document'), 'source document');
    if (!keys.has('document')) reader.reportAt(item, 'source needs document (which training document)');
    if (document !== undefined) out.push({ document, passage: reader.string(keys.get('passage'), 'source passage') });
  }
  return out;
}

function readExamples(reader: YamlReader, entry: Entry | undefined): RuleBase['examples'] {
  const examples: RuleBase['examples'] = { invalid: [], valid: [] };
  if (!entry) {
    reader.report(0, 'examples are required: invalid (must flag) and valid (must not flag) sentences');
    return examples;
  }
  const keys = reader.entries(entry.node, ['invalid', 'valid'], 'examples');
  if (!keys) return examples;
  const seen = new Set<string>();
  const duplicate = (text: string, node: unknown): void => {
    if (seen.has(text)) reader.reportAt(node, `duplicate example "${text}"`);
    seen.add(text);
  };
  for (const item of reader.list(keys.get('invalid'), 'examples.invalid') ?? []) {
    const fields = reader.entries(item, ['text', 'flagged', 'output', 'rewrites'], 'an invalid example');
    if (!fields) continue;
    const text = reader.string(fields.get('text'), 'example text');
    const flagged = reader.strings(fields.get('flagged'), 'flagged');
    if (!fields.has('text') || !fields.has('flagged')) {
      reader.reportAt(item, 'an invalid example needs text and flagged (the text the rule must flag)');
    }
    if (text === undefined || !flagged) continue;
    duplicate(text, item);
    examples.invalid.push({
      text,
      flagged,
      output: reader.string(fields.get('output'), 'output'),
      rewrites: reader.strings(fields.get('rewrites'), 'rewrites', { allowEmpty: true }),
      line: reader.lineOf(item),
    });
  }
  for (const item of reader.list(keys.get('valid'), 'examples.valid') ?? []) {
    if (!isScalar(item) || typeof item.value !== 'string' || !item.value) {
      reader.reportAt(item, 'each valid example is a sentence (a string)');
      continue;
    }
    duplicate(item.value, item);
    examples.valid.push({ text: item.value, line: reader.lineOf(item) });
  }
  if (!examples.invalid.length) reader.reportAt(entry.node, 'examples.invalid needs at least one sentence the rule flags');
  if (!examples.valid.length) reader.reportAt(entry.node, 'examples.valid needs at least one sentence the rule leaves alone');
  return examples;
}
