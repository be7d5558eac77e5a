/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), for GitHub code scanning (`github/codeql-action/upload-sarif`),
 * the VS Code SARIF viewer and other static-analysis dashboards. One log, one run:
 *
 * - `tool.driver`: name huashu, `version` when given, and `rules` — the rules passed in
 *   `options.rules` (in that order), then any rule a result names that was not passed (id only).
 *   `defaultConfiguration.level` is the level the rule ran at: error → error, warning → warning,
 *   info → note; a rule that is off is listed with `enabled: false`.
 * - `columnKind: "unicodeCodePoints"`: every line and column is 1-based and counts code points, as
 *   in every huashu report; `endColumn` is exclusive, which is what SARIF means by it.
 * - each finding is a result with ruleId, ruleIndex, level, the message (and on a second line the
 *   suggested rewrites), one location with the region and the flagged text as its snippet, and
 *   `properties.rewrites` / `properties.fixable`.
 * - `fixes`: only for findings `--fix` would apply on its own (`fixable` with a `fix`), so a
 *   consumer that applies SARIF fixes does exactly what `huashu --fix` does; the other rewrites
 *   are suggestions, in the message and in `properties.rewrites`. The deleted region is computed
 *   from `fix.range` in the result's source text, in code points like the rest.
 * - `artifactLocation.uri`: the report path, percent-encoded per segment (so Chinese names and
 *   spaces give a valid URI reference); relative paths stay relative to the working directory, with
 *   `uriBaseId: "%SRCROOT%"` when `options.cwd` is given; absolute paths become file: URIs.
 *   Standard input (`<stdin>`) is the relative reference `%3Cstdin%3E`, with no base id.
 * - a file that could not be linted (`fatal`) becomes an error notification of the run's
 *   invocation, which is then not `executionSuccessful`.
 */
import { pathToFileURL } from 'node:url';
import { createLocator } from '../position.js';
import type { Level, LintMessage, LintResult, Severity } from '../types.js';
import { rewriteNote } from './compact.js';

/** What SARIF's `tool.driver.rules` says about a rule. */
export interface RuleInfo {
  id: string;
  /** One line (the rule file's `description`): shortDescription. */
  description: string;
  /** The rule's reason (the rule file's `message`): fullDescription and help. */
  message: string;
  /** The level the rule runs at in this run (after the config and `--rule`). */
  level: Level;
  /** Whether `--fix` may apply its rewrites on its own (the rule file's `fixable`). */
  fixable?: boolean;
  /** A page that documents the rule. */
  helpUri?: string;
}

export interface SarifOptions {
  /** huashu's version, from package.json (tool.driver.version; left out when absent). */
  version?: string;
  /**
   * Every rule of the run with the level it runs at, in the order the linter lists them, rules
   * that are off included (tool.driver.rules). A rule a result names but that is missing here is
   * listed with its id only.
   */
  rules?: readonly RuleInfo[];
  /**
   * The absolute working directory that relative report paths start from (the `%SRCROOT%` base
   * of artifact URIs). Without it the URIs are plain relative references.
   */
  cwd?: string;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const STDIN_URI = '%3Cstdin%3E';
const SRCROOT = '%SRCROOT%';
/** How the runner names standard input (run.ts `STDIN_PATH`; not imported: run.ts does I/O). */
const STDIN_PATH = '<stdin>';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(results: readonly LintResult[], options: SarifOptions = {}): string {
  const rules = (options.rules ?? []).map(ruleDescriptor);
  const ruleIndex = new Map<string, number>();
  rules.forEach((r, i) => {
    if (!ruleIndex.has(r.id)) ruleIndex.set(r.id, i);
  });
  const indexOf = (id: string): number => {
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = rules.push({ id }) - 1;
      ruleIndex.set(id, index);
    }
    return index;
  };

  const sarifResults: object[] = [];
  const notifications: object[] = [];
  for (const result of results) {
    const location = artifactLocation(result.path, options.cwd !== undefined);
    if (result.fatal !== undefined) {
      notifications.push({ level: 'error', message: { text: result.fatal }, locations: [{ physicalLocation: { artifactLocation: location } }] });
    }
    const locate = createLocator(result.source);
    for (const m of result.messages) sarifResults.push(sarifResult(m, location, indexOf(m.ruleId), locate));
  }

  const run = {
    tool: {
      driver: {
        name: 'huashu',
        ...(options.version !== undefined ? { version: options.version } : {}),
        rules,
      },
    },
    ...(notifications.length ? { invocations: [{ executionSuccessful: false, toolExecutionNotifications: notifications }] } : {}),
    ...(options.cwd !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.cwd) } } } : {}),
    results: sarifResults,
    columnKind: 'unicodeCodePoints',
  };
  return JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }, null, 2) + '\n';
}

function ruleDescriptor(rule: RuleInfo): { id: string } & Record<string, unknown> {
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.message },
    help: { text: rule.message },
    ...(rule.helpUri !== undefined ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: rule.level === 'off' ? { enabled: false } : { level: LEVEL[rule.level] },
    ...(rule.fixable !== undefined ? { properties: { fixable: rule.fixable } } : {}),
  };
}

type Locate = ReturnType<typeof createLocator>;

function sarifResult(m: LintMessage, location: object, ruleIndex: number, locate: Locate): object {
  const note = rewriteNote(m);
  const fix = m.fixable && m.fix ? m.fix : undefined;
  return {
    ruleId: m.ruleId,
    ruleIndex,
    level: LEVEL[m.severity],
    message: { text: note ? `${m.message}\n${note}` : m.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: location,
          region: { ...region(m.line, m.column, m.endLine, m.endColumn), snippet: { text: m.text } },
        },
      },
    ],
    ...(fix
      ? {
          fixes: [
            {
              description: { text: `${m.text} → ${fix.text === '' ? '（删去）' : fix.text}` },
              artifactChanges: [
                {
                  artifactLocation: location,
                  replacements: [
                    {
                      deletedRegion: regionOf(fix.range, locate),
                      // SARIF: no insertedContent means a deletion.
                      ...(fix.text !== '' ? { insertedContent: { text: fix.text } } : {}),
                    },
                  ],
                },
              ],
            },
          ],
        }
      : {}),
    properties: { rewrites: m.rewrites, fixable: m.fixable },
  };
}

function region(line: number, column: number, endLine: number, endColumn: number) {
  const startLine = Math.max(1, line);
  const startColumn = Math.max(1, column);
  const end = Math.max(startLine, endLine);
  // An end before the start cannot be meant: make it an empty region at the start.
  return { startLine, startColumn, endLine: end, endColumn: end === startLine ? Math.max(startColumn, endColumn) : Math.max(1, endColumn) };
}

function regionOf(range: readonly [number, number], locate: Locate) {
  const start = locate(range[0]);
  const end = locate(Math.max(range[0], range[1]));
  return region(start.line, start.column, end.line, end.column);
}

/** The artifact location of a report path (see the header for the rules). */
export function artifactLocation(path: string, withBase: boolean): { uri: string; uriBaseId?: string } {
  if (path === STDIN_PATH) return { uri: STDIN_URI };
  if (path.startsWith('/')) return { uri: 'file://' + encodePath(path) };
  const drive = /^([A-Za-z]):\//.exec(path);
  if (drive) return { uri: `file:///${drive[1]}:` + encodePath(path.slice(2)) };
  return withBase ? { uri: encodePath(path), uriBaseId: SRCROOT } : { uri: encodePath(path) };
}

/** Percent-encodes each `/`-separated segment (UTF-8), keeping the slashes. */
function encodePath(path: string): string {
  // encodeURIComponent throws on a lone surrogate: such a character becomes U+FFFD first.
  const wellFormed = path.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return wellFormed.split('/').map(encodeURIComponent).join('/');
}

/** A directory as a file: URI ending in "/" (SARIF requires base URIs to end with a slash). */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}
