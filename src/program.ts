/**
 * The command line as commander reads it: every option, its help, its default, and the
 * subcommands. cli.ts gives the actions; with no arguments at all (a draft piped in), it does not
 * load this module or commander, and lints with NO_ARGUMENTS — the options parsed from nothing,
 * which test/cli.test.ts checks against commander's own parse.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { VERSION } from './files.js';
import { OUTPUT_ENCODINGS, type OutputEncoding } from './output.js';
import { FORMAT_NAMES } from './reporters/index.js';
import { explainRule, initConfig, listRules, testRules, type RunOutput } from './run.js';
import type { LintFlags } from './flags.js';
import { NO_ARGUMENTS } from './flags.js';

/** What the program does: lint (the default command) and print a finished run. */
export interface ProgramActions {
  lint(paths: string[], flags: LintFlags): Promise<void>;
  finish(output: RunOutput, encoding: OutputEncoding): void;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const count = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return Number(value);
};

/** Options that decide which rules exist and their levels (used by linting and `huashu rules`). */
function ruleOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config file (default: .huashurc.yaml found from the current directory up)')
    .option('--rules-dir <dir>', 'load extra YAML rules from a directory (repeatable)', collect, [...NO_ARGUMENTS.rulesDir])
    .option('--rule <id=level>', 'set a rule level: off|info|warning|error (repeatable)', collect, [...NO_ARGUMENTS.rule]);
}

export function buildProgram(actions: ProgramActions): Command {
  const program = ruleOptions(
    new Command('huashu')
      .description('话术 — lint Chinese customer-service replies against professional phrasing rules')
      .version(VERSION, '-v, --version')
      .argument('[paths...]', 'files or directories to lint; "-" or a pipe for standard input')
      .addOption(new Option('-f, --format <name>', 'output format').choices(FORMAT_NAMES).default(NO_ARGUMENTS.format))
      .option('--fix', 'apply safe rewrites (files in place; standard input to stdout)')
      .option('--fix-suggestions', 'also apply rewrites that rules only suggest (implies --fix)'),
  )
    .option('--quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit with 1 when there are more warnings than this', count)
    .addOption(new Option('--fail-on <severity>', 'the lowest severity that makes the run fail (exit 1)').choices(['error', 'warning', 'info']).default(NO_ARGUMENTS.failOn))
    .option('--stdin-filename <name>', 'name (and format, by its extension) for standard input in reports')
    // Suppression comments (suppress.ts): report the ones that suppress nothing.
    .option('--report-unused-disables', 'report huashu-disable comments that suppress nothing (as warnings)')
    .option('--column <name|letter|number>', 'content column of CSV/TSV tables: a header name, a letter (C) or a 1-based number')
    // Adopting huashu on an existing library: only changed lines (changed.ts), or only new findings (baseline.ts).
    .option('--changed [base]', 'lint only lines changed since a git base: a revision, "staged" (the index), or by default the merge-base with the default branch')
    .option('--baseline <file>', 'report only findings that are not recorded in this baseline file')
    .addOption(new Option('--baseline-write <file>', 'record every finding in this baseline file and exit 0').conflicts('baseline'))
    .addOption(
      new Option('--output-encoding <name>', 'encoding of what huashu prints (a Windows console on code page 936: gbk)').choices(OUTPUT_ENCODINGS).default(NO_ARGUMENTS.outputEncoding),
    )
    .option('--cache', 'reuse the findings of unchanged files from the last run (not with --fix)')
    .option('--cache-location <file>', 'cache file, or a directory for .huashucache (default: ./.huashucache; implies --cache)')
    .showSuggestionAfterError(true)
    .action((paths: string[], flags: LintFlags) => actions.lint(paths, flags));

  // The rule options are the program's; commander parses them after `rules` too.
  program
    .command('rules')
    .description('list the rules with their levels (after -c, --rules-dir and --rule)')
    .action((_opts, command: Command) => {
      const opts = command.optsWithGlobals();
      actions.finish(listRules({ cwd: process.cwd(), configFile: opts.config, rulesDirs: opts.rulesDir, ruleLevels: opts.rule }), opts.outputEncoding);
    });

  program
    .command('init')
    .description('write a commented .huashurc.yaml with every option and rule (never overwrites)')
    .action(() => {
      actions.finish(initConfig({ cwd: process.cwd() }), program.opts().outputEncoding);
    });

  program
    .command('test-rules [dir]')
    .description("run the examples of every rule in a directory (default: the built-in rules)")
    .action(async (dir: string | undefined) => {
      actions.finish(await testRules({ cwd: process.cwd(), dir }), program.opts().outputEncoding);
    });

  program
    .command('explain <rule-id>')
    .description("show a rule's reason, source passage in the training documents, and examples")
    .action(async (id: string, _opts, command: Command) => {
      const opts = command.optsWithGlobals();
      actions.finish(await explainRule({ cwd: process.cwd(), id, configFile: opts.config, rulesDirs: opts.rulesDir, ruleLevels: opts.rule }), opts.outputEncoding);
    });

  program.exitOverride((error) => {
    // commander already printed the message (with a "Did you mean" for unknown options).
    process.exit(error.exitCode === 0 ? 0 : 2);
  });
  return program;
}
