/**
 * `npm run bench`: how fast huashu is, as whole processes, beside the obvious peer (textlint with
 * textlint-rule-prh, looking for the same literal words), against the targets of issue 6.
 * Writes bench/RESULTS.md and prints it.
 *
 *   npm run bench                  the full benchmark (builds first; several minutes)
 *   npm run bench -- --quick       smaller inputs and fewer runs, to try it out; writes
 *                                  bench/.work/RESULTS-quick.md instead (its verdicts mean little)
 * Options: --runs N (runs per small case, default 7; quick 3), --big-runs N (runs per big case,
 * default 7; quick 1), --peer-runs N (runs of each tool in a case measured beside the peer, at
 * least; default 11, quick 3: a ratio of two medians needs more runs than one median does), --timeout S (seconds before one run is stopped and the case counted as
 * failed, default 900), --seeds DIR (default ../shared/seeds beside the repository), --out FILE.
 *
 * Inputs are generated into bench/.work/ (git-ignored) from the seed documents' sentences, and
 * regenerated only when the generators, sizes or seeds change. Every case runs once to warm up
 * (file cache, lazily compiled code on disk), then N times; huashu and the peer alternate run by
 * run, so a busy moment of the machine hits both. Tests never assert on time: this is where
 * speed is measured.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as OpenCC from 'opencc-js';
import { builtinPack } from '../src/files.js';
import { CLEAN_DRAFT, FLAGGED_DRAFT, quickReplyCsv, repeatedText, replyText, seedSentences, sliceLines } from './inputs.js';
import { output, runOnce, summarize, type Command, type Sample, type Summary } from './measure.js';
import { literalPatterns, multipliedPack, multipliedPackConfig, prhRules } from './pack.js';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = join(ROOT, 'bench', '.work');
const BIN = 'dist/cli.js';
const PEER = 'node_modules/textlint/bin/textlint.js';
/** How many times the literal patterns are multiplied for the "adding rules" case. */
const FACTOR = 10;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    'big-runs': { type: 'string' },
    'peer-runs': { type: 'string' },
    timeout: { type: 'string' },
    seeds: { type: 'string', default: resolve(ROOT, '..', 'shared', 'seeds') },
    out: { type: 'string' },
  },
});
const quick = values.quick;
const count = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value)) fail(`--${name} expects a whole number ≥ 1, got ${value}`);
  return Number(value);
};
const SMALL_RUNS = count(values.runs, quick ? 3 : 7, 'runs');
const BIG_RUNS = count(values['big-runs'], quick ? 1 : 7, 'big-runs');
const PEER_RUNS = count(values['peer-runs'], quick ? 3 : 11, 'peer-runs');
const runsOf = (c: { big: boolean; peer?: unknown }) => Math.max(c.big ? BIG_RUNS : SMALL_RUNS, c.peer ? PEER_RUNS : 0);
const TIMEOUT_MS = count(values.timeout, 900, 'timeout') * 1000;
const OUT = resolve(values.out ?? (quick ? join(WORK, 'RESULTS-quick.md') : join(ROOT, 'bench', 'RESULTS.md')));
/** Sizes: characters of the reply file, bytes of the big files, rows of the table. */
const SIZES = quick
  ? { replyChars: 100_000, bigBytes: [1_000_000, 2_500_000, 5_000_000], csvRows: 1_000 }
  : { replyChars: 1_000_000, bigBytes: [10_000_000, 25_000_000, 50_000_000], csvRows: 10_000 };
const COMMAND = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const rel = (path: string) => relative(ROOT, path).split('\\').join('/');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

// --- inputs -------------------------------------------------------------------------------------

if (!existsSync(join(ROOT, BIN))) fail(`${BIN} not found: run npm run build first (npm run bench builds itself)`);
if (!existsSync(join(ROOT, PEER))) fail(`${PEER} not found: run npm ci (textlint is a dev dependency)`);
if (!existsSync(values.seeds)) fail(`seed documents not found at ${values.seeds} (pass --seeds DIR)`);

const files = {
  flagged: join(WORK, 'draft-flagged.txt'),
  clean: join(WORK, 'draft-clean.txt'),
  replies: join(WORK, `replies-${SIZES.replyChars / 1000}k.txt`),
  big: SIZES.bigBytes.map((b) => join(WORK, `replies-${b / 1e6}mb.txt`)),
  csv: join(WORK, `quick-replies-${SIZES.csvRows}.csv`),
  packDir: join(WORK, `pack-x${FACTOR}`),
  packConfig: join(WORK, `pack-x${FACTOR}`, 'config.yaml'),
  prh: join(WORK, 'prh.yml'),
  textlintrc: join(WORK, 'textlintrc.json'),
  manifest: join(WORK, quick ? 'manifest-quick.json' : 'manifest.json'),
};

const pack = builtinPack();
const multiplied = multipliedPack(pack.ruleFiles, FACTOR);
const literals = literalPatterns(pack.ruleFiles);
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Everything the generated files depend on: regenerate when it changes. */
function inputsKey(): string {
  const hash = createHash('sha256');
  for (const file of ['inputs.ts', 'pack.ts']) hash.update(readFileSync(join(import.meta.dirname, file)));
  for (const name of readdirSync(values.seeds).sort()) hash.update(name).update(readFileSync(join(values.seeds, name)));
  for (const file of pack.ruleFiles) hash.update(file.path).update(file.text);
  hash.update(JSON.stringify(SIZES)).update(FLAGGED_DRAFT).update(CLEAN_DRAFT).update(ROOT);
  return hash.digest('hex');
}

interface InputStats {
  sentences: number;
  replyLines: number;
  replyTraditionalLines: number;
  replyBytes: number;
  bigBytes: number[];
  bigLines: number[];
}

function generateInputs(): InputStats {
  const key = inputsKey();
  if (existsSync(files.manifest)) {
    const manifest = JSON.parse(readFileSync(files.manifest, 'utf8')) as { key: string; stats: InputStats };
    const all = [files.flagged, files.clean, files.replies, ...files.big, files.csv, files.packConfig, files.prh, files.textlintrc];
    if (manifest.key === key && all.every((f) => existsSync(f))) {
      console.error('bench: inputs are up to date in bench/.work/');
      return manifest.stats;
    }
  }
  console.error('bench: generating inputs in bench/.work/ …');
  mkdirSync(WORK, { recursive: true });
  const sentences = seedSentences(values.seeds);
  writeFileSync(files.flagged, FLAGGED_DRAFT + '\n');
  writeFileSync(files.clean, CLEAN_DRAFT + '\n');
  const replies = replyText(sentences, { chars: SIZES.replyChars, seed: 1 });
  writeFileSync(files.replies, replies);
  // The biggest file is the base; the smaller ones are its first lines (so growth is measured on
  // the same kind of text).
  const biggest = repeatedText(replies, SIZES.bigBytes.at(-1)!, 2);
  const bigStats = SIZES.bigBytes.map((bytes, i) => {
    const text = i === SIZES.bigBytes.length - 1 ? biggest : sliceLines(biggest, bytes);
    writeFileSync(files.big[i]!, text);
    return { bytes: Buffer.byteLength(text), lines: text.split('\n').length - 1 };
  });
  writeFileSync(files.csv, quickReplyCsv(sentences, SIZES.csvRows, 3));
  // The multiplied pack: copies of the built-in rules with FACTOR × their literal patterns.
  rmSync(files.packDir, { recursive: true, force: true });
  mkdirSync(join(files.packDir, 'rules'), { recursive: true });
  for (const file of multiplied.files) writeFileSync(join(files.packDir, 'rules', file.path), file.text);
  writeFileSync(files.packConfig, multipliedPackConfig(multiplied, 'rules'));
  // The peer: prh dictionary from the same literal patterns, and a textlint config using it.
  writeFileSync(files.prh, prhRules(literals, toTraditional));
  writeFileSync(files.textlintrc, JSON.stringify({ rules: { prh: { rulePaths: [files.prh] } } }, null, 2) + '\n');
  const lines = replies.split('\n').slice(0, -1);
  const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const stats: InputStats = {
    sentences: sentences.length,
    replyLines: lines.length,
    replyTraditionalLines: lines.filter((l) => l !== toSimplified(l)).length,
    replyBytes: Buffer.byteLength(replies),
    bigBytes: bigStats.map((s) => s.bytes),
    bigLines: bigStats.map((s) => s.lines),
  };
  writeFileSync(files.manifest, JSON.stringify({ key, stats }, null, 1) + '\n');
  return stats;
}

const stats = generateInputs();

// --- cases --------------------------------------------------------------------------------------

const command = (args: string[], input?: string): Command => ({ args, cwd: ROOT, timeoutMs: TIMEOUT_MS, ...(input === undefined ? {} : { input }) });
const huashu = (args: string[], input?: string) => command([BIN, ...args], input);
const peer = (args: string[], input?: string) => command([PEER, '-c', rel(files.textlintrc), ...args], input);
const stdinPeer = ['--stdin', '--stdin-filename', 'draft.txt'];

interface Case {
  id: string;
  title: string;
  big: boolean;
  /** Cases of one group are measured together, run by run in turn (the sizes the growth check compares). */
  group?: string;
  huashu: Command;
  peer?: Command;
  /** What is piped in, for the printed command. */
  stdinFile?: string;
}

const chars = SIZES.replyChars.toLocaleString('en');
const cases: Case[] = [
  { id: 'draft-flagged', title: 'one flagged one-line draft, standard input', big: false, huashu: huashu([], FLAGGED_DRAFT + '\n'), peer: peer(stdinPeer, FLAGGED_DRAFT + '\n'), stdinFile: files.flagged },
  { id: 'draft-clean', title: 'one clean one-line draft, standard input', big: false, huashu: huashu([], CLEAN_DRAFT + '\n'), peer: peer(stdinPeer, CLEAN_DRAFT + '\n'), stdinFile: files.clean },
  { id: 'replies', title: `${chars} characters of replies (${stats.replyLines.toLocaleString('en')} lines)`, big: true, huashu: huashu([rel(files.replies)]), peer: peer([rel(files.replies)]) },
  { id: 'replies-pack', title: `the same file with ${FACTOR}× the literal patterns`, big: true, huashu: huashu(['-c', rel(files.packConfig), rel(files.replies)]) },
  ...files.big.map((file, i) => ({ id: `big-${i}`, title: `${mb(stats.bigBytes[i]!)} of replies (${stats.bigLines[i]!.toLocaleString('en')} lines)`, big: true, group: 'growth', huashu: huashu([rel(file)]) })),
  { id: 'table', title: `quick-reply table, ${SIZES.csvRows.toLocaleString('en')} rows (CSV)`, big: true, huashu: huashu([rel(files.csv)]) },
];

const printed = (command: Command, stdinFile?: string) => `node ${command.args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}${stdinFile ? ` < ${rel(stdinFile)}` : ''}`;

// --- sanity checks: both tools find what they should --------------------------------------------

/** Findings a command reports with `--format json` (huashu and textlint print the same shape: files with messages). */
function findingCount(command: Command): number {
  const { stdout } = output({ ...command, args: [...command.args, '--format', 'json'] });
  return (JSON.parse(stdout) as { messages: unknown[] }[]).reduce((n, f) => n + f.messages.length, 0);
}

console.error('bench: sanity checks (finding counts, JSON output) …');
const byId = (id: string) => cases.find((c) => c.id === id)!;
const checks = {
  flagged: { huashu: findingCount(byId('draft-flagged').huashu), peer: findingCount(byId('draft-flagged').peer!) },
  clean: { huashu: findingCount(byId('draft-clean').huashu), peer: findingCount(byId('draft-clean').peer!) },
  replies: { huashu: findingCount(byId('replies').huashu), peer: findingCount(byId('replies').peer!), pack: findingCount(byId('replies-pack').huashu) },
};
if (checks.flagged.peer === 0) fail('the peer (textlint + prh) reports nothing on the flagged draft: the comparison would be meaningless');
if (checks.flagged.huashu === 0) fail('huashu reports nothing on the flagged draft');
if (checks.clean.huashu !== 0) console.error(`bench: warning: huashu flags the clean draft (${checks.clean.huashu} findings)`);

// --- measuring ------------------------------------------------------------------------------------

interface Measured {
  huashu: Summary;
  peer?: Summary;
}
const measured = new Map<string, Measured>();
// Cases are measured one by one, except a group's, which take turns run by run: this machine has
// slow spells lasting minutes, and a comparison (huashu with the peer, one size with the next)
// must not set a run in a slow spell against one outside it.
const batches: Case[][] = [];
for (const c of cases) {
  const batch = c.group ? batches.find((b) => b[0]!.group === c.group) : undefined;
  if (batch) batch.push(c);
  else batches.push([c]);
}
for (const batch of batches) {
  const runs = Math.max(...batch.map(runsOf));
  const state = batch.map((c) => {
    console.error(`bench: ${c.id}: ${c.title} — warm-up, then ${runs} run${runs > 1 ? 's' : ''}${c.peer ? ' each, alternating with the peer' : ''}${batch.length > 1 ? `, in turn with ${batch.length - 1} other case${batch.length > 2 ? 's' : ''}` : ''}`);
    // A tool whose warm-up fails (crash, timeout) is not run again: the case reports the failure.
    const warmOwn = runOnce(c.huashu);
    const warmPeer = c.peer && runOnce(c.peer);
    return { c, warmOwn, warmPeer, own: warmOwn.failure ? [warmOwn] : [], theirs: warmPeer && warmPeer.failure ? [warmPeer] : [] } as { c: Case; warmOwn: Sample; warmPeer?: Sample; own: Sample[]; theirs: Sample[] };
  });
  for (let i = 0; i < runs; i++) {
    for (const { c, warmOwn, warmPeer, own, theirs } of state) {
      if (!warmOwn.failure) own.push(runOnce(c.huashu));
      if (c.peer && warmPeer && !warmPeer.failure) theirs.push(runOnce(c.peer));
    }
  }
  for (const { c, own, theirs } of state) measured.set(c.id, { huashu: summarize(own), ...(c.peer ? { peer: summarize(theirs) } : {}) });
}

// --- report ---------------------------------------------------------------------------------------

const seconds = (ms: number) => (Number.isNaN(ms) ? '—' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(3)} s`);
const mib = (kb: number | undefined) => (kb === undefined ? '—' : `${Math.round(kb / 1024)} MB`);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');

interface TargetRow {
  target: string;
  measured: string;
  met: boolean | undefined;
}
function targetRows(): TargetRow[] {
  const m = (id: string) => measured.get(id)!;
  const rows: TargetRow[] = [];
  const time = (target: string, id: string, limitMs: number) => {
    const s = m(id).huashu;
    rows.push({ target, measured: `median ${seconds(s.median)}`, met: s.failure ? false : s.median <= limitMs });
  };
  const faster = (target: string, id: string, factor: number) => {
    const { huashu: own, peer: theirs } = m(id);
    const r = theirs!.median / own.median;
    rows.push({ target, measured: `${r.toFixed(2)}× (peer ${seconds(theirs!.median)}, huashu ${seconds(own.median)})`, met: own.failure || theirs!.failure ? false : r >= factor });
  };
  const memory = (target: string, id: string, limitMb: number) => {
    const s = m(id).huashu;
    rows.push({ target, measured: `max ${mib(s.rssMax)}`, met: s.rssMax === undefined || s.failure ? false : s.rssMax / 1024 <= limitMb });
  };
  time('one flagged one-line draft through stdin ≤ 0.25 s', 'draft-flagged', 250);
  faster('… and at least 3× faster than the peer', 'draft-flagged', 3);
  time('a clean draft ≤ 0.15 s', 'draft-clean', 150);
  time(`${chars} characters of replies ≤ 1.0 s, full built-in pack`, 'replies', 1000);
  faster('… and at least 1.5× faster than the peer', 'replies', 1.5);
  memory('peak memory ≤ 120 MB for one draft', 'draft-flagged', 120);
  memory(`peak memory ≤ 200 MB for the ${chars}-character file`, 'replies', 200);
  const last = `big-${files.big.length - 1}`;
  memory(`peak memory ≤ 400 MB for the ${mb(stats.bigBytes.at(-1)!)} file`, last, 400);
  // Linear growth: the time each further MB costs does not grow with the size. Compared: the
  // marginal cost per MB between the two bigger sizes and between the two smaller ones.
  const [t0, t1, t2] = [0, 1, 2].map((i) => m(`big-${i}`).huashu.median);
  const [s0, s1, s2] = stats.bigBytes.map((b) => b / 1e6);
  const early = (t1! - t0!) / (s1! - s0!);
  const late = (t2! - t1!) / (s2! - s1!);
  rows.push({
    target: `time grows linearly with size (${[s0, s1, s2].map((s) => mb(s! * 1e6)).join(', ')}): the cost of a further MB at the top ≤ 1.25× the cost at the bottom`,
    measured: `${(early / 1000).toFixed(3)} s/MB then ${(late / 1000).toFixed(3)} s/MB (${(late / early).toFixed(2)}×)`,
    met: [0, 1, 2].some((i) => m(`big-${i}`).huashu.failure) ? false : late <= 1.25 * early,
  });
  const base = m('replies').huashu;
  const more = m('replies-pack').huashu;
  rows.push({
    target: `${FACTOR}× the literal patterns ≤ 1.5× the time on the ${chars}-character file`,
    measured: `${ratio(more.median, base.median)} (${seconds(more.median)} vs ${seconds(base.median)})`,
    met: base.failure || more.failure ? false : more.median <= 1.5 * base.median,
  });
  return rows;
}

function git(...args: string[]): string | undefined {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.replace(/^model name\s*:\s*/, '');
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}
const version = (dir: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', dir, 'package.json'), 'utf8')) as { version: string }).version;

function report(): string {
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no');
  const huashuVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const rows = targetRows();
  const verdict = (met: boolean | undefined) => (met === undefined ? '—' : met ? '✅ met' : '❌ not met');
  const out: string[] = [];
  out.push('# Speed benchmark', '');
  out.push(`Written by \`${COMMAND}\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}. Rerun it to check; figures from another machine or a busy one differ.`, '');
  if (quick) out.push('**Quick run:** smaller inputs and fewer runs, to try the benchmark out. Its verdicts do not answer the targets.', '');
  out.push(
    `- Machine: ${cpuModel()}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB RAM, ${type()} ${release()}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`,
    `- Node ${process.version}; huashu ${huashuVersion}${commit ? ` (commit ${commit}${dirty ? ', with uncommitted changes' : ''})` : ''}; peer: textlint ${version('textlint')} + textlint-rule-prh ${version('textlint-rule-prh')}`,
    `- Runs: a warm-up, then ${SMALL_RUNS} (drafts) or ${BIG_RUNS} (files) whole-process runs per case, and ${PEER_RUNS} of each tool where the peer is measured too; huashu and the peer alternate run by run, and so do the ${files.big.length} sizes of the growth check`,
    '',
  );
  out.push('## Targets (issue 6)', '', '| Target | Measured | Verdict |', '| --- | --- | --- |');
  for (const row of rows) out.push(`| ${row.target} | ${row.measured} | ${verdict(row.met)} |`);
  out.push('', 'Times are medians of wall time; memory is the highest peak RSS of the runs (MB = 2²⁰ bytes).', '');
  out.push('## Figures', '', '| Case | Tool | Median | Spread (min–max) | Peak RSS (median / max) | Peer ÷ huashu |', '| --- | --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const { huashu: own, peer: theirs } = measured.get(c.id)!;
    const line = (tool: string, s: Summary, vs: string) =>
      `| ${c.title} | ${tool} | ${seconds(s.median)} | ${seconds(s.min)}–${seconds(s.max)} | ${mib(s.rssMedian)} / ${mib(s.rssMax)} | ${vs} |${s.failure ? ` **failed: ${s.failure.replaceAll('|', '\\|')}**` : ''}`;
    out.push(line('huashu', own, theirs ? ratio(theirs.median, own.median) : ''));
    if (theirs) out.push(line('textlint + prh', theirs, ''));
  }
  out.push('');
  out.push('## What was run', '', 'From the repository root (standard output to /dev/null):', '');
  for (const c of cases) {
    out.push(`- ${c.title}`, `  - huashu: \`${printed(c.huashu, c.stdinFile)}\``);
    if (c.peer) out.push(`  - peer: \`${printed(c.peer, c.stdinFile)}\``);
  }
  out.push('');
  out.push('## Inputs', '', `Generated into \`bench/.work/\` (git-ignored), deterministically, from ${stats.sentences.toLocaleString('en')} sentences of the five training documents (\`../shared/seeds\`), each in Simplified and in Traditional (OpenCC, Taiwan).`, '');
  out.push(
    `- Drafts: flagged \`${FLAGGED_DRAFT}\` (huashu ${checks.flagged.huashu} findings, peer ${checks.flagged.peer}); clean \`${CLEAN_DRAFT}\` (huashu ${checks.clean.huashu}, peer ${checks.clean.peer}).`,
    `- \`${rel(files.replies)}\`: ${SIZES.replyChars.toLocaleString('en')} characters (UTF-16 units, line breaks included), ${stats.replyLines.toLocaleString('en')} lines of one or more sentences, ${mb(stats.replyBytes)}; ${Math.round((100 * stats.replyTraditionalLines) / stats.replyLines)}% of the lines in Traditional. Findings: huashu ${checks.replies.huashu.toLocaleString('en')}, peer ${checks.replies.peer.toLocaleString('en')} (the peer has the literal words only; most of huashu's patterns are regular expressions with exceptions and word boundaries).`,
    `- ${files.big.map((f, i) => `\`${rel(f)}\` (${mb(stats.bigBytes[i]!)})`).join(', ')}: the reply file repeated, each repetition with its lines in another order; the smaller ones are the first lines of the biggest.`,
    `- \`${rel(files.csv)}\`: a quick-reply table \`分组,快捷编码,快捷短语\`, ${SIZES.csvRows.toLocaleString('en')} rows of one or two sentences, replies quoted, CRLF.`,
    `- \`${rel(files.packDir)}/\`: the built-in pack with ${FACTOR}× the literal patterns. Every rule file is copied with a derived id (\`no-but\` → \`no-but-x${FACTOR}\`); each literal pattern (\`match:\`) gets ${FACTOR - 1} more patterns, the same pattern with each phrase followed by one CJK Extension A character (U+3401 … U+340${FACTOR - 1}) that no reply uses, so they share every prefix with the real phrases but never match. Regex patterns are copied once. Literal patterns: ${multiplied.literalPatterns.before} → ${multiplied.literalPatterns.after} (phrases ${multiplied.literalPhrases.before} → ${multiplied.literalPhrases.after}); regex patterns: ${multiplied.regexPatterns} in both. \`config.yaml\` turns the ${multiplied.originalIds.length} built-in rules off and loads the copies (\`rules-dir\`). Findings on the reply file: ${checks.replies.pack.toLocaleString('en')} (built-in pack: ${checks.replies.huashu.toLocaleString('en')}${checks.replies.pack === checks.replies.huashu ? ', the same' : ', **different**'}).`,
    `- The peer's \`prh.yml\`: one prh entry per literal pattern of the built-in pack (${literals.length} patterns, ${literals.reduce((n, p) => n + p.literals.length, 0)} phrases), expected = its first rewrite (the rule id in brackets for patterns without one), plus an entry with the Traditional forms where they differ (huashu reads both scripts; prh only what it is given).`,
    '',
  );
  out.push(
    '## How it is measured',
    '',
    '- Wall time: from spawning `node` to its exit, measured by the benchmark process around `spawnSync`.',
    '- Peak memory: the process\'s peak resident set size (`getrusage` ru_maxrss, the figure `/usr/bin/time -v` calls "Maximum resident set size"), written at exit by `bench/maxrss.cjs`, preloaded with `NODE_OPTIONS=--require`. No GNU time or root needed.',
    '- Both tools print their default (stylish) report; standard output goes to /dev/null. Exit codes 0 and 1 count as success; any other ends the case as failed.',
    '',
  );
  return out.join('\n');
}

const text = report();
mkdirSync(resolve(OUT, '..'), { recursive: true });
writeFileSync(OUT, text);
console.log(text);
console.error(`bench: wrote ${rel(OUT)}`);
