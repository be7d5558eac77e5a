/**
 * `npm run tables`: regenerates src/normalize/script-tables.ts from OpenCC's dictionaries
 * (after upgrading opencc-js). test/normalize.test.ts fails when the stored tables are stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scriptTablesModule } from '../normalize/opencc-tables.js';

writeFileSync(fileURLToPath(new URL('../../src/normalize/script-tables.ts', import.meta.url)), scriptTablesModule());
console.log('src/normalize/script-tables.ts written');
