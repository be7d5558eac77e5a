/**
 * The project config, `.huashurc.yaml`, read from text (finding the file is the runner's job).
 *
 *   rules:                 # level per rule id: off | info | warning | error
 *     prefer-nin: off
 *   rules-dir: [team-rules]  # extra rule directories, relative to the config file
 *   competitors: [某某旗舰店] # added to the built-in competitor names
 *   dictionary: [拍下, 七天无理由]  # words jieba must keep whole (brand and product names)
 *   locale: tw             # tw | hk: the Traditional variant of rewrites
 *   ignore: ["archive/**"]  # globs of paths not to lint, relative to the config file
 *   fix-suggestions: false # true: --fix also applies rewrites rules mark as suggestions
 *   agent-speakers: [客服*, 小蜜]  # chat logs: speaker values that are the agent (`*`: prefix);
 *                          # replaces DEFAULT_AGENT_SPEAKERS of sources/table.ts
 */
import { didYouMean, type Problem } from './errors.js';
import type { Level, Locale } from './types.js';
import { YamlReader } from './yaml-reader.js';

export const LEVELS: readonly Level[] = ['off', 'info', 'warning', 'error'];
export const LOCALES: readonly Locale[] = ['tw', 'hk'];
const KEYS = ['rules', 'rules-dir', 'competitors', 'dictionary', 'locale', 'ignore', 'fix-suggestions', 'agent-speakers'];

/** A level set for a rule, with where it was set (to report an unknown rule id there). */
export interface LevelSetting {
  id: string;
  level: Level;
  /** Builds the problem "unknown rule" at the place the setting was made. */
  unknown(message: string): Problem;
}

export interface Config {
  /** The config file, or undefined for defaults. */
  file?: string;
  levels: LevelSetting[];
  /** Absolute or config-relative directories, as written. */
  rulesDirs: string[];
  competitors: string[];
  dictionary: string[];
  locale: Locale;
  ignore: string[];
  /** `--fix` also applies suggestion rewrites. */
  fixSuggestions: boolean;
  /** Chat-log speaker values that are the agent; undefined: the built-in list. */
  agentSpeakers?: string[];
}

export const DEFAULT_CONFIG: Config = { levels: [], rulesDirs: [], competitors: [], dictionary: [], locale: 'tw', ignore: [], fixSuggestions: false };

/** Parses config text. Problems are returned, never thrown; `config` holds what was valid. */
export function parseConfig(file: string, text: string): { config: Config; problems: Problem[] } {
  const reader = new YamlReader(file, text);
  const config: Config = { ...DEFAULT_CONFIG, file, levels: [] };
  // An empty file (or only comments) is a valid config with defaults.
  if (reader.doc.contents === null && !reader.problems.length) return { config, problems: [] };
  const root = reader.root('the config');
  if (root) {
    for (const entry of root.values()) {
      if (!KEYS.includes(entry.key)) reader.reportAt(entry.keyNode, `unknown key "${entry.key}" in the config${didYouMean(entry.key, KEYS)}; allowed: ${KEYS.join(', ')}`);
    }
    const rules = root.get('rules');
    if (rules) {
      for (const entry of reader.entries(rules.node, [], 'rules')?.values() ?? []) {
        const level = reader.oneOf(entry, `the level of ${entry.key}`, LEVELS);
        if (level === undefined) continue;
        const keyNode = entry.keyNode;
        config.levels.push({ id: entry.key, level, unknown: (message) => reader.problemAtNode(keyNode, message) });
      }
    }
    config.rulesDirs = reader.strings(root.get('rules-dir'), 'rules-dir') ?? [];
    config.competitors = reader.strings(root.get('competitors'), 'competitors') ?? [];
    config.dictionary = reader.strings(root.get('dictionary'), 'dictionary') ?? [];
    config.locale = reader.oneOf(root.get('locale'), 'locale', LOCALES) ?? 'tw';
    config.ignore = reader.strings(root.get('ignore'), 'ignore') ?? [];
    config.fixSuggestions = reader.boolean(root.get('fix-suggestions'), 'fix-suggestions') ?? false;
    const reported = reader.problems.length;
    const speakers = reader.strings(root.get('agent-speakers'), 'agent-speakers');
    if (speakers?.length) config.agentSpeakers = speakers;
    else if (speakers && reader.problems.length === reported) {
      reader.reportAt(root.get('agent-speakers')!.node, 'agent-speakers must name at least one speaker (leave the key out for the built-in list)');
    }
  }
  return { config, problems: reader.problems };
}
