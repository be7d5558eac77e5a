/**
 * The vendored SARIF 2.1.0 schema (test/fixtures/sarif-2.1.0.schema.json, from
 * @microsoft/sarif-multitool-linux@5.7.0, see the .NOTICE beside it) compiled with Ajv, for every
 * test that checks a SARIF log.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures', 'sarif-2.1.0.schema.json'), 'utf8'));

/** Validates a parsed SARIF log; `validateSarif.errors` lists what is wrong. */
export const validateSarif = ajv.compile(schema);
