import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, type Ids } from '../../src/lib/ids.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** UUIDs (v4 and time-ordered v7) counted from 1, so a test can name the ids it will see; tokens stay random. */
function countingIds(): Ids & { made: string[] } {
  const made: string[] = [];
  const counted = (version: 4 | 7) => () => {
    const id = `00000000-0000-${version}000-8000-${String(made.length + 1).padStart(12, '0')}`;
    made.push(id);
    return id;
  };
  return { made, uuid: counted(4), uuidv7: counted(7), token: ids.token };
}

for (const dialect of DIALECTS) {
  describe(`identifiers come from deps.ids, like time from deps.clock [${dialect}]`, () => {
    let t: TestApp;
    const source = countingIds();
    beforeAll(async () => {
      t = await startTestApp(dialect, { ids: source });
    });
    afterAll(async () => t?.close());

    it('gives a new resident and its activity events the ids the injected source made', async () => {
      const before = source.made.length;
      const r = await signUp(t);
      expect(r.id).toBe(source.made[before]);
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie: r.cookie } });
      expect(res.statusCode, res.body).toBe(200);
      const events = res.json().events as { id: string; type: string }[];
      expect(events.map((e) => e.type)).toContain('signed_up');
      for (const e of events) expect(source.made).toContain(e.id);
    });
  });
}
