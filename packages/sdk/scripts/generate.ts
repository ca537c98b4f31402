/**
 * `npm run generate -w @tijori/sdk`: src/schema.ts from the server's checked-in OpenAPI document
 * (packages/server/openapi.json). A test fails when the two drift apart.
 */
import fs from 'node:fs';
import { renderSchema, SCHEMA_FILE } from './render-schema.js';

fs.writeFileSync(SCHEMA_FILE, await renderSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
