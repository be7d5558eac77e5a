/**
 * regexpp (the regular-expression parser ESLint uses), loaded on first use: a run whose rules all
 * come compiled (the built-in pack, a cached team pack) never parses an expression, so it never
 * loads the parser. Used by factors.ts (required factors) and safe-regex.ts (backtracking checks).
 */
import { createRequire } from 'node:module';
import type { AST } from '@eslint-community/regexpp';

export type Regexpp = typeof import('@eslint-community/regexpp');

let library: Regexpp | undefined;

export function regexpp(): Regexpp {
  library ??= createRequire(import.meta.url)('@eslint-community/regexpp') as Regexpp;
  return library;
}

/** The syntax tree of a regex source with the `u` flag, or undefined when it does not parse. */
export function parseRegex(source: string): AST.Pattern | undefined {
  try {
    return new (regexpp().RegExpParser)({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    return undefined;
  }
}
