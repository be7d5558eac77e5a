/** Output formats by name. Each is a pure function from results to text. */
import type { LintResult } from '../types.js';
import { formatCheckstyle } from './checkstyle.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif, type SarifOptions } from './sarif.js';
import { formatStylish } from './stylish.js';

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

type Format = (results: readonly LintResult[], options: ReportOptions) => string;

export const FORMATS = {
  stylish: (results, options) => formatStylish(results, options),
  json: (results) => formatJson(results),
  sarif: (results, options) => formatSarif(results, options),
  github: (results) => formatGithub(results),
  junit: (results) => formatJunit(results),
  checkstyle: (results) => formatCheckstyle(results),
  compact: (results) => formatCompact(results),
} as const satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
