/**
 * The progress line: while a long run lints many files or one big file on a terminal, one line on
 * standard error says how far it is, and is erased before the report is printed:
 *
 *   huashu: 12/340 files · 4,200/10,000 replies in 快捷短语.csv · 3.2 s
 *
 * Shown only when both standard output and standard error are terminals, with the stylish
 * format, outside CI (the CI environment variable), and only once the run has taken half a second
 * (a quick run never flickers). The line is redrawn at most every 100 ms and cut to the terminal
 * width, so `\r` + erase-line always removes all of it.
 */
import type { Finding, SourceFile } from './types.js';

/** Where the line is drawn: standard error, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  /** Terminal width in columns (absent or 0 when unknown: 80 is assumed). */
  columns?: number;
}

export interface ProgressWhen {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  format: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** True in CI: the `CI` variable set to anything but empty, `0` or `false` (as CI services set it). */
export function isCI(env: ProgressWhen['env']): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Whether to show the progress line at all (see the header). */
export function shouldShowProgress(when: ProgressWhen): boolean {
  return when.stdoutIsTTY && when.stderrIsTTY && when.format === 'stylish' && !isCI(when.env);
}

export interface ProgressState {
  filesDone: number;
  filesTotal: number;
  /** The file being linted (as displayed in the report). */
  file?: string;
  /** Replies (drafts) of that file done and in all, once it has been split into replies. */
  repliesDone?: number;
  repliesTotal?: number;
  elapsedMs: number;
}

const number = (n: number) => n.toLocaleString('en-US');

/**
 * The text of the line (without `\r`), at most `width` display columns wide: the file name is cut
 * from its start (…/long/path.csv) when the line would be too wide. `displayWidth` measures a
 * string in terminal columns (a CJK character is two).
 */
export function formatProgress(state: ProgressState, width: number, displayWidth: (text: string) => number = (t) => t.length): string {
  const parts: string[] = [];
  if (state.filesTotal > 1) parts.push(`${number(state.filesDone)}/${number(state.filesTotal)} files`);
  const replies = state.repliesTotal !== undefined ? `${number(state.repliesDone ?? 0)}/${number(state.repliesTotal)} replies` : undefined;
  const elapsed = `${(state.elapsedMs / 1000).toFixed(1)} s`;
  const line = (file: string | undefined) => {
    const current = replies && file !== undefined ? `${replies} in ${file}` : replies ?? file;
    return `huashu: ${[...parts, ...(current !== undefined ? [current] : []), elapsed].join(' · ')}`;
  };
  let file = state.file;
  let text = line(file);
  // Cut the file name from the left, one character at a time, until the line fits.
  while (file !== undefined && displayWidth(text) > width) {
    const chars = [...file];
    file = chars.length > 1 ? '…' + chars.slice(2).join('') : undefined;
    text = line(file);
  }
  return displayWidth(text) > width ? [...text].slice(0, Math.max(0, width)).join('') : text;
}

export interface ProgressTiming {
  /** Milliseconds since some fixed point (default: `Date.now`). */
  now?: () => number;
  /** Nothing is drawn before the run has taken this long (default 500 ms). */
  delayMs?: number;
  /** Redraw at most this often (default 100 ms). */
  intervalMs?: number;
}

/** Draws and erases the progress line for one run. */
export class Progress {
  private readonly state: ProgressState = { filesDone: 0, filesTotal: 0, elapsedMs: 0 };
  private readonly now: () => number;
  private readonly start: number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private started = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly displayWidth: (text: string) => number = (t) => t.length,
    timing: ProgressTiming = {},
  ) {
    this.now = timing.now ?? Date.now;
    this.start = this.now();
    this.delayMs = timing.delayMs ?? 500;
    this.intervalMs = timing.intervalMs ?? 100;
  }

  /** How many files the run lints (known once the paths are expanded). */
  setFiles(total: number): void {
    this.state.filesTotal = total;
  }

  /** A file is about to be read and linted; the one before it (if any) is done. */
  fileStarted(file: string): void {
    if (this.started) this.state.filesDone++;
    this.started = true;
    this.state.file = file;
    delete this.state.repliesDone;
    delete this.state.repliesTotal;
    this.update();
  }

  /** `done` of the current file's `total` replies are linted. */
  replies(done: number, total: number): void {
    this.state.repliesDone = done;
    this.state.repliesTotal = total;
    this.update();
  }

  /** Erases the line, if one was drawn. Call before printing anything else. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  private update(): void {
    const now = this.now();
    if (now - this.start < this.delayMs || now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.state.elapsedMs = now - this.start;
    // One column is left free: a line as wide as the terminal wraps in some terminals.
    const width = (this.stream.columns || 80) - 1; // 0 when a pseudo-terminal has no size
    this.stream.write(`\r${formatProgress(this.state, width, this.displayWidth)}\x1b[K`);
    this.drawn = true;
  }
}

/** The terminal a run reports to, as far as the progress line cares. */
export interface Terminal {
  /** Standard error, where the line is drawn. */
  stderr: ProgressStream & { isTTY?: boolean };
  stdoutIsTTY: boolean;
}

/**
 * The progress line for a run, or undefined when it is not to be shown (see `shouldShowProgress`).
 */
export async function createProgress(terminal: Terminal | undefined, format: string, env: ProgressWhen['env']): Promise<Progress | undefined> {
  if (!terminal || !shouldShowProgress({ stdoutIsTTY: terminal.stdoutIsTTY, stderrIsTTY: Boolean(terminal.stderr.isTTY), format, env })) return undefined;
  const { textWidth } = await import('./display-width.js');
  return new Progress(terminal.stderr, textWidth);
}

/** How many replies are linted between two progress updates. */
export const PROGRESS_CHUNK = 500;

type Lint = (source: SourceFile) => Promise<Finding[]>;

/**
 * A lint function that lints a big source in slices of `chunk` replies, reporting after each, and
 * returns the same findings as `lint` on the whole source (sorted by position). Sources of at most
 * one slice are linted at once.
 */
export function lintWithProgress(lint: Lint, onReplies: (done: number, total: number) => void, chunk = PROGRESS_CHUNK): Lint {
  return async (source) => {
    const total = source.drafts.length;
    if (total <= chunk) {
      const findings = await lint(source);
      onReplies(total, total);
      return findings;
    }
    const findings: Finding[] = [];
    for (let i = 0; i < total; i += chunk) {
      findings.push(...(await lint({ ...source, drafts: source.drafts.slice(i, i + chunk) })));
      onReplies(Math.min(i + chunk, total), total);
    }
    return findings.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  };
}
