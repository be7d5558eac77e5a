/**
 * Output formats by name. Each is a pure function from results to text, in a file of its own,
 * loaded when a run asks for it (a clean draft through a pipe loads no reporter dependencies).
 */
import type { LintResult } from '../types.js';
import type { SarifOptions } from './sarif.js';

export type { RuleInfo, SarifOptions } from './sarif.js';

/**
 * What the runner passes to every format. Besides `color`, the fields come from SARIF's needs
 * (see `SarifOptions` in sarif.ts); they are optional, and the other formats ignore them:
 * - `version`: huashu's version (package.json);
 * - `rules`: every rule of the run, off ones included, in the linter's order, each as
 *   `{ id, description, message, level (the level it runs at), fixable }`;
 * - `cwd`: the absolute working directory relative report paths start from.
 */
export interface ReportOptions extends SarifOptions {
  /** Use terminal colors (stylish only). */
  color: boolean;
}

export type Format = (results: readonly LintResult[], options: ReportOptions) => string;

const LOADERS = {
  // chalk loads only for colored output (PLAIN otherwise: see stylish.ts).
  stylish: async (color: boolean) => {
    const { formatStylish } = await import('./stylish.js');
    const styles = color ? new (await import('chalk')).Chalk({ level: 1 }) : undefined;
    return (results, options) => formatStylish(results, { ...options, styles });
  },
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => (await import('./github.js')).formatGithub,
  junit: async () => (await import('./junit.js')).formatJunit,
  checkstyle: async () => (await import('./checkstyle.js')).formatCheckstyle,
  compact: async () => (await import('./compact.js')).formatCompact,
} as const satisfies Record<string, (color: boolean) => Promise<Format>>;

export type FormatName = keyof typeof LOADERS;
export const FORMAT_NAMES = Object.keys(LOADERS) as FormatName[];

/** Formats that print nothing for results without a message (a clean draft piped in prints nothing). */
const SILENT_WHEN_CLEAN: ReadonlySet<FormatName> = new Set(['stylish', 'github', 'compact']);
const silent: Format = () => '';

/**
 * The format of that name, loaded on first use (with what it needs for colors when `color`).
 * Given the `results` it will print, a format that prints nothing for them is not loaded at all.
 */
export function loadFormat(name: FormatName, { color, results }: { color: boolean; results?: readonly LintResult[] }): Promise<Format> {
  if (results && SILENT_WHEN_CLEAN.has(name) && results.every((r) => r.messages.length === 0)) return Promise.resolve(silent);
  return LOADERS[name](color);
}
