/**
 * A file that cannot be split into drafts (a table without a content column, a CSV with an
 * unclosed quote, malformed JSON). Source parsers throw it with a one-line message and, where there
 * is one, the position; run.ts reports it as `huashu: <file>:<line>:<column>: <message>` (or
 * `huashu: <file>: <message>`) with exit code 2, and the other files are still linted.
 */
export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    message: string,
    /** Where in the file, when known: 1-based line, 1-based column in code points. */
    readonly position?: { line: number; column: number },
  ) {
    super(message);
  }
}
