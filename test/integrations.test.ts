/**
 * The ready-to-copy integrations, each run for real: the pre-commit framework's hook definition
 * (.pre-commit-hooks.yaml, run the way pre-commit runs it), and the README's recipes, found by the
 * `<!-- recipe: name -->` comment before their code block — the GitHub Actions workflow (its `run:`
 * steps in a temporary git repository), the plain git pre-commit hook (installed into a temporary
 * repository and exercised with `git commit`), and the clipboard pipes (through a real shell, with
 * stand-in clipboard commands).
 *
 * What is not run here: the pre-commit framework itself (not installable from this machine's
 * registries), GitHub's runner and its `uses:` actions (their presence and settings are checked),
 * and PowerShell (its pipe line runs in sh with stand-ins; its encoding line is checked as text).
 */
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { KNOWN_EXTENSIONS } from '../src/sources/index.js';
import { BIN, ENV, git, gitRepo, ROOT, shell, tempDir, writeFiles, type Run } from './e2e-support.js';
import { validateSarif } from './sarif-schema.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The code block right after `<!-- recipe: name -->` in the README. */
function recipe(name: string): { lang: string; code: string } {
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`(\\w+)\\n([\\s\\S]*?)\`\`\`\\n`).exec(README);
  if (!m) throw new Error(`README has no code block after <!-- recipe: ${name} -->`);
  return { lang: m[1]!, code: m[2]! };
}

/** A pre-commit (Python `re.search`) pattern as a JavaScript RegExp: only a leading (?i) differs. */
function pythonRegex(pattern: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}

/** An environment whose PATH starts with a directory holding `huashu` (the built bin) and `extra` scripts. */
function withShims(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = tempDir();
  symlinkSync(BIN, join(dir, 'huashu'));
  for (const [name, script] of Object.entries(extra)) {
    writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return { ...ENV, PATH: `${dir}${delimiter}${ENV.PATH ?? ''}` };
}

const FLAGGED = '亲，我们保证今天就给您发出';
const FIXED = '亲，我们会尽量保证今天就给您发出';
const CLEAN = '亲，我们会尽快为您发货';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude?: string;
  args?: string[];
  pass_filenames?: boolean;
}

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'huashu')!;
  const files = pythonRegex(hook.files);
  const exclude = pythonRegex(hook.exclude ?? '(?!)');
  /** The staged files pre-commit would pass: matching `files`, not matching `exclude`. */
  const selected = (paths: string[]) => paths.filter((p) => files.test(p) && !exclude.test(p));

  it('defines the huashu hook: node, entry huashu, staged file names passed', () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({ id: 'huashu', language: 'node', entry: 'huashu' });
    expect(hook.pass_filenames ?? true).toBe(true);
  });

  it('`files` matches every extension huashu reads, in any case, and nothing else', () => {
    for (const ext of KNOWN_EXTENSIONS) {
      for (const name of [`a${ext}`, `话术/售后${ext.toUpperCase()}`]) expect(files.test(name), name).toBe(true);
    }
    for (const name of ['a.ts', 'a.js', 'old.xls', 'a.txt.bak', 'Makefile', 'txt', 'a.mdx']) expect(files.test(name), name).toBe(false);
  });

  it('`exclude` skips what a directory walk skips, and npm/TypeScript project files', () => {
    const skipped = ['.github/workflows/ci.yml', '.pre-commit-config.yaml', '.huashurc.yaml', 'replies/.draft.txt', 'node_modules/x/a.json', '~$回复.xlsx', 'package.json', 'package-lock.json', 'web/tsconfig.json'];
    const linted = ['replies/售后.txt', 'a/b/quick.csv', 'replies.xlsx', 'my-package.json', 'docs/a.md'];
    expect(selected([...skipped, ...linted])).toEqual(linted);
  });

  it('runs as pre-commit runs it: entry + args + the matching staged files; exit 1 refuses the commit', () => {
    const repo = gitRepo({ 'replies/售前.txt': `${CLEAN}\n` });
    writeFiles(repo, {
      'replies/售后.txt': `${FLAGGED}\n`,
      'replies/售前.txt': `${CLEAN}\n${CLEAN}\n`,
      // Flagged text in files pre-commit must not pass to huashu.
      '.github/workflows/notify.yml': `message: ${FLAGGED}\n`,
      'src/app.ts': `const reply = '${FLAGGED}';\n`,
      'package.json': `{ "description": "${FLAGGED}" }\n`,
    });
    git(repo, 'add', '--all');
    const staged = git(repo, 'diff', '--cached', '--name-only', '-z').split('\0').filter(Boolean);
    const passed = selected(staged);
    expect(passed.sort()).toEqual(['replies/售前.txt', 'replies/售后.txt']);
    const env = withShims();
    const runHook = (args: string[], names: string[]): Run => {
      const command = [...hook.entry.split(/\s+/), ...(hook.args ?? []), ...args, ...names].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      return shell(command, repo, env);
    };
    const flagged = runHook([], passed);
    expect(flagged.code).toBe(1);
    expect(flagged.stdout).toContain('replies/售后.txt');
    expect(flagged.stdout).toContain('no-guarantee');
    expect(flagged.stdout).not.toContain('package.json');
    expect(runHook([], ['replies/售前.txt'])).toMatchObject({ code: 0, stdout: '' });

    // The README's .pre-commit-config.yaml: the same hook, with its args (only changed lines).
    const config = parseYaml(recipe('pre-commit-config').code) as { repos: { hooks: { id: string; args?: string[] }[] }[] };
    const [configured] = config.repos[0]!.hooks;
    expect(configured!.id).toBe(hook.id);
    expect(runHook(configured!.args ?? [], passed).code).toBe(1);
    git(repo, 'commit', '--quiet', '--no-verify', '-m', 'old reply with a finding');
    // Only a clean line added to a file with an old finding: the configured hook lets it through.
    writeFiles(repo, { 'replies/售后.txt': `${FLAGGED}\n${CLEAN}\n` });
    git(repo, 'add', '--all');
    const onlyChanged = runHook(configured!.args ?? [], selected(git(repo, 'diff', '--cached', '--name-only', '-z').split('\0').filter(Boolean)));
    expect(onlyChanged).toMatchObject({ code: 0, stdout: '' });
  });
});

interface Step {
  uses?: string;
  run?: string;
  name?: string;
  if?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}

describe('the GitHub Actions workflow in the README', () => {
  const block = recipe('github-workflow');
  const workflow = parseYaml(block.code) as { on: unknown; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
  const [job] = Object.values(workflow.jobs);
  const steps = job!.steps;
  const huashuStep = steps.find((s) => s.run && /\bnpx huashu\b/.test(s.run))!;
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
  const sarifFile = /--format sarif\b.*>\s*(\S+)\s*$/.exec(huashuStep?.run ?? '')?.[1];

  it('checks out, sets up Node, writes SARIF with huashu and uploads that file even after a failure', () => {
    expect(block.lang).toBe('yaml');
    expect(workflow.permissions['security-events']).toBe('write');
    expect(steps.findIndex((s) => s.uses?.startsWith('actions/checkout@'))).toBe(0);
    expect(steps.some((s) => s.uses?.startsWith('actions/setup-node@'))).toBe(true);
    expect(huashuStep).toBeDefined();
    expect(sarifFile).toBeDefined();
    expect(upload.with?.sarif_file).toBe(sarifFile);
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(huashuStep));
    // The upload must run when the huashu step failed the job.
    expect(/always\(\)|!cancelled\(\)|failure\(\)/.test(upload.if ?? '') || huashuStep['continue-on-error'] === true).toBe(true);
  });

  it('its run: steps install huashu, fail the job on an error and leave a valid SARIF log', () => {
    // A reply repository that lists huashu (this checkout) as a devDependency, as the README says.
    const repo = gitRepo();
    writeFiles(repo, {
      'package.json': JSON.stringify({ name: 'replies', private: true, devDependencies: { huashu: `file:${ROOT}` } }, null, 2),
      'replies/售前.txt': `${CLEAN}\n`,
    });
    // npm never runs scripts here (the checkout under test is built already) and needs no network.
    const env = { ...ENV, npm_config_ignore_scripts: 'true', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const install = shell('npm install', repo, env);
    expect(install.code, install.stderr).toBe(0);
    git(repo, 'add', '--all');
    git(repo, 'commit', '--quiet', '-m', 'replies');

    /** The run: steps in order, as the runner runs them (bash -e), stopping at the first failure. */
    const runSteps = (): { failed?: Step; result?: Run } => {
      for (const step of steps) {
        if (!step.run) continue;
        const result = shell(`bash --noprofile --norc -eo pipefail -c '${step.run.replace(/'/g, `'\\''`)}'`, repo, env);
        if (result.code !== 0) return { failed: step, result };
      }
      return {};
    };
    const sarif = () => JSON.parse(readFileSync(join(repo, sarifFile!), 'utf8'));

    const clean = runSteps();
    expect(clean.failed, clean.result?.stderr).toBeUndefined();
    expect(validateSarif(sarif()), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(sarif().runs[0].results).toEqual([]);

    writeFiles(repo, { 'replies/售后.txt': `${FLAGGED}\n` });
    const failing = runSteps();
    expect(failing.failed).toBe(huashuStep);
    expect(failing.result!.code).toBe(1);
    const log = sarif();
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(log.runs[0].results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => `${r.locations[0]!.physicalLocation.artifactLocation.uri} ${r.ruleId}`)).toEqual([
      `replies/${encodeURIComponent('售后')}.txt no-guarantee`,
    ]);
  });
});

describe('the plain git pre-commit hook in the README', () => {
  it('refuses a commit that adds a flagged reply line and accepts a clean one', () => {
    const { lang, code } = recipe('git-pre-commit');
    expect(lang).toBe('sh');
    expect(code.startsWith('#!/bin/sh\n')).toBe(true);
    // An old finding already in the repository does not block later commits.
    const repo = gitRepo({ 'replies/售后.txt': `${FLAGGED}\n` });
    const hookPath = join(repo, '.git', 'hooks', 'pre-commit');
    mkdirSync(join(repo, '.git', 'hooks'), { recursive: true });
    writeFileSync(hookPath, code);
    chmodSync(hookPath, 0o755);
    const env = withShims();
    const head = () => git(repo, 'rev-parse', 'HEAD').trim();
    const commit = (message: string) => shell(`git commit --quiet -m '${message}'`, repo, env);

    const before = head();
    writeFiles(repo, { 'replies/售后.txt': `${FLAGGED}\n${FLAGGED}。\n` });
    git(repo, 'add', '--all');
    const refused = commit('flagged');
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('no-guarantee');
    expect(head()).toBe(before);

    writeFiles(repo, { 'replies/售后.txt': `${FLAGGED}\n${CLEAN}\n` });
    git(repo, 'add', '--all');
    expect(commit('clean')).toMatchObject({ code: 0 });
    expect(head()).not.toBe(before);

    const after = head();
    writeFiles(repo, { 'notes/readme.ts': `// ${FLAGGED}\n` });
    git(repo, 'add', '--all');
    expect(commit('no replies')).toMatchObject({ code: 0 });
    expect(head()).not.toBe(after);
  });
});

describe('the pre-send pipe recipes in the README', () => {
  /** Stand-in clipboard commands: the paste commands print $CLIPBOARD, the copy commands write $CLIPBOARD.out. */
  const paste = 'cat "$CLIPBOARD"';
  const copy = 'cat > "$CLIPBOARD.out"';
  const env = withShims({
    pbpaste: paste,
    pbcopy: copy,
    'wl-paste': paste,
    'wl-copy': copy,
    xclip: `case " $* " in *" -o "*) ${paste};; *) ${copy};; esac`,
    'Get-Clipboard': paste,
    'Set-Clipboard': copy,
  });

  /** The pipeline lines of a block (comments and PowerShell settings lines left out). */
  const pipelines = (code: string) =>
    code
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line && !line.startsWith('$'));

  it('has one pipeline per platform, each through `huashu --fix`', () => {
    const lines = [...pipelines(recipe('pipe').code), ...pipelines(recipe('pipe-powershell').code)];
    expect(lines.length).toBe(4);
    for (const line of lines) expect(line.split(' | ')[1]).toBe('huashu --fix');
  });

  it('each pipeline puts exactly the fixed draft on the clipboard; the report goes to stderr', () => {
    const lines = [...pipelines(recipe('pipe').code), ...pipelines(recipe('pipe-powershell').code)];
    for (const line of lines) {
      const dir = tempDir();
      const clipboard = join(dir, 'clipboard.txt');
      // One fixable finding, and one that --fix cannot fix and the report (on stderr) must name.
      writeFileSync(clipboard, `${FLAGGED}\n这个问题不归我管\n`);
      const r = shell(line, dir, { ...env, CLIPBOARD: clipboard });
      expect(r.code, line).toBe(0);
      expect(readFileSync(`${clipboard}.out`, 'utf8'), line).toBe(`${FIXED}\n这个问题不归我管\n`);
      expect(r.stdout, line).toBe('');
      expect(r.stderr, line).toContain('no-shirking');
    }
  });

  it('the PowerShell recipe first makes the pipe UTF-8 both ways', () => {
    const [first] = recipe('pipe-powershell').code.split('\n');
    expect(first).toMatch(/^\$OutputEncoding = \[Console\]::OutputEncoding = \[Text\.UTF8Encoding\]::new\(\$false\)/);
  });
});
