/**
 * Property tests (fast-check) with a fixed seed and bounded runs; fast-check prints the seed and
 * the shrunk counterexample on failure. Set HUASHU_FC_SEED to replay or explore another seed and
 * HUASHU_FC_RUNS to run more cases.
 *
 * (a) positions: for random text of CJK, Traditional, full-width, astral, combining, zero-width and
 *     line-break characters, every normalized range maps back inside the original and every
 *     finding's text is the original text at its range;
 * (b) fix: for drafts built from the rule pack's own examples and filler, a fix touches only the
 *     reported spans, a second fix changes nothing, and fixing never adds an error-level finding;
 * (c) the bin never crashes (exit 0/1/2, no stack trace) on random bytes as a file or on stdin.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPack } from '../src/files.js';
import { applyFixes, fixText } from '../src/fix.js';
import { createLinter } from '../src/linter.js';
import { normalizeDraft } from '../src/normalize/normalize.js';
import { countCodePoints, createLocator } from '../src/position.js';
import { parseText } from '../src/sources/text.js';
import type { Finding } from '../src/types.js';
import { runBin, STACK_TRACE, tempDir } from './bin.js';

const SEED = Number(process.env.HUASHU_FC_SEED ?? 20240607);
const RUNS = Number(process.env.HUASHU_FC_RUNS ?? 200);
const params = (numRuns: number) => ({ seed: SEED, numRuns, verbose: 1 as const });

const linter = createLinter(builtinPack());

/** Characters that stress positions: each class changes length, width or script somewhere. */
const PIECES = [
  ...'我你您保证但是不能微信亲发货',
  ...'們說個這還發貨為們裡',
  ...'ＱＱ１３８，！？：（）　Ａａ',
  '😀',
  '𠮷',
  '👍🏻',
  'e\u0301',
  '\u200b',
  '\u200d',
  '\uFEFF',
  '\u2060',
  '\r',
  '\n',
  '\r\n',
  '\t',
  ...'ab1 .,!?[]{}$#-:/',
  '[微笑]',
  '{订单号}',
  'https://x.cn/a',
  '#E-s12',
];
const messyText = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));

describe('(a) positions map back into the original', () => {
  it('every normalized range maps to a range inside the original draft', () => {
    fc.assert(
      fc.property(messyText, fc.nat(), fc.nat(), (text, a, b) => {
        const normalized = normalizeDraft({ text, offset: 0 });
        const n = normalized.text.length;
        const start = n ? a % (n + 1) : 0;
        const end = start + (n ? b % (n - start + 1) : 0);
        const [s, e] = normalized.map.toOriginal([start, end]);
        expect(0 <= s && s <= e && e <= text.length).toBe(true);
      }),
      params(RUNS * 5),
    );
  });

  it("every finding's text is the original text at its range, and its fix replaces exactly that range", async () => {
    await fc.assert(
      fc.asyncProperty(messyText, async (text) => {
        const findings = await linter.lint(parseText('a.txt', text));
        for (const f of findings) {
          expect(0 <= f.range[0] && f.range[0] < f.range[1] && f.range[1] <= text.length).toBe(true);
          expect(f.text).toBe(text.slice(f.range[0], f.range[1]));
          if (f.fix) expect(f.fix.range).toEqual(f.range);
        }
      }),
      params(RUNS),
    );
  });

  it('columns are code points from the line start, for any offset', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES, '\uD83D', '\uDE00'), { maxLength: 400 }).map((p) => p.join('')), fc.nat(), (text, k) => {
        const offset = k % (text.length + 1);
        const { line, column } = createLocator(text)(offset);
        // The line starts after the last line break before the offset; between the CR and LF of a
        // CRLF, the offset belongs to the line the CRLF ends.
        let start = text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;
        while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
        expect(column).toBe(countCodePoints(text, start, offset) + 1);
        expect(line).toBeGreaterThanOrEqual(1);
      }),
      params(RUNS * 5),
    );
  });
});

describe('(b) --fix on drafts built from the rule examples', () => {
  const examples = linter.rules.flatMap(({ rule }) => [...rule.examples.invalid.map((e) => e.text), ...rule.examples.valid.map((e) => e.text)]);
  const filler = ['亲，', '您好，', '谢谢。', '好的', '。', '，', ' ', '\t', '😀', '[微笑]', '我们', '明天'];
  const draft = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...examples) }, { weight: 2, arbitrary: fc.constantFrom(...filler) }), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
  const document = fc.array(draft, { minLength: 1, maxLength: 5 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));
  const lint = linter.lint;
  // Error-level findings per rule (a fix elsewhere may change a finding's text: 你自己 → 您自己).
  const errorsOf = (findings: Finding[]) => {
    const counts = new Map<string, number>();
    for (const f of findings) if (f.severity === 'error') counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    return counts;
  };

  it('each pass changes only the reported spans of the fixes it applies', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (text) => {
        const findings = await lint(parseText('a.txt', text));
        const { output, applied } = applyFixes(text, findings);
        // Rebuild the output from the original outside the applied spans and the fix texts inside.
        let rebuilt = '';
        let cursor = 0;
        for (const f of [...applied].sort((a, b) => a.range[0] - b.range[0])) {
          expect(f.fix!.range).toEqual(f.range);
          expect(f.range[0]).toBeGreaterThanOrEqual(cursor);
          rebuilt += text.slice(cursor, f.range[0]) + f.fix!.text;
          cursor = f.range[1];
        }
        expect(output).toBe(rebuilt + text.slice(cursor));
      }),
      params(RUNS),
    );
  });

  it('a second fix changes nothing, and fixing adds no error-level finding', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (text) => {
        const before = await lint(parseText('a.txt', text));
        const once = await fixText(lint, 'a.txt', text, parseText);
        expect(once.capped).toBe(false);
        const twice = await fixText(lint, 'a.txt', once.output, parseText);
        expect(twice.output).toBe(once.output);
        const was = errorsOf(before);
        for (const [key, n] of errorsOf(once.findings)) expect(`${key}: ${n}`).toBe(`${key}: ${Math.min(n, was.get(key) ?? 0)}`);
      }),
      params(RUNS),
    );
  });
});

describe('(c) the bin never crashes on random bytes', () => {
  // Bytes: raw noise, or text in one of the encodings huashu reads, possibly cut anywhere.
  const text = fc.array(fc.constantFrom(...PIECES, '"', ',', '\n', ':', '- ', '{', '}', '<!--', '```'), { maxLength: 40 }).map((p) => p.join(''));
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    text.map((t) => Buffer.from(t, 'utf8')),
    fc.tuple(text, fc.nat()).map(([t, cut]) => Buffer.from(t, 'utf8').subarray(0, cut % (Buffer.byteLength(t) + 1))),
    text.map((t) => Buffer.from('\uFEFF' + t, 'utf16le')),
  );
  const extension = fc.constantFrom('.txt', '.md', '.csv', '.tsv', '.json', '.jsonl', '.yaml', '.xlsx', '');
  const noCrash = (r: ReturnType<typeof runBin>) => {
    expect(r.signal).toBeNull();
    expect([0, 1, 2]).toContain(r.code);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  };

  it('as a file, with any extension, linted and fixed', () => {
    const dir = tempDir();
    fc.assert(
      fc.property(bytes, extension, fc.boolean(), (content, ext, fix) => {
        writeFileSync(join(dir, `input${ext}`), content);
        noCrash(runBin([...(fix ? ['--fix'] : []), `input${ext}`], { cwd: dir }));
      }),
      params(15),
    );
  });

  it('on standard input', () => {
    fc.assert(
      fc.property(bytes, fc.boolean(), (content, fix) => {
        noCrash(runBin(fix ? ['--fix'] : [], { input: content }));
      }),
      params(15),
    );
  });
});
