/**
 * Which source parser reads which file, by extension. Anything else given explicitly is read as
 * plain text; when walking directories only these extensions are picked up.
 */
import type { SourceFile } from '../types.js';
import { parseJson, parseJsonLines } from './json.js';
import { parseMarkdown } from './markdown.js';
import { looksLikeTsv, parseCsv, parseTsv } from './table.js';
import { parseText } from './text.js';
import { parseYaml } from './yaml.js';

export { SourceError } from './errors.js';

/** Options some parsers read (tables: `--column`); the others ignore them. */
export interface ParserOptions {
  /** `--column`: the content column of a table (header name, letter or 1-based number). */
  column?: string;
}

export type Parser = (path: string, text: string, options?: ParserOptions) => SourceFile;

/** `.txt`: a table when it is clearly tab-separated with a known header (see looksLikeTsv). */
const parseTextOrTable: Parser = (path, text, options = {}) => (looksLikeTsv(text, options.column) ? parseTsv(path, text, options) : parseText(path, text));

const PARSERS: Record<string, Parser> = {
  '.txt': parseTextOrTable,
  '.text': parseText,
  '.md': parseMarkdown,
  '.markdown': parseMarkdown,
  '.csv': parseCsv,
  '.tsv': parseTsv,
  '.json': parseJson,
  '.jsonl': parseJsonLines,
  '.yaml': parseYaml,
  '.yml': parseYaml,
};

/** Extensions picked up when a directory is linted. */
export const KNOWN_EXTENSIONS = Object.keys(PARSERS);

/**
 * The parser for a path (plain text for unknown extensions and for standard input), with the
 * options bound when given: `parserFor(path)(path, text)` keeps working for every source.
 */
export function parserFor(path: string, options?: ParserOptions): Parser {
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
  const parser = PARSERS[ext] ?? parseText;
  return options ? (p, t) => parser(p, t, options) : parser;
}
