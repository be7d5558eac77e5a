/**
 * One run of huashu with I/O: find and read the config and rule files, expand paths into files,
 * lint (and fix) each, and produce the report text and the exit code. The bin (cli.ts) only turns
 * argv into `RunOptions` and prints what this returns; tests can call it directly.
 *
 * Exit codes: 0 no errors (and warnings within --max-warnings); 1 lint errors or too many
 * warnings; 2 a usage, config or input problem (the other files are still linted).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ignoreRulesFor, isBinaryFile, isGlobPattern, walkDirectory } from './ignore-files.js';
import { DEFAULT_CONFIG, LEVELS, parseConfig, type Config, type LevelSetting } from './config.js';
import { didYouMean, formatProblem, HuashuConfigError, type Problem } from './errors.js';
import type { LintCache } from './cache.js';
import { builtinPack, readRuleDir, VERSION, withCompiledCopies, writeFileAtomic, type ReadSnapshot } from './files.js';
import { describeFsError, readInputFile } from './input.js';
import { fixText, MAX_FIX_PASSES } from './fix.js';
import { decodeBytes, describeEncoding, encodeText, type Decoded } from './encoding.js';
import { createLinter, type Linter, type RuleFile } from './linter.js';
import { createProgress, lintWithProgress, type Terminal } from './progress.js';
import { loadFormat, type FormatName } from './reporters/index.js';
import { toResult } from './results.js';
import { testRuleExamples } from './rules/tester.js';
import { KNOWN_EXTENSIONS, loadParser, loadWorkbookParser, SourceError, type ParserOptions } from './sources/index.js';
import { parseText } from './sources/text.js';
import { withSuppression } from './suppress.js';
import { DEFAULT_AGENT_SPEAKERS } from './sources/speakers.js';
import type { Level, LintResult, Severity } from './types.js';
import type { Baseline } from './baseline.js';
import type { Changes } from './changed.js';

export const CONFIG_NAMES = ['.huashurc.yaml', '.huashurc.yml'];
export const STDIN_PATH = '<stdin>';

export interface RunOptions {
  cwd: string;
  paths: string[];
  /** Reads all of standard input as bytes (called only when stdin is linted); decoded like a file. */
  readStdin: () => Promise<Uint8Array | { error: string }>;
  /** Whether standard input is a terminal (then it is never read implicitly). */
  stdinIsTTY: boolean;
  format: FormatName;
  fix: boolean;
  /** Also apply rewrites marked as suggestions (implies `fix`). */
  fixSuggestions: boolean;
  configFile?: string;
  rulesDirs: string[];
  /** `--rule id=level` values, as typed. */
  ruleLevels: string[];
  quiet: boolean;
  maxWarnings?: number;
  /** The lowest severity that makes the run fail (exit 1); default error. */
  failOn?: Severity;
  /** `--stdin-filename`: the name standard input is reported under and parsed as (its extension). */
  stdinFilename?: string;
  color: boolean;
  /** Report suppression comments that suppress nothing (`--report-unused-disables`). */
  reportUnusedDisables?: boolean;
  /** `--column`: the content column of CSV/TSV tables (header name, letter or 1-based number). */
  column?: string;
  /** `--changed [<base>]`: lint only lines changed since a git base; true when no base is given (changed.ts). */
  changed?: string | true;
  /** `--baseline <file>`: hide the findings recorded in this baseline file (baseline.ts). */
  baseline?: string;
  /** `--baseline-write <file>`: record every finding of the run in this baseline file. */
  baselineWrite?: string;
  /** `--cache`: reuse the findings of unchanged files (see cache.ts); not used with --fix. */
  cache?: boolean;
  /** `--cache-location`: the cache file, or a directory for `.huashucache` in it (default: cwd). */
  cacheLocation?: string;
  /** Where a progress line may be drawn (progress.ts decides whether it is). */
  terminal?: Terminal;
}

export interface RunOutput {
  stdout: string;
  /** Bytes to write to stdout as they are (a draft piped through --fix that could not be decoded). */
  stdoutBytes?: Uint8Array;
  stderr: string;
  exitCode: 0 | 1 | 2;
}

/** A problem with how huashu was called: one line, exit code 2. */
export class UsageError extends Error {}

/** Lints (or fixes) what the options name. Never throws for user errors: they become output. */
export async function run(options: RunOptions): Promise<RunOutput> {
  let setup: Setup;
  let changes: Changes | undefined;
  let baseline: Baseline | undefined;
  try {
    setup = prepare(options);
    // A bad git base or baseline file fails before anything is linted.
    changes = await findChangesFor(options);
    baseline = await readBaseline(options);
  } catch (error) {
    return failure(error);
  }
  const { linter, config } = setup;
  const progress = await createProgress(options.terminal, options.format, process.env);
  // Suppression comments: one lint function for linting and fixing, so that suppressed findings
  // are neither reported, counted nor fixed (see suppress.ts).
  const suppressed = withSuppression(progress ? lintWithProgress(linter.lint, (done, total) => progress.replies(done, total)) : linter.lint, {
    knownRules: linter.rules.map((r) => r.summary.id),
    reportUnused: options.reportUnusedDisables ?? false,
  });
  // --changed: only findings on changed lines, for the report and for --fix alike (changed.ts).
  const lint = changes ? (await import('./changed.js')).keepChangedLines(suppressed, (path) => changes.files.get(resolve(options.cwd, path))) : suppressed;
  const fixing = options.fix || options.fixSuggestions;
  const stderr: string[] = [];
  let inputProblem = false;
  const results: LintResult[] = [];
  let stdout = '';
  let stdoutBytes: Uint8Array | undefined;
  const cache = options.cache && !fixing ? await openCache(options, setup, (message) => stderr.push(`huashu: ${message}`)) : undefined;

  const targets = await expandPaths(
    changes ? { ...options, paths: changedPaths(options.paths, changes) } : options,
    config,
    (message) => {
      stderr.push(`huashu: ${message}`);
      inputProblem = true;
    },
    (message) => stderr.push(`huashu: ${message}`),
    changes && ((file) => changes.files.has(file)),
  );
  if (targets === 'usage') return { stdout: '', stderr: 'huashu: nothing to lint: give files or directories, or pipe a draft into huashu (see --help)\n', exitCode: 2 };
  if (changes && !targets.length) stderr.push(`huashu: --changed: no changed files to lint (base: ${changes.base})`);
  progress?.setFiles(targets.length);

  // A source that cannot be split into drafts (a table without a content column, a file that is
  // not a workbook): an input problem like a file that cannot be read.
  const sourceProblem = (display: string, error: unknown) => {
    if (!(error instanceof SourceError)) throw error;
    const at = error.position ? `:${error.position.line}:${error.position.column}` : '';
    stderr.push(`huashu: ${display}${at}: ${error.message}`);
    inputProblem = true;
  };
  // A fixed file is written atomically (files.ts), and only if it still holds what was read; a
  // failure is an input problem of that file.
  const writeFixed = (display: string, target: string, content: Uint8Array, read?: ReadSnapshot) => {
    try {
      writeFileAtomic(target, content, { unchangedSince: read });
    } catch (error) {
      stderr.push(`huashu: ${display}: could not write the fixed file: ${(error as Error).message}`);
      inputProblem = true;
    }
  };

  // What table parsers read besides the text: --column and the config's agent-speakers.
  const parserOptions: ParserOptions = {
    ...(options.column !== undefined ? { column: options.column } : {}),
    ...(config.agentSpeakers ? { agentSpeakers: config.agentSpeakers } : {}),
  };
  const suggestions = options.fixSuggestions || config.fixSuggestions;

  for (const target of targets) {
    if (target === cache?.path) continue; // a cache file named like a reply file (cache.json) is not linted
    const display = target === STDIN_PATH ? (options.stdinFilename ?? STDIN_PATH) : displayPath(options.cwd, target);
    progress?.fileStarted(display);
    const parseWorkbook = target === STDIN_PATH ? undefined : await loadWorkbookParser(target);
    if (parseWorkbook) {
      // A workbook (.xlsx) is read from its bytes, never decoded as text. --fix edits the fixed
      // cells in the file's XML (fix-workbook.ts); reports locate each cell at its row.
      const input = readInputFile(target);
      if ('error' in input) {
        stderr.push(`huashu: ${display}: ${input.error}`);
        inputProblem = true;
        continue;
      }
      const { bytes } = input;
      try {
        if (fixing) {
          const { fixWorkbook } = await import('./fix-workbook.js');
          const fixed = await fixWorkbook(lint, display, bytes, { ...parserOptions, suggestions });
          stderr.push(...fixed.notes.map((note) => `huashu: ${display}: ${note}`));
          if (fixed.bytes) writeFixed(display, target, fixed.bytes, input);
          results.push(toResult(display, fixed.source.text, fixed.findings, { quiet: options.quiet, places: fixed.source.places }));
        } else {
          const source = await parseWorkbook(display, bytes, parserOptions);
          results.push(toResult(display, source.text, await lint(source), { quiet: options.quiet, places: source.places }));
        }
      } catch (error) {
        sourceProblem(display, error);
      }
      continue;
    }
    const read = target === STDIN_PATH ? await readStdinText(options) : readSourceFile(target, fixing);
    if ('error' in read) {
      stderr.push(`huashu: ${display}: ${read.error}`);
      inputProblem = true;
      // A draft piped through --fix that cannot be decoded goes out byte for byte, not lost.
      if (fixing && 'bytes' in read) stdoutBytes = (read as { bytes: Uint8Array }).bytes;
      continue;
    }
    if (read.note) stderr.push(`huashu: ${display}: ${read.note}`);
    // Standard input is parsed as the format its --stdin-filename names (plain text without one).
    const parseAs = target === STDIN_PATH ? (options.stdinFilename ?? '') : target;
    const parse = await loadParser(parseAs, parserOptions);
    try {
      if (fixing) {
        const fixed = await fixText(lint, display, read.text, parse, { suggestions });
        if (fixed.capped) {
          const left = fixed.findings.filter((f) => f.fix && (f.fixable || suggestions)).length;
          stderr.push(`huashu: ${display}: stopped fixing after ${MAX_FIX_PASSES} passes; ${left} fix${left === 1 ? '' : 'es'} not applied`);
        }
        if (target === STDIN_PATH) stdout += fixed.output;
        else if (fixed.output !== read.text) {
          if (!read.exact) {
            // Re-encoding would change bytes outside the fixed spans (see encoding.ts).
            stderr.push(`huashu: ${display}: not fixed: the file does not re-encode byte for byte as ${describeEncoding(read)}`);
            inputProblem = true;
          } else {
            // Spliced into the decoded text at exact offsets, then encoded as it was read.
            writeFixed(display, target, encodeText(fixed.output, read.encoding, read.bom), read.snapshot);
          }
        }
        results.push(toResult(display, fixed.output, fixed.findings, { quiet: options.quiet }));
      } else {
        // --cache: the stored findings of an unchanged file stand in for linting it.
        const stored = target === STDIN_PATH ? undefined : cache?.get(target, read.text);
        const findings = stored ?? (await lint(parse(display, read.text)));
        if (!stored && target !== STDIN_PATH) cache?.set(target, read.text, findings);
        results.push(toResult(display, read.text, findings, { quiet: options.quiet }));
      }
    } catch (error) {
      sourceProblem(display, error);
      // A draft piped through --fix that cannot be parsed goes out unchanged, not lost.
      if (fixing && target === STDIN_PATH) stdout += read.text;
    }
  }

  progress?.clear();
  const cacheProblem = cache?.save();
  if (cacheProblem) stderr.push(`huashu: ${displayPath(options.cwd, cache!.path)}: ${cacheProblem}`);

  // --baseline / --baseline-write (baseline.ts): hide the recorded findings, or record them all.
  const recorded = await applyBaselineOption(options, baseline, results, changes !== undefined);
  results.splice(0, results.length, ...recorded.results);
  stderr.push(...recorded.notes);
  if (recorded.problem) inputProblem = true;

  const report = (await loadFormat(options.format, { color: options.color, results }))(results, {
    color: options.color,
    version: VERSION,
    cwd: options.cwd,
    rules: linter.rules.map(({ summary, level }) => ({ id: summary.id, description: summary.description, message: summary.message, level, fixable: summary.fixable })),
  });
  // With --fix on standard input, stdout carries the fixed draft alone; the report goes to stderr.
  const fixingStdin = fixing && targets.includes(STDIN_PATH);
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const tooManyWarnings = options.maxWarnings !== undefined && warnings > options.maxWarnings;
  if (tooManyWarnings) stderr.push(`huashu: too many warnings (${warnings}; --max-warnings is ${options.maxWarnings})`);
  // --fail-on: errors always fail; warning (or info) lowers the bar to those severities too.
  const infos = results.reduce((n, r) => n + r.infoCount, 0);
  const failing = options.failOn === 'info' ? errors + warnings + infos : options.failOn === 'warning' ? errors + warnings : errors;
  const exitCode = inputProblem ? 2 : failing > 0 || tooManyWarnings ? 1 : 0;
  return {
    stdout: fixingStdin ? stdout : report,
    ...(stdoutBytes ? { stdoutBytes } : {}),
    stderr: (fixingStdin ? report : '') + stderr.map((l) => l + '\n').join(''),
    exitCode,
  };
}

/** `huashu rules`: every rule with its effective level and one line of description. */
export function listRules(options: Pick<RunOptions, 'cwd' | 'configFile' | 'rulesDirs' | 'ruleLevels'>): RunOutput {
  let linter: Linter;
  try {
    ({ linter } = prepare(options));
  } catch (error) {
    return failure(error);
  }
  const idWidth = Math.max(...linter.rules.map((r) => r.summary.id.length));
  const lines = linter.rules.map(({ summary: rule, level }) => {
    const fix = rule.fixable ? '  (可自动修复)' : '';
    return `${level.padEnd(7)}  ${rule.id.padEnd(idWidth)}  ${rule.description}${fix}`;
  });
  return { stdout: lines.join('\n') + '\n', stderr: '', exitCode: 0 };
}

/**
 * `huashu test-rules [dir]`: runs the examples of every rule in a directory (default: the built-in
 * pack) with the strict example runner. Exit 1 when an example fails, 2 when a rule file is broken.
 */
export async function testRules(options: Pick<RunOptions, 'cwd'> & { dir?: string }): Promise<RunOutput> {
  let linter: Linter;
  try {
    const pack = builtinPack();
    const dir = options.dir === undefined ? undefined : resolve(options.cwd, options.dir);
    if (dir && (!existsSync(dir) || !statSync(dir).isDirectory())) throw new UsageError(`rules directory not found: ${options.dir}`);
    const ruleFiles = dir ? readRuleDir(dir).map((f) => ({ ...f, path: displayPath(options.cwd, f.path) })) : pack.ruleFiles;
    if (!ruleFiles.length) throw new UsageError(`no rule files (*.yaml) in ${options.dir}`);
    linter = createLinter({ ruleFiles, dictionary: pack.dictionary });
  } catch (error) {
    return failure(error);
  }
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const { rule } of linter.rules) {
    for (const result of await testRuleExamples(linter, rule)) {
      if (!result.failures.length) {
        passed++;
        continue;
      }
      failed++;
      lines.push(`✖ ${result.where} ${rule.id} (${result.kind}): ${result.text}`, ...result.failures.map((f) => `    ${f}`));
    }
  }
  lines.push(`${linter.rules.length} 条规则，${passed} 个例句通过，${failed} 个失败`);
  return { stdout: lines.join('\n') + '\n', stderr: '', exitCode: failed ? 1 : 0 };
}

/** `huashu explain <rule-id>`: what a rule checks, why, where it comes from, and its examples. */
export async function explainRule(options: Pick<RunOptions, 'cwd' | 'configFile' | 'rulesDirs' | 'ruleLevels'> & { id: string }): Promise<RunOutput> {
  let linter: Linter;
  try {
    ({ linter } = prepare(options));
  } catch (error) {
    return failure(error);
  }
  const found = linter.rules.find((r) => r.summary.id === options.id);
  if (!found) {
    return failure(new UsageError(`unknown rule "${options.id}"${didYouMean(options.id, linter.rules.map((r) => r.summary.id))}`));
  }
  const { rule, level } = found;
  const out = [`${rule.id}  (${level}, ${rule.type}${rule.fixable ? '，可自动修复' : ''})`, '', rule.description, '', `原因：${rule.message}`];
  if (rule.sources.length) {
    out.push('', '出处：');
    for (const s of rule.sources) out.push(`  文档 ${s.document}${s.passage ? `：${s.passage}` : ''}`);
  }
  out.push('', '会被标记的说法：');
  for (const example of rule.examples.invalid) {
    const [finding] = await linter.lintWith(parseText('<example>', example.text), [rule.id]);
    const rewrite = finding?.rewrites[0];
    out.push(`  ✗ ${example.text}${rewrite !== undefined ? `  →  ${example.output ?? `${finding!.text} → ${rewrite || '（删去）'}`}` : ''}`);
  }
  out.push('', '不会被标记的说法：', ...rule.examples.valid.map((e) => `  ✓ ${e.text}`));
  return { stdout: out.join('\n') + '\n', stderr: '', exitCode: 0 };
}

/**
 * `huashu init`: writes a commented `.huashurc.yaml` in the working directory with every option
 * and every built-in rule at its default level. Never overwrites an existing file.
 */
export function initConfig(options: Pick<RunOptions, 'cwd'>): RunOutput {
  const path = join(options.cwd, CONFIG_NAMES[0]!);
  const existing = CONFIG_NAMES.map((n) => join(options.cwd, n)).find((p) => existsSync(p));
  if (existing) return failure(new UsageError(`${displayPath(options.cwd, existing)} already exists; not overwriting it`));
  const linter = createLinter(builtinPack());
  const width = Math.max(...linter.rules.map((r) => r.summary.id.length)) + 1;
  const rules = linter.rules.map(({ summary: rule, level }) => `  ${`${rule.id}:`.padEnd(width)} ${level.padEnd(7)} # ${rule.description}`);
  const text = `# huashu 配置。每一项都可以删掉，删掉就用默认值。
# 规则级别：off（关闭）| info（提示）| warning（警告）| error（错误，退出码 1）
rules:
${rules.join('\n')}

# 团队自己的规则目录（相对于本文件）；每个 YAML 文件一条规则，见 README“编写自己的规则”
rules-dir: []

# 追加到内置同行名称里的店铺或品牌名（no-competitor-bashing 用）
competitors: []

# 让分词保持完整的词：品牌名、商品名
dictionary: []

# 繁体草稿的改写用台湾（tw）还是香港（hk）用字
locale: tw

# 检查目录时跳过的路径（glob，相对于本文件）
ignore: []

# true：--fix 也应用只作建议的整句改写（等同于 --fix-suggestions）
fix-suggestions: false

# 聊天记录里哪些发送者是客服（不分大小写；末尾 * 表示前缀，客服* 包括 客服小美）。
# 写了就替换内置的名单：${DEFAULT_AGENT_SPEAKERS.join(', ')}
# agent-speakers: [客服*, 小蜜]
`;
  try {
    writeFileSync(path, text, { flag: 'wx' });
  } catch (error) {
    return failure(new UsageError(`cannot write ${CONFIG_NAMES[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`));
  }
  return { stdout: `wrote ${CONFIG_NAMES[0]}\n`, stderr: '', exitCode: 0 };
}

/** What `prepare` builds: the linter, the config, and the rule pack it was built from. */
interface Setup {
  linter: Linter;
  config: Config;
  pack: { ruleFiles: RuleFile[]; dictionary: string[] };
}

/** Config, rule files and levels → a linter. Throws UsageError or HuashuConfigError. */
function prepare(options: Pick<RunOptions, 'cwd' | 'configFile' | 'rulesDirs' | 'ruleLevels'>): Setup {
  const { config, problems } = loadConfig(options.cwd, options.configFile);
  const levels = options.ruleLevels.map(parseRuleFlag);
  const { ruleFiles: builtin, dictionary, traditional, dictionaryEntries } = builtinPack();
  const configDir = config.file ? dirname(config.file) : options.cwd;
  const dirs = [...config.rulesDirs.map((d) => resolve(configDir, d)), ...options.rulesDirs.map((d) => resolve(options.cwd, d))];
  const own: RuleFile[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`rules directory not found: ${displayPath(options.cwd, dir)}`);
    own.push(...readRuleDir(dir).map((f) => ({ ...f, path: displayPath(options.cwd, f.path) })));
  }
  // The team's rules compiled by an earlier run, when unchanged (files.ts); compiled now otherwise.
  const compiled = withCompiledCopies(own);
  let linter: Linter;
  try {
    linter = createLinter({ ruleFiles: [...builtin, ...compiled.ruleFiles], config, levels, dictionary, traditional, dictionaryEntries });
    compiled.remember(linter.rules.slice(builtin.length));
  } catch (error) {
    // Report config problems and rule problems together.
    if (error instanceof HuashuConfigError) throw new HuashuConfigError([...problems, ...error.problems]);
    throw error;
  }
  if (problems.length) throw new HuashuConfigError(problems);
  return { linter, config, pack: { ruleFiles: [...builtin, ...own], dictionary } };
}

/**
 * `--cache`: this run's cache, keyed by the version, the rule pack and every setting that changes
 * findings (effective levels, the config, --column, --report-unused-disables). `note` gets a line
 * when an unreadable cache file is ignored.
 */
async function openCache(options: RunOptions, setup: Setup, note: (message: string) => void): Promise<LintCache> {
  // Loaded only with --cache: a draft piped through stdin needs none of it.
  const { cacheKey, cachePath, LintCache } = await import('./cache.js');
  const key = cacheKey(VERSION, setup.pack, {
    levels: setup.linter.rules.map(({ summary, level }) => [summary.id, level]),
    config: { ...setup.config, file: undefined },
    column: options.column ?? null,
    reportUnusedDisables: options.reportUnusedDisables ?? false,
  });
  const { cache, note: why } = LintCache.open(cachePath(options.cwd, options.cacheLocation), key);
  if (why) note(`${displayPath(options.cwd, cache.path)}: ${why}`);
  return cache;
}

function loadConfig(cwd: string, explicit?: string): { config: Config; problems: Problem[] } {
  let path: string | undefined;
  if (explicit) {
    path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new UsageError(`config file not found: ${explicit}`);
  } else {
    for (let dir = resolve(cwd); ; dir = dirname(dir)) {
      path = CONFIG_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
      if (path || dirname(dir) === dir) break;
    }
  }
  if (!path) return { config: DEFAULT_CONFIG, problems: [] };
  const input = readInputFile(path);
  if ('error' in input) throw new UsageError(`${displayPath(cwd, path)}: ${input.error}`);
  const parsed = parseConfig(displayPath(cwd, path), input.bytes.toString('utf8'));
  // Keep the absolute location for resolving rules-dir and ignore globs.
  return { config: { ...parsed.config, file: path }, problems: parsed.problems };
}

/** `--rule no-but=warning` → a level setting. */
function parseRuleFlag(flag: string): LevelSetting {
  const m = /^([^=\s]+)=(\S+)$/.exec(flag.trim());
  if (!m || !(LEVELS as string[]).includes(m[2]!)) {
    throw new UsageError(`--rule "${flag}": expected <rule-id>=${LEVELS.join('|')}`);
  }
  return {
    id: m[1]!,
    level: m[2] as Level,
    unknown: (message) => ({ file: '--rule', line: 0, column: 0, message, snippet: '' }),
  };
}

/**
 * Paths → files to lint, or 'usage' when there is nothing at all. Directories are walked for known
 * extensions and a glob argument (glob characters, not an existing path) is expanded relative to
 * the working directory for any extension; both skip what `.gitignore`, `.huashuignore` and the
 * config's `ignore` name, and binary text files with a note (`note`, not an input problem). A file
 * named explicitly is always linted. Sorted per argument, deduplicated.
 */
async function expandPaths(
  options: RunOptions,
  config: Config,
  problem: (message: string) => void,
  note: (message: string) => void = () => {},
  /** Keep only these files, named or found (`--changed`: the changed ones). */
  only: (file: string) => boolean = () => true,
): Promise<string[] | 'usage'> {
  if (!options.paths.length) return options.stdinIsTTY ? 'usage' : [STDIN_PATH];
  const configDir = config.file ? dirname(config.file) : options.cwd;
  // Loaded on first use (as is tinyglobby below): a draft piped through stdin needs neither.
  const configIgnored = config.ignore.length ? (await import('picomatch')).default(config.ignore, { dot: true }) : () => false;
  // Found (not named) files: config ignore globs, then binary sniffing.
  const keep = (file: string): boolean => {
    if (!only(file)) return false;
    if (configIgnored(relative(configDir, file).split('\\').join('/'))) return false;
    if (isBinaryFile(file, KNOWN_EXTENSIONS)) {
      note(`${displayPath(options.cwd, file)}: binary file, skipped`);
      return false;
    }
    return true;
  };
  const files: string[] = [];
  for (const given of options.paths) {
    if (given === '-') {
      files.push(STDIN_PATH);
      continue;
    }
    const path = resolve(options.cwd, given);
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      if (!isGlobPattern(given)) {
        problem(`${given}: ${describeFsError(error)}`);
        continue;
      }
      const rules = ignoreRulesFor(options.cwd);
      const { glob } = await import('tinyglobby');
      const found = await glob([given], {
        cwd: options.cwd,
        absolute: true,
        onlyFiles: true,
        expandDirectories: false,
        ignore: ['**/node_modules/**', '**/.git/**'],
        followSymbolicLinks: false,
      });
      const matched = found.map((f) => resolve(f)).filter((f) => !rules.ignores(f) && !configIgnored(relative(configDir, f).split('\\').join('/')));
      if (!matched.length) problem(`${given}: no files match`);
      files.push(...matched.sort().filter(keep));
      continue;
    }
    if (stat.isDirectory()) {
      // A directory that cannot be listed is an input problem; a looping link is skipped like a binary file.
      const report = {
        unreadable: (dir: string, reason: string) => problem(`${displayPath(options.cwd, dir)}: cannot list the directory: ${reason}`),
        skipped: (file: string, reason: string) => note(`${displayPath(options.cwd, file)}: ${reason}, skipped`),
      };
      files.push(...walkDirectory(path, KNOWN_EXTENSIONS, undefined, report).filter(keep));
    } else if (only(path)) files.push(path);
  }
  return [...new Set(files)];
}

type Read = (Decoded & { snapshot?: ReadSnapshot }) | { error: string };

/** A file's decoded text, with what was read (for --fix's "changed on disk?" check). */
/**
 * A file's text. With `fixing`, also what it held (`snapshot`), so the fix is written only if the
 * file still holds exactly that; without, the bytes are not kept (a 50 MB file's bytes would stay
 * in memory for the whole lint).
 */
function readSourceFile(path: string, fixing: boolean): Read {
  const input = readInputFile(path);
  if ('error' in input) return input;
  const decoded = decodeBytes(input.bytes);
  return 'error' in decoded || !fixing ? decoded : { ...decoded, snapshot: input };
}

/** Standard input: bytes decoded as a file's are (BOM, UTF-8, GB18030); never written back. */
async function readStdinText(options: RunOptions): Promise<Read | { error: string; bytes: Uint8Array }> {
  const bytes = await options.readStdin();
  if ('error' in bytes) return bytes;
  const decoded = decodeBytes(bytes);
  return 'error' in decoded ? { ...decoded, bytes } : decoded;
}

/**
 * `--changed`: the changed files and lines (changed.ts), or undefined without the option. Git
 * problems (no repository, no git, an unknown base) become usage errors.
 */
async function findChangesFor(options: RunOptions): Promise<Changes | undefined> {
  if (options.changed === undefined) return undefined;
  if (options.paths.includes('-') || options.changed === '-') throw new UsageError('--changed does not apply to standard input');
  if (options.baselineWrite !== undefined) throw new UsageError('--baseline-write records whole files; leave out --changed');
  const { ChangedError, findChanges } = await import('./changed.js');
  try {
    return findChanges(options.cwd, options.changed);
  } catch (error) {
    if (error instanceof ChangedError) throw new UsageError(error.message);
    throw error;
  }
}

/** What `--changed` lints: the paths given (and a path given where the base was), else the repository. */
function changedPaths(paths: readonly string[], changes: Changes): string[] {
  const given = [...(changes.pathArgument !== undefined ? [changes.pathArgument] : []), ...paths];
  return given.length ? given : [changes.root];
}

/**
 * The baseline file of `--baseline` (required) or `--baseline-write` (updated when it exists),
 * read and checked before linting. A missing or broken file is a usage error naming it.
 */
async function readBaseline(options: RunOptions): Promise<Baseline | undefined> {
  const file = options.baseline ?? options.baselineWrite;
  if (file === undefined) return undefined;
  const { parseBaseline } = await import('./baseline.js');
  let text: string;
  try {
    text = readFileSync(resolve(options.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.baseline === undefined) return undefined;
    throw new UsageError(code === 'ENOENT' ? `${file}: baseline file not found (record one with --baseline-write ${file})` : `${file}: cannot read the baseline: ${code ?? (error as Error).message}`);
  }
  try {
    return parseBaseline(file, text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    const at = error.position ? `:${error.position.line}:${error.position.column}` : '';
    // --baseline-write never overwrites what it cannot read: the user decides.
    const hint = options.baseline === undefined ? ' (fix it, or delete it to record a new baseline)' : '';
    throw new UsageError(`${file}${at}: ${error.message}${hint}`);
  }
}

/**
 * `--baseline`: hides the findings the baseline records, and says on stderr how many it hid and
 * how many recorded findings no longer occur (not when the run saw only part of each file:
 * `partial`, with --changed or --quiet). `--baseline-write`: records every finding (keeping the
 * entries of files not linted in this run that still exist) and then reports as if that baseline
 * were used, so the run exits 0 unless an input problem occurred.
 */
async function applyBaselineOption(
  options: RunOptions,
  baseline: Baseline | undefined,
  results: LintResult[],
  partial: boolean,
): Promise<{ results: LintResult[]; notes: string[]; problem: boolean }> {
  const file = options.baselineWrite ?? options.baseline;
  if (file === undefined) return { results, notes: [], problem: false };
  const { applyBaseline, baselineSize, buildBaseline, formatBaseline } = await import('./baseline.js');
  const path = resolve(options.cwd, file);
  const dir = dirname(path);
  // Paths in the baseline are relative to its directory, so any working directory finds them.
  const pathOf = (p: string) => (p === STDIN_PATH ? p : relative(dir, resolve(options.cwd, p)).split('\\').join('/'));
  const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;
  if (options.baselineWrite !== undefined) {
    const written = buildBaseline(results, pathOf, baseline, (f) => existsSync(resolve(dir, f)));
    try {
      writeFileAtomic(path, formatBaseline(written));
    } catch (error) {
      return { results, notes: [`huashu: ${file}: could not write the baseline: ${(error as Error).message}`], problem: true };
    }
    const size = baselineSize(written);
    return {
      results: applyBaseline(results, written, pathOf).results,
      notes: [`huashu: wrote ${file} (${plural(size.findings, 'finding')} in ${plural(size.files, 'file')})`],
      problem: false,
    };
  }
  const applied = applyBaseline(results, baseline!, pathOf);
  const notes: string[] = [];
  if (applied.hidden) notes.push(`huashu: the baseline ${file} hid ${plural(applied.hidden, 'finding')}`);
  if (applied.unused && !partial && !options.quiet) notes.push(`huashu: ${plural(applied.unused, 'baseline entry', 'baseline entries')} no longer found; run --baseline-write to prune`);
  return { results: applied.results, notes, problem: false };
}

/** Paths in reports: relative to the working directory when inside it, with forward slashes. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path).split('\\').join('/');
}

function failure(error: unknown): RunOutput {
  if (error instanceof HuashuConfigError) {
    const text = error.problems.map((p) => formatProblem(p) + (p.snippet ? `\n${p.snippet}` : '')).join('\n');
    const n = error.problems.length;
    return { stdout: '', stderr: `${text}\nhuashu: ${n} problem${n > 1 ? 's' : ''} in the configuration or rule files\n`, exitCode: 2 };
  }
  if (error instanceof UsageError) return { stdout: '', stderr: `huashu: ${error.message}\n`, exitCode: 2 };
  throw error;
}
