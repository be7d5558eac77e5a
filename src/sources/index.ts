/**
 * Which source parser reads which file, by extension. Anything else given explicitly is read as
 * plain text; when walking directories only these extensions are picked up.
 */
import type { SourceFile } from '../types.js';
import { parseMarkdown } from './markdown.js';
import { parseText } from './text.js';

export type Parser = (path: string, text: string) => SourceFile;

const PARSERS: Record<string, Parser> = {
  '.txt': parseText,
  '.text': parseText,
  '.md': parseMarkdown,
  '.markdown': parseMarkdown,
};

/** Extensions picked up when a directory is linted. */
export const KNOWN_EXTENSIONS = Object.keys(PARSERS);

/** The parser for a path (plain text for unknown extensions and for standard input). */
export function parserFor(path: string): Parser {
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
  return PARSERS[ext] ?? parseText;
}
