/**
 * The prefilter skips a rule (or a pattern) when a draft contains none of its required factors
 * (src/rules/factors.ts, src/prefilter.ts), and the build stores the built-in rules as data with
 * their factors (dist/pack.json). Skipping must never lose a finding: these tests compare against
 * running every pattern, on the training documents and every rule example.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/config.js';
import { literalRewrites, packFromSnapshot, packSnapshot, readBuiltinSources } from '../src/files.js';
import { createLinter } from '../src/linter.js';
import { normalizeDraft } from '../src/normalize/normalize.js';
import { toScript, traditionalForms } from '../src/normalize/script.js';
import { literalFactors, regexFactors, unionFactors } from '../src/rules/factors.js';
import { FactorIndex } from '../src/prefilter.js';
import { toResult } from '../src/results.js';
import { parseText } from '../src/sources/text.js';
import type { Finding } from '../src/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEEDS = join(ROOT, '..', 'shared', 'seeds');
const sources = readBuiltinSources();
const eager = createLinter(sources);
const seedFiles = readdirSync(SEEDS).map((name) => join(SEEDS, name));
const texts = [
  ...seedFiles.flatMap((file) => readFileSync(file, 'utf8').split('\n')),
  ...eager.rules.flatMap(({ rule }) => [...rule.examples.invalid.map((e) => e.text), ...rule.examples.valid.map((e) => e.text)]),
].filter((t) => t.trim());

const brief = (findings: Finding[]) => findings.map((f) => `${f.ruleId}@${f.range[0]}-${f.range[1]}:${f.rewrites.join('|')}`);

describe('required factors of a regular expression', () => {
  it.each([
    ['但是', ['但是']],
    ['你(必须|得)', ['你必须', '你得']],
    ['(?<=^|[,，])可是', ['可是']],
    // A repetition of at least n: its first n repeats, joined with the known text before it.
    ['[!！]{2,}', ['!!', '!！', '！!', '！！']],
    ['(!)!{2,}(?![!?])', ['!!!']],
    ['(。)。{3,}', ['。。。。']],
    ['\\p{Script=Han}{2,}号', ['号']],
    ['(?:好的)+呀', ['好的呀']],
    ['(?:保证|肯定)(?:是|都是)?', ['保证', '肯定']],
    ['(?<=加|添加)微信', ['微信']],
    ['\\p{Script=Han}{2,}号(?!线)', ['号']],
    // Of two one-character candidates, not the one almost every draft holds.
    ['[滴嘀哒](?=的)', ['滴', '嘀', '哒']],
    ['(?<=的)[滴嘀哒]', ['滴', '嘀', '哒']],
  ])('%s', (source, expected) => {
    expect([...(regexFactors(source) ?? [])].sort()).toEqual([...expected].sort());
  });

  it.each(['\\p{Script=Han}+', '[^。]*', '(?:你)?', 'a|\\d+', '(.)\\1'])('knows none for %s', (source) => {
    expect(regexFactors(source)).toBeNull();
  });

  it('takes literals as they are and a rule as the union of its patterns', () => {
    expect(literalFactors(['保证', '', '保证'])).toEqual(['保证']);
    expect(unionFactors([['a'], ['b', 'a']])).toEqual(['a', 'b']);
    expect(unionFactors([['a'], null])).toBeNull();
  });
});

describe('no built-in pattern matches a text without one of its factors', () => {
  for (const { rule } of eager.rules) {
    it(rule.id, () => {
      const missed: string[] = [];
      for (const text of texts) {
        const normalized = normalizeDraft({ text, offset: 0 }).text;
        for (const pattern of rule.patterns ?? []) {
          pattern.expression.lastIndex = 0;
          if (!pattern.expression.test(normalized)) continue;
          if (pattern.factors && !pattern.factors.some((f) => normalized.includes(f))) missed.push(`${pattern.expression.source} in ${text}`);
        }
      }
      expect(missed).toEqual([]);
    });
  }
});

describe('the two ways of scanning a draft', () => {
  it('find the same factors: one by one (the first characters of a run) and with the trie', () => {
    const owners = eager.rules.map((r) => r.summary.factors);
    const patternLists = eager.rules.map(({ rule }) => rule.patterns ?? []);
    const seen = (index: FactorIndex, text: string) => {
      const present = index.scan(text);
      return JSON.stringify([owners.map((_f, i) => present.mayRun(i)), patternLists.map((p, owner) => present.select(p, owner))]);
    };
    const trie = new FactorIndex(owners);
    trie.scan('亲'.repeat(5000)); // past the plain scan: the trie is built
    let compared = 0;
    for (const text of texts.map((t) => normalizeDraft({ text: t, offset: 0 }).text)) {
      const plain = new FactorIndex(owners); // a fresh index scans its first draft factor by factor
      expect(seen(plain, text), text).toBe(seen(trie, text));
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe('a rule whose own factors are unknown', () => {
  it('still runs its patterns that have factors', async () => {
    const rule = `id: mixed
type: existence
level: error
message: 测试
patterns:
  - match: 旧说法
  - regex: '\\p{Script=Han}{30}'
examples:
  invalid:
    - {text: 这是旧说法, flagged: 旧说法}
  valid: [这是新说法]
`;
    const linter = createLinter({ ruleFiles: [{ path: 'mixed.yaml', text: rule }] });
    expect(linter.rules[0]!.summary.factors).toBeNull();
    expect(brief(await linter.lint(parseText('x', '这是旧说法')))).toEqual(['mixed@2-5:']);
  });
});

describe('Traditional forms computed by the build', () => {
  it('are what OpenCC gives, and give Traditional drafts the same rewrites', async () => {
    const rewrites = literalRewrites(eager.rules);
    expect(rewrites.length).toBeGreaterThan(50);
    const forms = await traditionalForms(rewrites);
    for (const locale of ['tw', 'hk'] as const) {
      for (const r of rewrites) expect(forms[locale]![r]).toBe(toScript(r, 'traditional', locale));
    }
    expect(forms.tw!['同时']).toBe('同時');
    const ahead = createLinter({ ...sources, traditional: forms });
    const drafts = ['親，這款絕對是正品，但是今天倉庫發不了貨', '這個問題我不知道，您自己去問快遞吧', '親，我保證明天發貨'];
    const rewritten = async (linter: typeof eager) => (await Promise.all(drafts.map((d) => linter.lint(parseText('x', d))))).flat().map((f) => f.rewrites);
    const got = await rewritten(ahead);
    expect(got.flat()).toContain('同時');
    expect(got).toEqual(await rewritten(eager));
    // The forms given are the ones used (a marked form shows through).
    const marked = createLinter({ ...sources, traditional: { tw: { ...forms.tw, 同时: '〔同時〕' } } });
    expect((await rewritten(marked)).flat()).toContain('〔同時〕');
  });
  it('cover the literal pieces of rewrites with captures, which keep the captured text as written', async () => {
    // no-command's `$<adv>需要您`: the piece around the capture is converted ahead too.
    expect(literalRewrites(eager.rules)).toContain('需要您');
    const rule = `id: must
type: substitution
level: warning
description: 不用命令口吻
message: 改成请求
patterns:
  - regex: 你必须(?<what>\\p{Script=Han}{2})
    rewrites: [请您$<what>]
examples:
  invalid:
    - text: 你必须确认
      flagged: 你必须确认
      output: 请您确认
  valid: [请您确认]
`;
    const pack = { ruleFiles: [{ path: 'must.yaml', text: rule }] };
    const rewrites = async (linter: typeof eager, text: string) => (await linter.lint(parseText('x', text))).map((f) => f.rewrites);
    // 確認 is captured from the draft as written; 请您 is converted (with OpenCC, or from the forms given).
    expect(await rewrites(createLinter(pack), '你必須確認')).toEqual([['請您確認']]);
    expect(await rewrites(createLinter({ ...pack, traditional: { tw: { 请您: '〔請您〕' } } }), '你必須確認')).toEqual([['〔請您〕確認']]);
    expect(await rewrites(createLinter(pack), '你必须确认')).toEqual([['请您确认']]);
  });
});

describe('the build snapshot', () => {
  const lazy = createLinter(packFromSnapshot(JSON.parse(JSON.stringify(packSnapshot(sources)))));

  it('lists the same rules with the same summaries', () => {
    expect(lazy.rules.map((r) => r.summary)).toEqual(eager.rules.map((r) => r.summary));
  });

  it('finds exactly what compiling every rule finds', async () => {
    for (const text of texts) {
      expect(brief(await lazy.lint(parseText('x', text)))).toEqual(brief(await eager.lint(parseText('x', text))));
    }
  });

  it('reads a rule kept in a file of its own once, when a draft first may match it', async () => {
    // As the build writes it: each rule's data read by a function (from dist/pack/).
    const snapshot = packSnapshot(sources);
    const reads = new Map<string, number>();
    const pack = packFromSnapshot(snapshot);
    const ruleFiles = pack.ruleFiles.map((file, i) => ({
      ...file,
      data: () => {
        reads.set(file.path, (reads.get(file.path) ?? 0) + 1);
        return snapshot.rules[i]!.data!;
      },
    }));
    const linter = createLinter({ ...pack, ruleFiles });
    expect(reads.size).toBe(0);
    const found = await linter.lint(parseText('x', texts.slice(0, 300).join('\n')));
    expect(brief(found)).toEqual(brief(await eager.lint(parseText('x', texts.slice(0, 300).join('\n')))));
    expect(reads.size).toBeGreaterThan(3);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });

  it('revives rules that draw on the config (competitors) with the config of the run', async () => {
    const config = { ...DEFAULT_CONFIG, competitors: ['某某旗舰店'] };
    const snapshot = packFromSnapshot(JSON.parse(JSON.stringify(packSnapshot(sources))));
    const withConfig = createLinter({ ...snapshot, config });
    const compiled = createLinter({ ...sources, config });
    for (const text of ['某某旗舰店卖的都是假货', '某某旗舰店的是假货', '京东的都是假货']) {
      const found = brief(await withConfig.lint(parseText('x', text)));
      expect(found).toEqual(brief(await compiled.lint(parseText('x', text))));
      expect(found.some((f) => f.startsWith('no-competitor-bashing'))).toBe(true);
    }
  });

  it('expands {subject} in a revived rule with the subjects of the run', async () => {
    const rule = `id: bash\ntype: proximity\nlevel: error\nmessage: m\nsubjects: [别家]\nsubjects-from: competitors\npatterns:\n  - regex: '比{subject}(?:好|强)'\nexamples:\n  invalid: [{ text: 比别家好, flagged: 比别家好 }]\n  valid: [很好]\n`;
    const pack = { ruleFiles: [{ path: 'bash.yaml', text: rule }], dictionary: [] };
    const revived = packFromSnapshot(JSON.parse(JSON.stringify(packSnapshot(pack))));
    expect(revived.ruleFiles[0]!.data).toBeDefined();
    const config = { ...DEFAULT_CONFIG, competitors: ['某店'] };
    const linter = createLinter({ ...revived, config });
    const compiled = createLinter({ ...pack, config });
    const found = brief(await linter.lint(parseText('x', '我们比某店强')));
    expect(found).toEqual(['bash@2-6:']);
    expect(found).toEqual(brief(await compiled.lint(parseText('x', '我们比某店强'))));
  });

  it('is what the built bin uses, with the same findings as the library', async () => {
    const file = seedFiles[0]!;
    const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '-f', 'json', file], { encoding: 'utf8' });
    type Message = { ruleId: string; line: number; column: number; endLine: number; endColumn: number };
    const [report] = JSON.parse(result.stdout) as { messages: Message[] }[];
    const text = readFileSync(file, 'utf8');
    const expected = toResult(file, text, await eager.lint(parseText(file, text))).messages;
    const where = (m: Message) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`;
    expect(report!.messages.map(where)).toEqual(expected.map(where));
    expect(expected.length).toBeGreaterThan(10);
  });
});
