/**
 * Reading what the user asked to lint, safely: only regular files, never more than
 * MAX_INPUT_BYTES, and every failure as a short reason for a one-line message (never a throw).
 *
 * A FIFO or a device named on the command line (`huashu /dev/zero`) is refused without reading a
 * byte: it is opened non-blocking (opening a FIFO without a writer would otherwise wait forever)
 * and checked with fstat on the open descriptor, so the file cannot be swapped between the check
 * and the read. A file larger than the limit is refused from its size, before it is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/**
 * The largest input huashu reads: 256 MiB. Far above what a reply library or chat export needs
 * (50 MB inputs are linted routinely), and low enough that decoding and linting it stays within
 * the memory of an ordinary machine. Standard input has the same limit.
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** What was read, with the file's identity at read time (for --fix's "changed on disk?" check). */
export interface InputBytes {
  bytes: Buffer;
  stats: Stats;
}

/** Reads a regular file named by the user, or says why it cannot be read. */
export function readInputFile(path: string, limit = MAX_INPUT_BYTES): InputBytes | { error: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { error: describeFsError(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) return { error: 'is a directory' };
    if (!stats.isFile()) return { error: `not a regular file (${fileKind(stats)}); not read` };
    if (stats.size > limit) return { error: tooLarge(stats.size, limit) };
    // Read to the end even if the file grew since fstat, but never past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size - total, 64 * 1024), limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) return { error: tooLarge(total, limit) };
    }
    return { bytes: Buffer.concat(chunks, total), stats };
  } catch (error) {
    return { error: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a whole stream (standard input) as bytes, up to `limit`; past it, stops reading and
 * resolves to an error. A stream that fails resolves to an error too.
 */
export function readInputStream(stream: NodeJS.ReadableStream, limit = MAX_INPUT_BYTES): Promise<Buffer | { error: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += buf.length;
      if (total > limit) {
        stream.removeListener('data', onData);
        stream.pause();
        resolve({ error: tooLarge(total, limit, 'more than') });
        return;
      }
      chunks.push(buf);
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(Buffer.concat(chunks, total)));
    stream.once('error', (error) => resolve({ error: describeFsError(error) }));
  });
}

/**
 * Reads all of standard input as bytes, up to `limit`: straight from descriptor 0 (a file or a
 * pipe; a draft piped in then loads no stream machinery). Where the descriptor is non-blocking
 * (EAGAIN), the rest is read from `stream()`, after what was already read.
 */
export async function readStandardInput(stream: () => NodeJS.ReadableStream, limit = MAX_INPUT_BYTES): Promise<Buffer | { error: string }> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(0, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limit) return { error: tooLarge(total, limit, 'more than') };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Windows reports the end of a pipe as an error.
    if (code === 'EOF') return Buffer.concat(chunks, total);
    if (code !== 'EAGAIN') return { error: describeFsError(error) };
  }
  const rest = await readInputStream(stream(), limit - total);
  return Buffer.isBuffer(rest) ? Buffer.concat([...chunks, rest]) : rest;
}

/** A short reason for a file-system error: "no such file or directory", "permission denied" … */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop (too many levels of symbolic links)';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    default:
      return `cannot read: ${code ?? (error as Error | undefined)?.message ?? String(error)}`;
  }
}

function fileKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function tooLarge(size: number, limit: number, how = ''): string {
  const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
  return `too large to lint (${how ? `${how} ` : ''}${mib(size)}; the limit is ${mib(limit)}); split it into smaller files`;
}
