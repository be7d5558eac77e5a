/**
 * `--format junit`: JUnit XML, for the test-report views of GitLab (`artifacts:reports:junit`),
 * Jenkins (`junit` step), Azure Pipelines and similar:
 *
 *   <testsuites name="huashu" tests="2" failures="1" errors="0" time="0">
 *     <testsuite name="drafts.txt" tests="1" failures="1" errors="0" skipped="0" time="0">
 *       <testcase classname="huashu.no-guarantee" name="drafts.txt:1:4 保证" file="drafts.txt" line="1" time="0">
 *         <failure type="error" message="不要作承诺">drafts.txt:1:4: error 不要作承诺 [保证 → 尽量（可自动修复）] (no-guarantee)</failure>
 *       </testcase>
 *     </testsuite>
 *     <testsuite name="clean.txt" …><testcase classname="huashu" name="clean.txt" file="clean.txt" time="0"/></testsuite>
 *   </testsuites>
 *
 * Shape, chosen for how the views list tests:
 * - one <testsuite> per linted file, named by its path;
 * - one <testcase> per finding, so the views count and list findings one by one. Its classname is
 *   `huashu.<rule id>` (Jenkins splits classnames at the last dot into package and class, which
 *   then groups findings by rule; a path full of dots would be split at random), its name is
 *   `path:line:column flagged-text`, and `file`/`line` point GitLab at the place;
 * - errors and warnings are <failure>s (type = severity), info-level findings are passing test
 *   cases with the details in <system-out>, so hints show up without failing the report;
 * - a clean file is one passing test case named by its path, so it counts as passed;
 * - a file that could not be linted (`fatal`) is one test case with an <error>.
 * Lines and columns are 1-based, columns count Unicode code points. Text is escaped for XML 1.0;
 * characters XML cannot carry at all (control characters, lone surrogates) become U+FFFD.
 */
import type { LintMessage, LintResult } from '../types.js';
import { xmlAttribute, xmlText } from './checkstyle.js';
import { compactLine, oneLine } from './compact.js';

interface Suite {
  xml: string[];
  tests: number;
  failures: number;
  errors: number;
}

export function formatJunit(results: readonly LintResult[]): string {
  const suites = results.map(suite);
  const total = (key: 'tests' | 'failures' | 'errors') => suites.reduce((n, s) => n + s[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="huashu" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" time="0">`,
    ...suites.flatMap((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(result: LintResult): Suite {
  const path = xmlAttribute(result.path);
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  if (result.fatal !== undefined) {
    errors++;
    cases.push(
      `    <testcase classname="huashu" name="${path}" file="${path}" time="0">`,
      `      <error type="fatal" message="${xmlAttribute(result.fatal)}">${xmlText(result.fatal)}</error>`,
      '    </testcase>',
    );
  }
  for (const m of result.messages) {
    if (m.severity !== 'info') failures++;
    cases.push(...testcase(result.path, m));
  }
  if (!cases.length) cases.push(`    <testcase classname="huashu" name="${path}" file="${path}" time="0"/>`);
  const tests = result.messages.length + (result.fatal !== undefined ? 1 : 0) || 1;
  return {
    xml: [`  <testsuite name="${path}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="0">`, ...cases, '  </testsuite>'],
    tests,
    failures,
    errors,
  };
}

function testcase(path: string, m: LintMessage): string[] {
  const name = `${path}:${m.line}:${m.column} ${oneLine(m.text)}`;
  const open = `    <testcase classname="huashu.${xmlAttribute(m.ruleId)}" name="${xmlAttribute(name)}" file="${xmlAttribute(path)}" line="${m.line}" time="0">`;
  const details = xmlText(compactLine(path, m));
  const body =
    m.severity === 'info'
      ? `      <system-out>${details}</system-out>`
      : `      <failure type="${m.severity}" message="${xmlAttribute(m.message)}">${details}</failure>`;
  return [open, body, '    </testcase>'];
}
