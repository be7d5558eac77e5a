/**
 * Which source parser reads which file, by extension. Anything else given explicitly is read as
 * plain text; when walking directories only these extensions are picked up.
 */
import type { SourceFile } from '../types.js';
import { parseText } from './text.js';

export { SourceError } from './errors.js';

/** Options some parsers read (tables and workbooks); the others ignore them. */
export interface ParserOptions {
  /** `--column`: the content column of a table (header name, letter or 1-based number). */
  column?: string;
  /**
   * The config's `agent-speakers`: speaker values of chat logs that are the agent (a trailing `*`
   * is a prefix). Default: DEFAULT_AGENT_SPEAKERS in table.ts.
   */
  agentSpeakers?: readonly string[];
}

export type Parser = (path: string, text: string, options?: ParserOptions) => SourceFile;

/**
 * Binary workbooks: read from the file's bytes (never decoded as text) and async (exceljs).
 * run.ts asks `loadWorkbookParser` before it reads a file as text.
 */
export type WorkbookParser = (path: string, bytes: Uint8Array, options?: ParserOptions) => Promise<SourceFile>;

/**
 * Parsers by extension, each loaded on first use: a one-line draft through a pipe must not pay
 * for loading the Markdown, CSV, JSON and YAML parsers it never needs.
 */
const PARSERS: Record<string, () => Promise<Parser>> = {
  // `.txt`: a table when it is clearly tab-separated with a known header (see looksLikeTsv).
  '.txt': async () => {
    const { looksLikeTsv, parseTsv } = await import('./table.js');
    return (path, text, options = {}) => (looksLikeTsv(text, options.column) ? parseTsv(path, text, options) : parseText(path, text));
  },
  '.text': async () => parseText,
  '.md': async () => (await import('./markdown.js')).parseMarkdown,
  '.markdown': async () => (await import('./markdown.js')).parseMarkdown,
  '.csv': async () => (await import('./table.js')).parseCsv,
  '.tsv': async () => (await import('./table.js')).parseTsv,
  '.json': async () => (await import('./json.js')).parseJson,
  '.jsonl': async () => (await import('./json.js')).parseJsonLines,
  '.yaml': async () => (await import('./yaml.js')).parseYaml,
  '.yml': async () => (await import('./yaml.js')).parseYaml,
};

const WORKBOOK_PARSERS: Record<string, () => Promise<WorkbookParser>> = {
  '.xlsx': async () => (await import('./workbook.js')).parseWorkbook,
};

/** Extensions picked up when a directory is linted. */
export const KNOWN_EXTENSIONS = [...Object.keys(PARSERS), ...Object.keys(WORKBOOK_PARSERS)];

/** The workbook parser for a path (`.xlsx`), or undefined for text sources. */
export async function loadWorkbookParser(path: string): Promise<WorkbookParser | undefined> {
  return WORKBOOK_PARSERS[extensionOf(path)]?.();
}

/**
 * The parser for a path (plain text for unknown extensions and for standard input), with the
 * options bound when given: `(await loadParser(path))(path, text)` works for every source.
 */
export async function loadParser(path: string, options?: ParserOptions): Promise<Parser> {
  const parser = (await PARSERS[extensionOf(path)]?.()) ?? parseText;
  return options ? (p, t) => parser(p, t, options) : parser;
}

/** `.xlsx` for `a/b.XLSX`; '' when the file name has no dot. */
function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot).toLowerCase() : '';
}
