import fs from 'node:fs/promises';
import path from 'node:path';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from '../src/config/configuration-doc.js';

/** `npm run docs`: rewrites docs/configuration.md from config/variables.ts. */
const file = path.resolve(import.meta.dirname, '../../..', CONFIGURATION_DOC_PATH);
await fs.writeFile(file, renderConfigurationDoc());
process.stdout.write(`wrote ${file}\n`);
