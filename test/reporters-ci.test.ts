/**
 * The CI formats (sarif, github, junit, checkstyle, compact), tested from hand-built results.
 *
 * Outputs are checked as exact strings, and read back the way their consumers read them: SARIF is
 * validated against the vendored SARIF 2.1.0 schema (test/fixtures/sarif-2.1.0.schema.json, from
 * @microsoft/sarif-multitool-linux@5.7.0, see the .NOTICE beside it) with Ajv; workflow commands
 * are decoded as actions/runner decodes them; XML goes through saxes, a strict XML 1.0 parser
 * that rejects anything not well-formed (disallowed characters, bad escapes, `]]>` in text).
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { formatCheckstyle } from '../src/reporters/checkstyle.js';
import { formatCompact } from '../src/reporters/compact.js';
import { formatGithub } from '../src/reporters/github.js';
import { FORMAT_NAMES, loadFormat, type RuleInfo } from '../src/reporters/index.js';
import { formatJunit } from '../src/reporters/junit.js';
import { formatSarif } from '../src/reporters/sarif.js';
import type { LintMessage, LintResult } from '../src/types.js';
import { validateSarif } from './sarif-schema.js';

// ---------------------------------------------------------------------------------------------
// Hand-built results

// 亲，我保证明天发货 is 9 UTF-16 units; the LF is at 9; 😀 takes 10–11 (one code point).
const draftsSource = '亲，我保证明天发货\n😀但是没关系';
const guarantee: LintMessage = {
  ruleId: 'no-guarantee', severity: 'error', message: '不要作承诺', line: 1, column: 4, endLine: 1, endColumn: 6,
  text: '保证', rewrites: ['尽量'], fixable: true, range: [3, 5], fix: { range: [3, 5], text: '尽量' },
};
const but: LintMessage = {
  ruleId: 'no-but', severity: 'warning', message: '不说但是', line: 2, column: 2, endLine: 2, endColumn: 4,
  text: '但是', rewrites: ['不过', '同时'], fixable: true, range: [12, 14], fix: { range: [12, 14], text: '不过' },
};
const drafts: LintResult = { path: 'drafts.txt', source: draftsSource, messages: [guarantee, but], errorCount: 1, warningCount: 1, infoCount: 0 };
const clean: LintResult = { path: 'clean.txt', source: '您好', messages: [], errorCount: 0, warningCount: 0, infoCount: 0 };
const broken: LintResult = { path: 'broken.txt', source: '', messages: [], errorCount: 0, warningCount: 0, infoCount: 0, fatal: 'not valid UTF-8 text' };

// Traditional text with CRLF: 親0 ，1 我2 們3 絕4 對5 是6 正7 品8 CR9 LF10 好11 的12.
const trickySource = '親，我們絕對是正品\r\n好的';
const trickyPath = '客服/話術 50%,a:b.md';
/** Everything that needs escaping somewhere, plus a control character XML cannot carry. */
const trickyMessage = `100% 正品: 不要說"絕對", 也不要說'保證' <b>&amp;</b>\r\n第二行 ]]> \u0001 😀`;
const absolute: LintMessage = {
  ruleId: 'no-absolute', severity: 'info', message: trickyMessage, line: 1, column: 5, endLine: 1, endColumn: 7,
  text: '絕對', rewrites: ['', '很'], fixable: true, range: [4, 6], fix: { range: [4, 6], text: '' },
};
const spanning: LintMessage = {
  ruleId: 'no-span', severity: 'warning', message: '跨行', line: 1, column: 8, endLine: 2, endColumn: 2,
  text: '正品\r\n好', rewrites: [], fixable: false, range: [7, 12],
};
const suggestion: LintMessage = {
  ruleId: 'soft-reply', severity: 'error', message: '语气生硬', line: 2, column: 1, endLine: 2, endColumn: 3,
  text: '好的', rewrites: ['好的呢'], fixable: false, range: [11, 13], fix: { range: [11, 13], text: '好的呢' },
};
const tricky: LintResult = {
  path: trickyPath, source: trickySource, messages: [absolute, spanning, suggestion], errorCount: 1, warningCount: 1, infoCount: 1,
};
const stdin: LintResult = {
  path: '<stdin>', source: '我保证', errorCount: 1, warningCount: 0, infoCount: 0,
  messages: [{ ...guarantee, column: 2, endColumn: 4, range: [1, 3], fix: { range: [1, 3], text: '尽量' } }],
};

const rules: RuleInfo[] = [
  { id: 'no-guarantee', description: '不作承诺', message: '不要用"保证"向顾客作承诺', level: 'error', fixable: true },
  { id: 'no-cannot', description: '不说不能', message: '少用否定句', level: 'off', fixable: false },
  { id: 'no-but', description: '不说但是', message: '"但是"否定前文', level: 'warning', fixable: true, helpUri: 'https://example.com/rules/no-but' },
];

// ---------------------------------------------------------------------------------------------
// Readers

/** Parses one workflow command the way actions/runner does (ActionCommand.TryParseV2). */
function parseCommand(line: string) {
  expect(line.startsWith('::')).toBe(true);
  const end = line.indexOf('::', 2);
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const properties: Record<string, string> = {};
  for (const pair of info.slice(space + 1).split(',')) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), [['%0D', '\r'], ['%0A', '\n'], ['%3A', ':'], ['%2C', ','], ['%25', '%']]);
  }
  const data = unescape(line.slice(end + 2), [['%0D', '\r'], ['%0A', '\n'], ['%25', '%']]);
  return { command: info.slice(0, space), properties, data };
}

/** The runner unescapes with one replace-all per token, `%25` last. */
function unescape(text: string, mappings: [string, string][]): string {
  return mappings.reduce((t, [token, value]) => t.split(token).join(value), text);
}

interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses XML strictly (throws unless well-formed XML 1.0) into a small tree. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const document: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [document];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.write(xml).close();
  expect(document.children).toHaveLength(1);
  return document.children[0]!;
}


function expectValidSarif(text: string) {
  const log = JSON.parse(text);
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return log;
}

// ---------------------------------------------------------------------------------------------

describe('compact reporter', () => {
  it('writes one path:line:col: severity message [rewrites] (rule) line per finding', () => {
    expect(formatCompact([drafts, clean])).toBe(
      'drafts.txt:1:4: error 不要作承诺 [保证 → 尽量（可自动修复）] (no-guarantee)\n' +
        'drafts.txt:2:2: warning 不说但是 [但是 → 不过 | 同时（可自动修复）] (no-but)\n',
    );
  });

  it('keeps each finding on one line, and words deletions and suggestions', () => {
    expect(formatCompact([tricky]).split('\n')).toEqual([
      `客服/話術 50%,a:b.md:1:5: info 100% 正品: 不要說"絕對", 也不要說'保證' <b>&amp;</b> 第二行 ]]> \u0001 😀 [絕對 → （删去） | 很（可自动修复）] (no-absolute)`,
      '客服/話術 50%,a:b.md:1:8: warning 跨行 (no-span)',
      '客服/話術 50%,a:b.md:2:1: error 语气生硬 [好的 → 好的呢] (soft-reply)',
      '',
    ]);
  });

  it('prints nothing for clean files, and a line for a file that could not be linted', () => {
    expect(formatCompact([clean])).toBe('');
    expect(formatCompact([])).toBe('');
    expect(formatCompact([broken, clean])).toBe('broken.txt:1:1: error not valid UTF-8 text\n');
  });
});

describe('github reporter', () => {
  it('writes one workflow command per finding, with the rule id as title and the rewrite in the message', () => {
    expect(formatGithub([drafts, clean])).toBe(
      '::error file=drafts.txt,line=1,endLine=1,col=4,endColumn=6,title=no-guarantee::不要作承诺%0A保证 → 尽量（可自动修复）\n' +
        '::warning file=drafts.txt,line=2,endLine=2,col=2,endColumn=4,title=no-but::不说但是%0A但是 → 不过 | 同时（可自动修复）\n',
    );
    expect(formatGithub([clean])).toBe('');
  });

  it('escapes data and properties so the runner reads them back exactly', () => {
    const lines = formatGithub([tricky]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    // No raw line break inside a command: one finding, one line.
    expect(lines[0]).toBe(
      '::notice file=客服/話術 50%25%2Ca%3Ab.md,line=1,endLine=1,col=5,endColumn=7,title=no-absolute::' +
        `100%25 正品: 不要說"絕對", 也不要說'保證' <b>&amp;</b>%0D%0A第二行 ]]> \u0001 😀%0A絕對 → （删去） | 很（可自动修复）`,
    );
    const notice = parseCommand(lines[0]!);
    expect(notice).toEqual({
      command: 'notice',
      properties: { file: trickyPath, line: '1', endLine: '1', col: '5', endColumn: '7', title: 'no-absolute' },
      data: `${trickyMessage}\n絕對 → （删去） | 很（可自动修复）`,
    });
  });

  it('sends a span over several lines with lines only (the runner drops columns then)', () => {
    const [, span, soft] = formatGithub([tricky]).split('\n');
    expect(parseCommand(span!)).toEqual({
      command: 'warning',
      properties: { file: trickyPath, line: '1', endLine: '2', title: 'no-span' },
      data: '跨行',
    });
    expect(parseCommand(soft!).properties).toEqual({ file: trickyPath, line: '2', endLine: '2', col: '1', endColumn: '3', title: 'soft-reply' });
  });

  it('never writes a column below 1, and reports a file that could not be linted', () => {
    const zero: LintResult = { ...drafts, messages: [{ ...guarantee, column: 0, endColumn: 0 }] };
    expect(parseCommand(formatGithub([zero]).trimEnd()).properties).toMatchObject({ col: '1', endColumn: '1' });
    expect(formatGithub([broken])).toBe('::error file=broken.txt,title=huashu::not valid UTF-8 text\n');
    expect(formatGithub([stdin])).toBe('::error file=<stdin>,line=1,endLine=1,col=2,endColumn=4,title=no-guarantee::不要作承诺%0A保证 → 尽量（可自动修复）\n');
  });
});

describe('checkstyle reporter', () => {
  it('writes the Checkstyle 4.3 shape, clean files included', () => {
    expect(formatCheckstyle([drafts, clean])).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="drafts.txt">',
        '    <error line="1" column="4" severity="error" message="不要作承诺 [保证 → 尽量（可自动修复）]" source="huashu.no-guarantee"/>',
        '    <error line="2" column="2" severity="warning" message="不说但是 [但是 → 不过 | 同时（可自动修复）]" source="huashu.no-but"/>',
        '  </file>',
        '  <file name="clean.txt"/>',
        '</checkstyle>',
        '',
      ].join('\n'),
    );
    expect(formatCheckstyle([])).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n</checkstyle>\n');
  });

  it('is well-formed and reads back exactly, whatever the message holds', () => {
    const root = parseXml(formatCheckstyle([tricky, broken, clean]));
    expect(root.name).toBe('checkstyle');
    expect(root.attributes).toEqual({ version: '4.3' });
    expect(root.children.map((f) => [f.attributes.name, f.children.length])).toEqual([
      [trickyPath, 3],
      ['broken.txt', 1],
      ['clean.txt', 0],
    ]);
    const [info, span, soft] = root.children[0]!.children;
    expect(info!.attributes).toEqual({
      line: '1',
      column: '5',
      severity: 'info',
      // The control character cannot be written in XML 1.0 at all: it becomes U+FFFD.
      message: `${trickyMessage.replace('\u0001', '\uFFFD')} [絕對 → （删去） | 很（可自动修复）]`,
      source: 'huashu.no-absolute',
    });
    expect(span!.attributes).toMatchObject({ line: '1', column: '8', severity: 'warning', message: '跨行' });
    expect(soft!.attributes).toMatchObject({ line: '2', column: '1', severity: 'error', source: 'huashu.soft-reply' });
    expect(root.children[1]!.children[0]!.attributes).toEqual({ line: '1', column: '1', severity: 'error', message: 'not valid UTF-8 text', source: 'huashu.fatal' });
  });

  it('escapes a path with markup characters and a lone surrogate', () => {
    const odd: LintResult = { ...clean, path: `a&b<"c'>\uD800.txt` };
    expect(formatCheckstyle([odd])).toContain('<file name="a&amp;b&lt;&quot;c&apos;&gt;\uFFFD.txt"/>');
    expect(parseXml(formatCheckstyle([odd])).children[0]!.attributes.name).toBe(`a&b<"c'>\uFFFD.txt`);
  });
});

describe('junit reporter', () => {
  it('writes one suite per file and one test case per finding', () => {
    expect(formatJunit([drafts, clean])).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="huashu" tests="3" failures="2" errors="0" time="0">',
        '  <testsuite name="drafts.txt" tests="2" failures="2" errors="0" skipped="0" time="0">',
        '    <testcase classname="huashu.no-guarantee" name="drafts.txt:1:4 保证" file="drafts.txt" line="1" time="0">',
        '      <failure type="error" message="不要作承诺">drafts.txt:1:4: error 不要作承诺 [保证 → 尽量（可自动修复）] (no-guarantee)</failure>',
        '    </testcase>',
        '    <testcase classname="huashu.no-but" name="drafts.txt:2:2 但是" file="drafts.txt" line="2" time="0">',
        '      <failure type="warning" message="不说但是">drafts.txt:2:2: warning 不说但是 [但是 → 不过 | 同时（可自动修复）] (no-but)</failure>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="clean.txt" tests="1" failures="0" errors="0" skipped="0" time="0">',
        '    <testcase classname="huashu" name="clean.txt" file="clean.txt" time="0"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('is well-formed, and its counts match the findings when read back', () => {
    const root = parseXml(formatJunit([tricky, broken, clean, stdin]));
    expect(root.name).toBe('testsuites');
    // tricky: 3 cases (info passes, warning and error fail); broken: 1 error; clean: 1 pass; stdin: 1 failure.
    expect(root.attributes).toEqual({ name: 'huashu', tests: '6', failures: '3', errors: '1', time: '0' });
    const suites = root.children;
    expect(suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.errors, s.children.length])).toEqual([
      [trickyPath, '3', '2', '0', 3],
      ['broken.txt', '1', '0', '1', 1],
      ['clean.txt', '1', '0', '0', 1],
      ['<stdin>', '1', '1', '0', 1],
    ]);
    // Every suite's counts agree with its test cases.
    for (const s of suites) {
      expect(s.children.filter((c) => c.name === 'testcase')).toHaveLength(Number(s.attributes.tests));
      expect(s.children.filter((c) => c.children.some((x) => x.name === 'failure'))).toHaveLength(Number(s.attributes.failures));
      expect(s.children.filter((c) => c.children.some((x) => x.name === 'error'))).toHaveLength(Number(s.attributes.errors));
    }
  });

  it('keeps tricky text exact, passes info findings with their details in system-out', () => {
    const [info, span, soft] = parseXml(formatJunit([tricky])).children[0]!.children;
    expect(info!.attributes).toEqual({ classname: 'huashu.no-absolute', name: `${trickyPath}:1:5 絕對`, file: trickyPath, line: '1', time: '0' });
    expect(info!.children.map((c) => c.name)).toEqual(['system-out']);
    expect(info!.children[0]!.text).toBe(
      `${trickyPath}:1:5: info 100% 正品: 不要說"絕對", 也不要說'保證' <b>&amp;</b> 第二行 ]]> \uFFFD 😀 [絕對 → （删去） | 很（可自动修复）] (no-absolute)`,
    );
    // The flagged text's line break becomes a space in the test name.
    expect(span!.attributes.name).toBe(`${trickyPath}:1:8 正品 好`);
    expect(span!.children[0]!.name).toBe('failure');
    expect(span!.children[0]!.attributes).toEqual({ type: 'warning', message: '跨行' });
    expect(soft!.children[0]!.attributes).toEqual({ type: 'error', message: '语气生硬' });

    const withBreaks: LintResult = { ...drafts, messages: [{ ...guarantee, message: trickyMessage }] };
    const failure = parseXml(formatJunit([withBreaks])).children[0]!.children[0]!.children[0]!;
    expect(failure.attributes.message).toBe(trickyMessage.replace('\u0001', '\uFFFD'));
  });

  it('reports a file that could not be linted as an error', () => {
    const testcase = parseXml(formatJunit([broken])).children[0]!.children[0]!;
    expect(testcase.attributes).toEqual({ classname: 'huashu', name: 'broken.txt', file: 'broken.txt', time: '0' });
    expect(testcase.children[0]).toMatchObject({ name: 'error', attributes: { type: 'fatal', message: 'not valid UTF-8 text' }, text: 'not valid UTF-8 text' });
    expect(parseXml(formatJunit([])).attributes).toEqual({ name: 'huashu', tests: '0', failures: '0', errors: '0', time: '0' });
  });
});

describe('sarif reporter', () => {
  it('validates against the SARIF 2.1.0 schema, and the validator does reject bad logs', () => {
    for (const out of [
      formatSarif([]),
      formatSarif([clean]),
      formatSarif([stdin]),
      formatSarif([drafts], { version: '0.1.0', rules }),
      formatSarif([tricky, clean, broken], { version: '0.1.0', rules, cwd: '/work/客服 repo' }),
      formatSarif([{ ...clean, path: '/abs/路径 x.txt' }, { ...clean, path: 'C:/Users/a b.txt' }]),
    ]) {
      expectValidSarif(out);
    }
    const log = JSON.parse(formatSarif([drafts]));
    log.runs[0].results[0].locations[0].physicalLocation.region.startColumn = 0;
    expect(validateSarif(log)).toBe(false);
    const spaced = JSON.parse(formatSarif([drafts]));
    spaced.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a b.txt';
    expect(validateSarif(spaced)).toBe(false);
  });

  it('writes one run with the rules, the results, their regions in code points and safe fixes', () => {
    const log = expectValidSarif(formatSarif([drafts, clean], { version: '0.1.0', rules }));
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const location = { uri: 'drafts.txt' };
    expect(log.runs[0]).toEqual({
      tool: {
        driver: {
          name: 'huashu',
          version: '0.1.0',
          rules: [
            {
              id: 'no-guarantee',
              shortDescription: { text: '不作承诺' },
              fullDescription: { text: '不要用"保证"向顾客作承诺' },
              help: { text: '不要用"保证"向顾客作承诺' },
              defaultConfiguration: { level: 'error' },
              properties: { fixable: true },
            },
            {
              id: 'no-cannot',
              shortDescription: { text: '不说不能' },
              fullDescription: { text: '少用否定句' },
              help: { text: '少用否定句' },
              defaultConfiguration: { enabled: false },
              properties: { fixable: false },
            },
            {
              id: 'no-but',
              shortDescription: { text: '不说但是' },
              fullDescription: { text: '"但是"否定前文' },
              help: { text: '"但是"否定前文' },
              helpUri: 'https://example.com/rules/no-but',
              defaultConfiguration: { level: 'warning' },
              properties: { fixable: true },
            },
          ],
        },
      },
      results: [
        {
          ruleId: 'no-guarantee',
          ruleIndex: 0,
          level: 'error',
          message: { text: '不要作承诺\n保证 → 尽量（可自动修复）' },
          locations: [{ physicalLocation: { artifactLocation: location, region: { startLine: 1, startColumn: 4, endLine: 1, endColumn: 6, snippet: { text: '保证' } } } }],
          fixes: [
            {
              description: { text: '保证 → 尽量' },
              artifactChanges: [
                { artifactLocation: location, replacements: [{ deletedRegion: { startLine: 1, startColumn: 4, endLine: 1, endColumn: 6 }, insertedContent: { text: '尽量' } }] },
              ],
            },
          ],
          properties: { rewrites: ['尽量'], fixable: true },
        },
        {
          ruleId: 'no-but',
          ruleIndex: 2,
          level: 'warning',
          message: { text: '不说但是\n但是 → 不过 | 同时（可自动修复）' },
          locations: [{ physicalLocation: { artifactLocation: location, region: { startLine: 2, startColumn: 2, endLine: 2, endColumn: 4, snippet: { text: '但是' } } } }],
          fixes: [
            {
              description: { text: '但是 → 不过' },
              artifactChanges: [
                // 😀 is two UTF-16 units but one column: 但是 starts at column 2.
                { artifactLocation: location, replacements: [{ deletedRegion: { startLine: 2, startColumn: 2, endLine: 2, endColumn: 4 }, insertedContent: { text: '不过' } }] },
              ],
            },
          ],
          properties: { rewrites: ['不过', '同时'], fixable: true },
        },
      ],
      columnKind: 'unicodeCodePoints',
    });
  });

  it('includes fixes only for fixable findings; a deletion has no inserted content', () => {
    const log = expectValidSarif(formatSarif([tricky]));
    const [info, span, soft] = log.runs[0].results;
    expect(info.level).toBe('note');
    expect(info.message.text).toBe(`${trickyMessage}\n絕對 → （删去） | 很（可自动修复）`);
    expect(info.fixes).toEqual([
      {
        description: { text: '絕對 → （删去）' },
        artifactChanges: [{ artifactLocation: info.locations[0].physicalLocation.artifactLocation, replacements: [{ deletedRegion: { startLine: 1, startColumn: 5, endLine: 1, endColumn: 7 } }] }],
      },
    ]);
    expect(span.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 8, endLine: 2, endColumn: 2, snippet: { text: '正品\r\n好' } });
    expect(span.fixes).toBeUndefined();
    // A suggestion (not fixable on its own) has a fix range, but is not offered as a SARIF fix.
    expect(soft.fixes).toBeUndefined();
    expect(soft.properties).toEqual({ rewrites: ['好的呢'], fixable: false });
  });

  it('without rules from the runner, lists each rule a result names by id, in order of appearance', () => {
    const log = expectValidSarif(formatSarif([tricky, drafts]));
    expect(log.runs[0].tool.driver).toEqual({
      name: 'huashu',
      rules: [{ id: 'no-absolute' }, { id: 'no-span' }, { id: 'soft-reply' }, { id: 'no-guarantee' }, { id: 'no-but' }],
    });
    expect(log.runs[0].results.map((r: { ruleIndex: number }) => r.ruleIndex)).toEqual([0, 1, 2, 3, 4]);
    const partial = expectValidSarif(formatSarif([drafts, tricky], { rules: rules.slice(0, 1) }));
    expect(partial.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['no-guarantee', 'no-but', 'no-absolute', 'no-span', 'soft-reply']);
  });

  it('writes paths as URI references: encoded, relative to %SRCROOT% when the cwd is known', () => {
    const uriOf = (log: { runs: { results: { locations: { physicalLocation: { artifactLocation: unknown } }[] }[] }[] }) =>
      log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
    const withBase = expectValidSarif(formatSarif([tricky, stdin], { cwd: '/work/客服 repo' }));
    expect(withBase.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/%E5%AE%A2%E6%9C%8D%20repo/' } });
    const encoded = { uri: '%E5%AE%A2%E6%9C%8D/%E8%A9%B1%E8%A1%93%2050%25%2Ca%3Ab.md', uriBaseId: '%SRCROOT%' };
    // Standard input is not a file under the working directory: no base.
    expect(uriOf(withBase)).toEqual([encoded, encoded, encoded, { uri: '%3Cstdin%3E' }]);
    expect(decodeURIComponent(encoded.uri)).toBe(trickyPath);

    const plain = expectValidSarif(formatSarif([stdin, { ...stdin, path: '/abs/路径 x.txt' }, { ...stdin, path: 'C:/Users/a b.txt' }]));
    expect(plain.runs[0].originalUriBaseIds).toBeUndefined();
    expect(uriOf(plain)).toEqual([{ uri: '%3Cstdin%3E' }, { uri: 'file:///abs/%E8%B7%AF%E5%BE%84%20x.txt' }, { uri: 'file:///C:/Users/a%20b.txt' }]);
  });

  it('reports a file that could not be linted as a failed execution', () => {
    const log = expectValidSarif(formatSarif([broken, clean]));
    expect(log.runs[0].invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [{ level: 'error', message: { text: 'not valid UTF-8 text' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.txt' } } }] }],
      },
    ]);
    expect(log.runs[0].results).toEqual([]);
    expect(expectValidSarif(formatSarif([clean])).runs[0].invocations).toBeUndefined();
  });
});

describe('format registry', () => {
  it('prints for a run without messages exactly what the format itself prints (a silent one is not even loaded)', async () => {
    const clean = [{ path: 'clean.txt', source: '亲，您好', messages: [], errorCount: 0, warningCount: 0, infoCount: 0 }];
    const options = { color: false, version: '9.9.9', rules, cwd: '/w' };
    for (const name of FORMAT_NAMES) {
      const loaded = (await loadFormat(name, { color: false }))(clean, options);
      expect((await loadFormat(name, { color: false, results: clean }))(clean, options), name).toBe(loaded);
    }
    expect((await loadFormat('json', { color: false, results: clean }))(clean, options)).not.toBe('');
  });

  it('offers every format by name, passing the report options to sarif', async () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'json', 'sarif', 'github', 'junit', 'checkstyle', 'compact']);
    const sarif = JSON.parse((await loadFormat('sarif', { color: true }))([drafts], { color: true, version: '9.9.9', rules, cwd: '/w' }));
    expect(sarif.runs[0].tool.driver.version).toBe('9.9.9');
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(3);
    expect(sarif.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///w/' } });
    // The CI formats never color, whatever the options say.
    for (const name of ['sarif', 'github', 'junit', 'checkstyle', 'compact'] as const) {
      expect((await loadFormat(name, { color: true }))([drafts, tricky], { color: true })).not.toMatch(/\u001b\[/);
    }
  });
});
