/**
 * Writing what the bin prints: in UTF-8 unless `--output-encoding` says otherwise (a Windows
 * console on code page 936 reads GBK), and quietly when the reader has gone away
 * (`huashu big.txt | head -1`: the rest of the report has nowhere to go, which is not an error).
 */
import { iconv } from './encoding.js';

/** Encodings `--output-encoding` accepts. `gbk` writes characters outside GBK as `?`. */
export const OUTPUT_ENCODINGS = ['utf-8', 'gb18030', 'gbk'] as const;
export type OutputEncoding = (typeof OUTPUT_ENCODINGS)[number];

/** Writes text to a stream in the given encoding. */
export function writeText(stream: NodeJS.WritableStream, text: string, encoding: OutputEncoding = 'utf-8'): void {
  if (!text) return;
  stream.write(encoding === 'utf-8' ? text : iconv().encode(text, encoding));
}

/**
 * When the reader of stdout or stderr closes early (EPIPE), stop at once with the exit code
 * already decided, without the stack trace Node would print for an unhandled stream error; any
 * other write error ends the run with exit code 2.
 */
export function exitQuietlyOnClosedPipe(...streams: NodeJS.WriteStream[]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0);
      // Any other failure to write (a full disk behind a redirection): one line where possible, exit 2.
      if (stream !== process.stderr) process.stderr.write(`huashu: cannot write the output: ${error.code ?? error.message}\n`);
      process.exit(2);
    });
  }
}
