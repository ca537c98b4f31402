import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from '../../scripts/openapi-document.js';

describe('checked-in OpenAPI document', () => {
  it('matches what the route schemas describe (run `npm run openapi` after changing a route)', async () => {
    const checkedIn = await fs.readFile(OPENAPI_FILE, 'utf8');
    expect(await renderOpenApi()).toBe(checkedIn);
  });

  it('documents every native and system route', async () => {
    const doc = JSON.parse(await fs.readFile(OPENAPI_FILE, 'utf8'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/api/v1/platform']));
  });
});
