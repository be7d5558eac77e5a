#!/usr/bin/env node
/**
 * The huashu command: argv → options → run() → print → exit code. Nothing else lives here.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { fstatSync } from 'node:fs';
import { VERSION } from './files.js';
import { FORMAT_NAMES, type FormatName } from './reporters/index.js';
import { readStandardInput } from './input.js';
import { exitQuietlyOnClosedPipe, OUTPUT_ENCODINGS, writeText, type OutputEncoding } from './output.js';
import { explainRule, initConfig, listRules, run, testRules, type RunOutput } from './run.js';

exitQuietlyOnClosedPipe(process.stdout, process.stderr);


const collect = (value: string, previous: string[]): string[] => [...previous, value];
const count = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return Number(value);
};

/**
 * Colors follow NO_COLOR / FORCE_COLOR, else whether the stream is a color terminal (chalk's
 * detection, loaded only for a terminal: with its node:tty it costs a draft piped in milliseconds).
 */
async function useColor(stream: NodeJS.WriteStream, which: 'stdout' | 'stderr'): Promise<boolean> {
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (!stream.isTTY) return false;
  const { supportsColor, supportsColorStderr } = await import('chalk');
  return Boolean(which === 'stdout' ? supportsColor : supportsColorStderr);
}

/** Whether standard input is a terminal: only a character device can be one (node:tty loads only then). */
async function stdinIsTerminal(): Promise<boolean> {
  try {
    if (!fstatSync(0).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (await import('node:tty')).isatty(0);
}

function finish(output: RunOutput): void {
  const encoding = program.opts().outputEncoding as OutputEncoding;
  if (output.stdoutBytes) process.stdout.write(output.stdoutBytes);
  writeText(process.stdout, output.stdout, encoding);
  writeText(process.stderr, output.stderr, encoding);
  process.exitCode = output.exitCode;
}

/** Options that decide which rules exist and their levels (used by linting and `huashu rules`). */
function ruleOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file (default: .huashurc.yaml found from the current directory up)')
    .option('--rules-dir <dir>', 'load extra YAML rules from a directory (repeatable)', collect, [])
    .option('--rule <id=level>', 'set a rule level: off|info|warning|error (repeatable)', collect, []);
}

const program = ruleOptions(
  new Command('huashu')
    .description('话术 — lint Chinese customer-service replies against professional phrasing rules')
    .version(VERSION, '-v, --version')
    .argument('[paths...]', 'files or directories to lint; "-" or a pipe for standard input')
    .addOption(new Option('-f, --format <name>', 'output format').choices(FORMAT_NAMES).default('stylish'))
    .option('--fix', 'apply safe rewrites (files in place; standard input to stdout)')
    .option('--fix-suggestions', 'also apply rewrites that rules only suggest (implies --fix)'),
)
  .option('--quiet', 'report errors only')
  .option('--max-warnings <n>', 'exit with 1 when there are more warnings than this', count)
  .addOption(new Option('--fail-on <severity>', 'the lowest severity that makes the run fail (exit 1)').choices(['error', 'warning', 'info']).default('error'))
  .option('--stdin-filename <name>', 'name (and format, by its extension) for standard input in reports')
  // Suppression comments (suppress.ts): report the ones that suppress nothing.
  .option('--report-unused-disables', 'report huashu-disable comments that suppress nothing (as warnings)')
  .option('--column <name|letter|number>', 'content column of CSV/TSV tables: a header name, a letter (C) or a 1-based number')
  // Adopting huashu on an existing library: only changed lines (changed.ts), or only new findings (baseline.ts).
  .option('--changed [base]', 'lint only lines changed since a git base: a revision, "staged" (the index), or by default the merge-base with the default branch')
  .option('--baseline <file>', 'report only findings that are not recorded in this baseline file')
  .addOption(new Option('--baseline-write <file>', 'record every finding in this baseline file and exit 0').conflicts('baseline'))
  .addOption(new Option('--output-encoding <name>', 'encoding of what huashu prints (a Windows console on code page 936: gbk)').choices(OUTPUT_ENCODINGS).default('utf-8'))
  .option('--cache', 'reuse the findings of unchanged files from the last run (not with --fix)')
  .option('--cache-location <file>', 'cache file, or a directory for .huashucache (default: ./.huashucache; implies --cache)')
  .showSuggestionAfterError(true)
  .action(async (paths: string[], opts) => {
    finish(
      await run({
        cwd: process.cwd(),
        paths,
        readStdin: () => readStandardInput(() => process.stdin),
        stdinIsTTY: await stdinIsTerminal(),
        format: opts.format as FormatName,
        fix: Boolean(opts.fix),
        fixSuggestions: Boolean(opts.fixSuggestions),
        configFile: opts.config,
        rulesDirs: opts.rulesDir,
        ruleLevels: opts.rule,
        quiet: Boolean(opts.quiet),
        maxWarnings: opts.maxWarnings,
        failOn: opts.failOn,
        stdinFilename: opts.stdinFilename,
        reportUnusedDisables: Boolean(opts.reportUnusedDisables),
        column: opts.column,
        changed: opts.changed,
        baseline: opts.baseline,
        baselineWrite: opts.baselineWrite,
        cache: Boolean(opts.cache || opts.cacheLocation),
        cacheLocation: opts.cacheLocation,
        terminal: { stderr: process.stderr, stdoutIsTTY: Boolean(process.stdout.isTTY) },
        // With --fix on stdin the report goes to stderr: color follows that stream then.
        color: (opts.fix || opts.fixSuggestions) && paths.every((p) => p === '-') ? await useColor(process.stderr, 'stderr') : await useColor(process.stdout, 'stdout'),
      }),
    );
  });

// The rule options are the program's; commander parses them after `rules` too.
program
  .command('rules')
  .description('list the rules with their levels (after -c, --rules-dir and --rule)')
  .action((_opts, command: Command) => {
    const opts = command.optsWithGlobals();
    finish(listRules({ cwd: process.cwd(), configFile: opts.config, rulesDirs: opts.rulesDir, ruleLevels: opts.rule }));
  });

program
  .command('init')
  .description('write a commented .huashurc.yaml with every option and rule (never overwrites)')
  .action(() => {
    finish(initConfig({ cwd: process.cwd() }));
  });

program
  .command('test-rules [dir]')
  .description("run the examples of every rule in a directory (default: the built-in rules)")
  .action(async (dir: string | undefined) => {
    finish(await testRules({ cwd: process.cwd(), dir }));
  });

program
  .command('explain <rule-id>')
  .description("show a rule's reason, source passage in the training documents, and examples")
  .action(async (id: string, _opts, command: Command) => {
    const opts = command.optsWithGlobals();
    finish(await explainRule({ cwd: process.cwd(), id, configFile: opts.config, rulesDirs: opts.rulesDir, ruleLevels: opts.rule }));
  });

program.exitOverride((error) => {
  // commander already printed the message (with a "Did you mean" for unknown options).
  process.exit(error.exitCode === 0 ? 0 : 2);
});

await program.parseAsync(process.argv);
