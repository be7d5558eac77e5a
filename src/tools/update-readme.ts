/**
 * `npm run docs`: regenerates the rules table in README.md from the built-in rule files.
 * (test/readme.test.ts fails when the README's table is out of date.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinPack } from '../files.js';
import { createLinter } from '../linter.js';
import { rulesTable, spliceRulesTable } from '../rules/table.js';

const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const updated = spliceRulesTable(readme, await rulesTable(createLinter(builtinPack())));
if (updated !== readme) writeFileSync(readmePath, updated);
console.log(updated === readme ? 'README.md rules table is up to date' : 'README.md rules table updated');
