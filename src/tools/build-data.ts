/**
 * Part of `npm run build`: data the CLI would otherwise compute on every start.
 *
 * - `dist/pack.json`: the built-in rules, compiled once here (so a broken rule fails the build),
 *   their summaries (with each rule's data in `dist/pack/<rule file>.json`, see `PackSnapshot` in
 *   files.ts), and the Traditional
 *   forms (Taiwan, Hong Kong) of every literal rewrite, so Traditional drafts rarely need OpenCC.
 * - the entries jieba's dictionary has for the built-in dictionary's words (`dictionaryEntries`),
 *   which a partial dictionary would otherwise look up on every start.
 * - `dist/jieba-words.txt`: jieba's dictionary sorted for binary search (see segment.ts), so a
 *   short draft can be segmented with just the dictionary words it contains, and
 *   `dist/jieba-words.txt.offsets`, where each of its lines starts.
 */
import { literalRewrites, packSnapshot, readBuiltinSources, writePackSnapshot } from '../files.js';
import { createLinter } from '../linter.js';
import { traditionalForms } from '../normalize/script.js';
import { dictionaryEntries, writeWordIndex } from '../segment.js';

writeWordIndex();
const sources = readBuiltinSources();
const snapshot = packSnapshot(sources);
snapshot.traditional = await traditionalForms(literalRewrites(createLinter(sources).rules));
snapshot.dictionaryEntries = dictionaryEntries(sources.dictionary);
writePackSnapshot(snapshot);
