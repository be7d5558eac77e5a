#!/usr/bin/env node
/**
 * The huashu command: argv → options (program.ts, with commander) → run() → print → exit code.
 * Nothing else lives here. A bare `huashu` — a draft piped in before it is sent — has no options
 * to parse: it lints with NO_ARGUMENTS and never loads commander.
 */
import { fstatSync } from 'node:fs';
import { NO_ARGUMENTS, type LintFlags } from './flags.js';
import { readStandardInput } from './input.js';
import { exitQuietlyOnClosedPipe, writeText, type OutputEncoding } from './output.js';
import { run, type RunOutput } from './run.js';

exitQuietlyOnClosedPipe(process.stdout, process.stderr);

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

/** Prints a finished run (in --output-encoding) and sets the exit code. */
function finish(output: RunOutput, encoding: OutputEncoding): void {
  if (output.stdoutBytes) process.stdout.write(output.stdoutBytes);
  writeText(process.stdout, output.stdout, encoding);
  writeText(process.stderr, output.stderr, encoding);
  process.exitCode = output.exitCode;
}

/**
 * Inline less into optimized code, for runs over files (a long file, a repository). Such a run is
 * short, so V8's optimizing compiler works on a helper thread while the lint runs, on a machine
 * with a core or two that the lint (and on a long file, the segmentation worker) also needs. With
 * its default budget it inlines the whole matching pipeline into a few large functions, and
 * compiling them took as much CPU as the matching: with a smaller budget it does about half the
 * work and the code is as fast (the benchmark's 1,000,000-character file: 56 ± 14 ms less wall
 * time over 50 paired runs). Not for a draft piped in: nothing there runs long enough to be
 * optimized, and loading node:v8 costs a few milliseconds. Set before any code is optimized, and
 * only here: the library leaves V8 alone, and so does a run given its own value.
 */
async function inlineLess(): Promise<void> {
  const flag = '--max-inlined-bytecode-size';
  if (process.execArgv.some((arg) => arg.startsWith(flag))) return;
  (await import('node:v8')).setFlagsFromString(`${flag}=100`);
}

/** The lint command: the flags as commander parsed them, or NO_ARGUMENTS. */
async function lint(paths: string[], flags: LintFlags): Promise<void> {
  if (paths.some((path) => path !== '-')) await inlineLess();
  finish(
    await run({
      cwd: process.cwd(),
      paths,
      readStdin: () => readStandardInput(() => process.stdin),
      stdinIsTTY: await stdinIsTerminal(),
      format: flags.format,
      fix: Boolean(flags.fix),
      fixSuggestions: Boolean(flags.fixSuggestions),
      configFile: flags.config,
      rulesDirs: flags.rulesDir,
      ruleLevels: flags.rule,
      quiet: Boolean(flags.quiet),
      maxWarnings: flags.maxWarnings,
      failOn: flags.failOn,
      stdinFilename: flags.stdinFilename,
      reportUnusedDisables: Boolean(flags.reportUnusedDisables),
      column: flags.column,
      changed: flags.changed,
      baseline: flags.baseline,
      baselineWrite: flags.baselineWrite,
      cache: Boolean(flags.cache || flags.cacheLocation),
      cacheLocation: flags.cacheLocation,
      terminal: { stderr: process.stderr, stdoutIsTTY: Boolean(process.stdout.isTTY) },
      // With --fix on stdin the report goes to stderr: color follows that stream then.
      color: (flags.fix || flags.fixSuggestions) && paths.every((p) => p === '-') ? await useColor(process.stderr, 'stderr') : await useColor(process.stdout, 'stdout'),
    }),
    flags.outputEncoding,
  );
}

if (process.argv.length <= 2) {
  // A bare `huashu` (a draft piped in, the pre-send check): nothing to parse, commander is not loaded.
  await lint([], { ...NO_ARGUMENTS, rulesDir: [], rule: [] });
} else {
  const { buildProgram } = await import('./program.js');
  await buildProgram({ lint, finish }).parseAsync(process.argv);
}
