/**
 * Bad input, end to end through the bin: every case gets one line naming the file, the right exit
 * code, and the other files are still linted. Also standard input (bytes decoded like a file's)
 * and output to a closed pipe.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../src/input.js';
import { BIN, runBin, runShell, STACK_TRACE, tempDir } from './bin.js';

/** A file with one no-guarantee error, linted beside every bad input to show the run goes on. */
function withGoodFile(dir: string): string {
  writeFileSync(join(dir, 'good.txt'), '亲，我保证明天发货\n');
  return 'good.txt';
}

/** The paths of the files that were linted (JSON output). */
function linted(stdout: string): string[] {
  return (JSON.parse(stdout) as { path: string }[]).map((f) => f.path);
}

describe('bad files named on the command line', () => {
  it('a path that does not exist', () => {
    const dir = tempDir();
    const r = runBin(['-f', 'json', 'missing.txt', withGoodFile(dir)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: missing.txt: no such file or directory\n');
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('a directory without read permission (run as an unprivileged user)', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'a.txt'), '我保证\n');
    chmodSync(join(dir, 'locked'), 0o000);
    const good = withGoodFile(dir);
    chmodSync(join(dir, good), 0o644);
    // As root, permissions do not deny: run the bin as nobody (65534) instead.
    const user = process.getuid?.() === 0 ? 65534 : undefined;
    const r = runBin(['-f', 'json', 'locked', good], { cwd: dir, user });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: locked: cannot list the directory: permission denied\n');
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('a file without read permission (run as an unprivileged user)', () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'secret.txt'), '我保证\n', { mode: 0o600 });
    const good = withGoodFile(dir);
    chmodSync(join(dir, good), 0o644);
    const user = process.getuid?.() === 0 ? 65534 : undefined;
    const r = runBin(['-f', 'json', 'secret.txt', good], { cwd: dir, user });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: secret.txt: permission denied\n');
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('a symbolic link loop named directly', () => {
    const dir = tempDir();
    symlinkSync('loop-b.txt', join(dir, 'loop-a.txt'));
    symlinkSync('loop-a.txt', join(dir, 'loop-b.txt'));
    const r = runBin(['-f', 'json', 'loop-a.txt', withGoodFile(dir)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: loop-a.txt: symbolic link loop (too many levels of symbolic links)\n');
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('symbolic link loops in a walked directory: skipped with a note, the walk ends', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'replies'));
    symlinkSync('..', join(dir, 'replies', 'parent')); // a directory link: never followed
    symlinkSync('b.txt', join(dir, 'replies', 'a.txt'));
    symlinkSync('a.txt', join(dir, 'replies', 'b.txt'));
    writeFileSync(join(dir, 'replies', 'real.txt'), '我保证\n');
    const r = runBin(['-f', 'json', 'replies'], { cwd: dir, timeout: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'huashu: replies/a.txt: symbolic link loop (too many levels of symbolic links), skipped\n' +
        'huashu: replies/b.txt: symbolic link loop (too many levels of symbolic links), skipped\n',
    );
    expect(linted(r.stdout)).toEqual(['replies/real.txt']);
  });

  it('a FIFO is never opened for reading (no writer: it would block forever)', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    const r = runBin(['-f', 'json', 'pipe.txt', withGoodFile(dir)], { cwd: dir, timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: pipe.txt: not a regular file (a named pipe); not read\n');
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('a device (/dev/zero) is never read', () => {
    const dir = tempDir();
    const r = runBin(['-f', 'json', '/dev/zero', withGoodFile(dir)], { cwd: dir, timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: /dev/zero: not a regular file (a character device); not read\n');
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('a binary file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'photo.txt'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]));
    const r = runBin(['-f', 'json', 'photo.txt', withGoodFile(dir)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: photo.txt: binary file, not linted\n');
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('an empty file: no error, zero findings', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.txt'), '');
    const r = runBin(['-f', 'json', 'empty.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([{ path: 'empty.txt', messages: [], errorCount: 0, warningCount: 0, infoCount: 0 }]);
  });

  it('bytes that are neither UTF-8 nor GB18030', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.txt'), Buffer.from([0x81, 0x30, 0xff, 0x20, 0x61]));
    const r = runBin(['-f', 'json', 'broken.txt', withGoodFile(dir)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: broken.txt: not valid UTF-8 or GB18030 text\n');
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('a 1 GB (sparse) file is refused from its size, without reading it', () => {
    const dir = tempDir();
    execFileSync('truncate', ['-s', '1G', join(dir, 'huge.txt')]);
    const r = runBin(['-f', 'json', 'huge.txt', withGoodFile(dir)], { cwd: dir, timeout: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`huashu: huge.txt: too large to lint (1024 MiB; the limit is ${MAX_INPUT_BYTES / 1024 / 1024} MiB); split it into smaller files\n`);
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });

  it('a single 10 MB line is linted, with every finding at its column', () => {
    const dir = tempDir();
    const unit = '亲，您好，我保证明天发货。';
    const line = unit.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(unit)));
    writeFileSync(join(dir, 'long.txt'), line);
    const r = runBin(['-f', 'compact', '--rule', 'no-guarantee=error', 'long.txt'], { cwd: dir, timeout: 300_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const hits = r.stdout.split('\n').filter((l) => l.includes('(no-guarantee)'));
    // Stopped after the per-rule limit (a note says so), each hit at the column of its 保证.
    expect(hits.length).toBeGreaterThan(1000);
    const columns = hits.slice(0, 3).map((l) => Number(/^long\.txt:1:(\d+):/.exec(l)![1]));
    const first = unit.indexOf('保证') + 1;
    expect(columns).toEqual([first, first + unit.length, first + 2 * unit.length]);
    expect(r.stdout).toMatch(/^long\.txt:1:\d+: error .*stopped after 5000 findings of this rule in this file.* \(too-many-findings\)$/m);
  }, 300_000);

  it('a CSV with ragged rows is linted (short rows have no content cell, long rows keep their extra cells)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ragged.csv'), '分组,快捷短语,备注\n售后,亲，我保证明天发货\n售前,我保证,多,出,来\n只有一格\n');
    const r = runBin(['-f', 'compact', '--rule', 'no-guarantee=error', 'ragged.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter((l) => l.includes('(no-guarantee)')).map((l) => l.split(': ')[0])).toEqual(['ragged.csv:2:7', 'ragged.csv:3:5']);
  });

  it('an .xlsx that is a zip of something else, and a password-protected one', async () => {
    const dir = tempDir();
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    zip.file('notes/readme.txt', '这不是工作簿');
    writeFileSync(join(dir, 'other.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    // Excel saves a password-protected workbook as an OLE compound file with an EncryptionInfo stream.
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(500)]);
    writeFileSync(join(dir, 'locked.xlsx'), ole);
    const r = runBin(['-f', 'json', 'other.xlsx', 'locked.xlsx', withGoodFile(dir)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'huashu: other.xlsx: not a workbook: no worksheets found',
      expect.stringMatching(/^huashu: locked\.xlsx: password-protected workbook: /),
    ]);
    expect(linted(r.stdout)).toEqual(['good.txt']);
  });
});

describe('standard input', () => {
  it('empty: zero findings, exit 0', () => {
    const r = runBin(['-f', 'json'], { input: '' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)[0].messages).toEqual([]);
  });

  it('binary: one line, exit 2', () => {
    const r = runBin([], { input: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('huashu: <stdin>: binary file, not linted\n');
  });

  it('binary through --fix goes out byte for byte (a clipboard pipe keeps what it had)', () => {
    const input = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0xff]);
    const r = runBin(['--fix'], { input });
    expect(r.code).toBe(2);
    expect(r.bytes.equals(input)).toBe(true);
  });

  it('GBK bytes (a console on code page 936) are decoded like a file', () => {
    const r = runBin(['-f', 'json'], { input: iconv.encode('亲，我保证明天发货\r\n', 'gbk') });
    expect(r.code).toBe(1);
    const [message] = JSON.parse(r.stdout)[0].messages.filter((m: { ruleId: string }) => m.ruleId === 'no-guarantee');
    expect(message.text).toMatch(/保证/);
  });

  it('--fix keeps CRLF line endings and prints UTF-8 by default, GBK with --output-encoding gbk', () => {
    const input = iconv.encode('亲，我保证明天发货\r\n谢谢\r\n', 'gbk');
    const utf8 = runBin(['--fix'], { input });
    expect(utf8.bytes.toString('utf8')).toBe('亲，我会尽量保证明天发货\r\n谢谢\r\n');
    const gbk = runBin(['--fix', '--output-encoding', 'gbk'], { input });
    expect(gbk.bytes.equals(iconv.encode('亲，我会尽量保证明天发货\r\n谢谢\r\n', 'gbk'))).toBe(true);
  });

  it('closed early inside a UTF-8 character (head -c): linted without the cut character, with a note', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'draft.txt'), '亲，我保证明天发货');
    // 14 bytes: 亲，我保 (12) and 2 of the 3 bytes of 证.
    const r = runShell('head -c 14 draft.txt | $HUASHU -f compact --fix', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('亲，我保');
    expect(r.stderr).toBe('huashu: <stdin>: ends in the middle of a UTF-8 character (2 bytes cut off); linted without it\n');
    const five = runShell('head -c 5 draft.txt | $HUASHU -f compact', dir);
    expect(five.code).toBe(0);
    expect(five.stderr).toBe('huashu: <stdin>: ends in the middle of a UTF-8 character (2 bytes cut off); linted without it\n');
  });

  it('a draft that cannot be parsed as its --stdin-filename format goes through --fix unchanged', () => {
    const r = runBin(['--fix', '--stdin-filename', 'draft.json'], { input: '{"reply": "我保证", }' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('{"reply": "我保证", }');
    expect(r.stderr).toMatch(/^huashu: draft\.json:1:\d+: /);
  });

  it('a non-blocking pipe that is slow to fill: nothing is lost', async () => {
    // The middle process makes its standard input (the pipe) non-blocking by opening process.stdin,
    // then hands that descriptor to the bin: its first read gets the first line, the next would
    // block (EAGAIN), and the rest comes through a stream.
    const middle = `process.stdin.pause();
const r = require('node:child_process').spawnSync(process.execPath, [${JSON.stringify(BIN)}, '-f', 'json'], { stdio: [0, 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
process.stdout.write(r.stdout);
process.exitCode = r.status;`;
    const child = spawn(process.execPath, ['-e', middle], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write('亲，我保证明天发货\n');
    await new Promise((resolve) => setTimeout(resolve, 700));
    child.stdin.end('这个颜色有点深，但是很耐穿\n');
    expect(await exited).toBe(1);
    const [file] = JSON.parse(out) as { messages: { ruleId: string; line: number }[] }[];
    expect(file!.messages.map((m) => `${m.line}:${m.ruleId}`)).toEqual(['1:no-guarantee', '2:no-but']);
  }, 30_000);
});

describe('output to a closed pipe', () => {
  it('huashu big.txt | head -1 exits quietly: no EPIPE, no stack trace', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.txt'), '亲，我保证明天发货，但是颜色有点深\n'.repeat(20_000));
    const r = runShell('$HUASHU big.txt | head -1; echo "exit ${PIPESTATUS[0]}" >&2', dir);
    expect(r.stdout).toBe('big.txt\n');
    expect(r.stderr).toBe('exit 1\n');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain('EPIPE');
  });
});
