import fs from 'node:fs/promises';
import { OPENAPI_FILE, renderOpenApi } from './openapi-document.js';

/** `npm run openapi`: regenerates the checked-in openapi.json from the route schemas. */
await fs.writeFile(OPENAPI_FILE, await renderOpenApi());
process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
