/**
 * Directory walking and ignore files (src/ignore-files.ts), called directly on temporary trees.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitRoot, IgnoreRules, isBinaryFile, isGlobPattern, walkDirectory } from '../src/ignore-files.js';
import { KNOWN_EXTENSIONS } from '../src/sources/index.js';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A temporary tree from `{ 'a/b.txt': 'text' }`; returns its root. */
function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'huashu-paths-'));
  temps.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function walk(root: string, from = root): string[] {
  return walkDirectory(from, KNOWN_EXTENSIONS).map((f) => relative(root, f).split('\\').join('/'));
}

describe('walkDirectory', () => {
  it('finds known extensions only, sorted, skipping hidden entries, node_modules and .git', () => {
    const root = tree({ 'b.md': '', 'a/z.txt': '', 'a/y.js': '', '.hidden/x.txt': '', '.h.txt': '', 'node_modules/n.txt': '', 'a/.git/g.txt': '' });
    expect(walk(root)).toEqual(['a/z.txt', 'b.md']);
  });

  it('matches extensions in any case and skips Office lock files (~$name.xlsx)', () => {
    const root = tree({ 'A.CSV': '内容\n亲\n', '~$回复.xlsx': 'lock', '回复.xlsx': 'x' });
    expect(walk(root)).toEqual(['A.CSV', '回复.xlsx']);
  });

  it('honors .gitignore in the walked directory, relative to it, with negation', () => {
    const root = tree({ '.gitignore': '*.md\n!keep.md\n/top.txt\n', 'a.md': '', 'keep.md': '', 'top.txt': '', 'sub/top.txt': '', 'sub/b.md': '' });
    expect(walk(root)).toEqual(['keep.md', 'sub/top.txt']);
  });

  it('honors nested .gitignore files relative to their own directory, deeper ones overriding', () => {
    const root = tree({
      '.gitignore': '*.csv\n',
      'a.txt': '',
      'sub/.gitignore': '/a.txt\n!wanted.csv\n',
      'sub/a.txt': '',
      'sub/deeper/a.txt': '',
      'sub/wanted.csv': '',
      'sub/other.csv': '',
    });
    expect(walk(root)).toEqual(['a.txt', 'sub/deeper/a.txt', 'sub/wanted.csv']);
  });

  it('honors .huashuignore like .gitignore, and does not enter ignored directories', () => {
    const root = tree({ '.huashuignore': 'drafts/\nold-*.txt\n', 'drafts/x.txt': '', 'drafts/keep.txt': '', 'old-1.txt': '', 'new.txt': '' });
    expect(walk(root)).toEqual(['new.txt']);
  });

  it('reads ignore files from the git root down when walking a subdirectory of a work tree', () => {
    const root = tree({ '.git/HEAD': '', '.gitignore': 'scripts/draft.txt\n', 'scripts/draft.txt': '', 'scripts/final.txt': '' });
    expect(gitRoot(join(root, 'scripts'))).toBe(root);
    expect(walk(root, join(root, 'scripts'))).toEqual(['scripts/final.txt']);
  });

  it('without a git root, ignore files above the walked directory are not read', () => {
    const root = tree({ '.gitignore': '*.txt\n', 'scripts/final.txt': '' });
    expect(walk(root, join(root, 'scripts'))).toEqual(['scripts/final.txt']);
  });
});

describe('IgnoreRules.ignores', () => {
  it('ignores a file through an ignored ancestor directory or an always-skipped one', () => {
    const root = tree({ '.gitignore': 'build/\n', 'build/a/x.txt': '', 'src/x.txt': '', 'node_modules/x.txt': '' });
    const rules = new IgnoreRules(root);
    expect(rules.ignores(join(root, 'build', 'a', 'x.txt'))).toBe(true);
    expect(rules.ignores(join(root, 'node_modules', 'x.txt'))).toBe(true);
    expect(rules.ignores(join(root, 'src', 'x.txt'))).toBe(false);
    // Outside the base: never ignored.
    expect(rules.ignores(join(dirname(root), 'elsewhere.txt'))).toBe(false);
  });
});

describe('isBinaryFile', () => {
  it('sniffs text formats for NUL bytes, but not UTF-16 with a BOM nor non-text known formats', () => {
    const root = tree({
      'bin.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]),
      'text.csv': '分组,快捷短语\n',
      'utf16.csv': Buffer.from([0xff, 0xfe, 0x61, 0x00]),
      'zip.xlsx': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]),
    });
    expect(isBinaryFile(join(root, 'bin.txt'), KNOWN_EXTENSIONS)).toBe(true);
    expect(isBinaryFile(join(root, 'text.csv'), KNOWN_EXTENSIONS)).toBe(false);
    expect(isBinaryFile(join(root, 'utf16.csv'), KNOWN_EXTENSIONS)).toBe(false);
    // A known extension that is not a text format (an .xlsx parser) is never called binary.
    expect(isBinaryFile(join(root, 'zip.xlsx'), [...KNOWN_EXTENSIONS, '.xlsx'])).toBe(false);
    // An extension no parser claims (a glob may match it) is sniffed.
    expect(isBinaryFile(join(root, 'zip.xlsx'), ['.txt'])).toBe(true);
  });
});

describe('isGlobPattern', () => {
  it('recognizes *, ?, [ and {', () => {
    expect(['a/*.csv', 'a?.txt', '[ab].md', '{a,b}.md'].every(isGlobPattern)).toBe(true);
    expect(isGlobPattern('replies/售后.csv')).toBe(false);
  });
});
