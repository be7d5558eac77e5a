/**
 * The options of the lint command as commander gives them (program.ts), and what they are when
 * the command line says nothing: cli.ts lints a draft piped into a bare `huashu` with these,
 * without loading commander.
 */
import type { OutputEncoding } from './output.js';
import type { FormatName } from './reporters/index.js';

export interface LintFlags {
  format: FormatName;
  fix?: boolean;
  fixSuggestions?: boolean;
  config?: string;
  rulesDir: string[];
  rule: string[];
  quiet?: boolean;
  maxWarnings?: number;
  failOn: 'error' | 'warning' | 'info';
  stdinFilename?: string;
  reportUnusedDisables?: boolean;
  column?: string;
  changed?: string | true;
  baseline?: string;
  baselineWrite?: string;
  outputEncoding: OutputEncoding;
  cache?: boolean;
  cacheLocation?: string;
}

/** The options parsed from no arguments at all (the defaults of program.ts). */
export const NO_ARGUMENTS: Readonly<LintFlags> = { format: 'stylish', failOn: 'error', outputEncoding: 'utf-8', rulesDir: [], rule: [] };
