/** Output formats by name. Each is a pure function from results to text. */
import type { LintResult } from '../types.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';

export interface ReportOptions {
  /** Use terminal colors (stylish only). */
  color: boolean;
}

export const FORMATS = {
  stylish: (results: readonly LintResult[], options: ReportOptions) => formatStylish(results, options),
  json: (results: readonly LintResult[]) => formatJson(results),
} as const;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
