/**
 * Shared pieces of the structured sources (JSON, JSON Lines, YAML): the syntax error they throw,
 * key paths for `RecordInfo.column`, a check that a draft's visible text is the parsed value, and
 * how their `huashu-ignore` directives are attached.
 *
 * Units: offsets are 0-based UTF-16 offsets into the file text; lines and columns in
 * `SourceSyntaxError` are 1-based, columns in code points (as in every report).
 */
import { createLocator } from '../position.js';
import type { Directive, Hidden, SourceFile } from '../types.js';
import { SourceError } from './errors.js';

/**
 * A JSON, JSONL or YAML file that cannot be parsed. Thrown by `parseJson`, `parseJsonLines` and
 * `parseYaml` (never anything else): the file is not linted. It is a `SourceError`, so run.ts
 * reports it as `huashu: <file>: <message>` (exit code 2); `message` is `line:column: reason`,
 * and `line`, `column` and `reason` are there for a caller that prints `file:line:column`.
 */
export class SourceSyntaxError extends SourceError {
  constructor(
    readonly path: string,
    line: number,
    column: number,
    /** What is wrong, one line, without the position (that is `position`). */
    reason: string,
  ) {
    super(reason, { line, column });
  }

  override name = 'SourceSyntaxError';

  /** The error at a 0-based UTF-16 offset of `text`. */
  static at(path: string, text: string, offset: number, reason: string): SourceSyntaxError {
    const { line, column } = createLocator(text)(offset);
    return new SourceSyntaxError(path, line, column, reason.replace(/\s+/g, ' ').trim());
  }
}

/** One step of a key path: a key of a mapping or an index of a list. */
export type PathStep = string | number;

/** A key that can be written after a dot (`售后.退货`); anything else is written `["a.b"]`. */
const BARE_KEY = /^[^\s.[\]"'\\]+$/u;

/**
 * `replies[3].text`, `售后.退货[0]`, `[2].text` (a top-level list), `["a.b"].c` (a key with a dot);
 * '' for the root value itself.
 */
export function keyPath(steps: readonly PathStep[]): string {
  let out = '';
  for (const step of steps) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (BARE_KEY.test(step)) out += out ? `.${step}` : step;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/**
 * The record of a value at `steps`: `column` the key path, `header` the nearest key name, `row`
 * the 1-based index in the outermost list on the path (`replies[3].text` → row 4), unless the
 * caller gives one (the line of a JSONL document).
 */
export function recordFor(steps: readonly PathStep[], row?: number) {
  const column = keyPath(steps);
  const header = [...steps].reverse().find((s): s is string => typeof s === 'string');
  const index = steps.find((s): s is number => typeof s === 'number');
  const r = row ?? (index === undefined ? undefined : index + 1);
  return { ...(r !== undefined ? { row: r } : {}), ...(column ? { column } : {}), ...(header !== undefined ? { header } : {}) };
}

/** Replace each hidden range of `text` by its replacement: what rules read (every source uses it). */
export function applyHidden(text: string, hidden: readonly Hidden[]): string {
  let out = '';
  let at = 0;
  for (const h of hidden) {
    out += text.slice(at, h.range[0]) + h.replacement;
    at = h.range[1];
  }
  return out + text.slice(at);
}

/** The source with its directives in file order; without a `directives` field when there are none. */
export function withDirectives(source: SourceFile, directives: Directive[]): SourceFile {
  if (!directives.length) return source;
  return { ...source, directives: [...directives].sort((a, b) => a.range[0] - b.range[0]) };
}
