import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { deleteAccount as removeAccount, linkAadhaar, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`documents come back to a re-created account [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const uris = async (cookie: string) =>
      ((await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie } })).json().documents as { uri: string }[])
        .map((d) => d.uri)
        .sort();
    const pull = (cookie: string, orgId: string, docType: string, parameters: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/pull', headers: { cookie }, payload: { orgId, docType, parameters, consent: true } });
    const deleteAccount = (r: SignedUp) => removeAccount(t, r);

    it('delivers the Aadhaar-bound PAN and pulled documents to the next locker that links the Aadhaar, and to nobody else', async () => {
      const demo = await sandboxResident(t, 6);
      const pan = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'PANCR')!;
      const marks = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'HSCER')!;
      const panUri = `in.gov.pan-PANCR-${pan.docId}`;
      const marksUri = `in.gov.cbse-HSCER-${marks.docId}`;

      const first = await signUp(t);
      expect((await linkAadhaar(t, first.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      expect((await pull(first.cookie, 'in.gov.cbse', 'HSCER', marks.parameters)).statusCode).toBe(201);
      expect(await uris(first.cookie)).toEqual([marksUri, panUri].sort());
      await deleteAccount(first);

      // Whoever gets the old mobile number next gets none of it.
      const recycled = await signUp(t, { mobile: first.mobile, pin: '395028' });
      expect(await uris(recycled.cookie)).toEqual([]);
      // A different person's Aadhaar does not unlock them either.
      const someoneElse = await signUp(t);
      const other = await sandboxResident(t, 7);
      expect((await linkAadhaar(t, someoneElse.cookie, other.aadhaarNumber, other.mobile)).statusCode).toBe(200);
      expect(await uris(someoneElse.cookie)).not.toContain(panUri);
      expect(await uris(someoneElse.cookie)).not.toContain(marksUri);

      const again = await signUp(t);
      expect((await linkAadhaar(t, again.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      expect(await uris(again.cookie)).toEqual([marksUri, panUri].sort());
      const repeat = await pull(again.cookie, 'in.gov.cbse', 'HSCER', marks.parameters);
      expect(repeat.statusCode, repeat.body).toBe(201);
      expect(repeat.json()).toMatchObject({ status: 'issued', uri: marksUri, alreadyHeld: true });
      const doc = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${panUri}`, headers: { cookie: again.cookie } });
      expect(doc.statusCode).toBe(200);
      expect(doc.json().holder.name).toBe(demo.name);
    });

    it('gives back, on a pull, a record whose holder was deleted by an earlier version (not moved to the Aadhaar)', async () => {
      const demo = await sandboxResident(t, 9);
      const licence = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'DRVLC')!;
      const uri = `in.gov.transport-DRVLC-${licence.docId}`;
      const first = await signUp(t);
      await linkAadhaar(t, first.cookie, demo.aadhaarNumber, demo.mobile);
      expect((await pull(first.cookie, 'in.gov.transport', 'DRVLC', licence.parameters)).statusCode).toBe(201);
      await deleteAccount(first);
      // What an earlier version left behind: the documents still pointing at the deleted account.
      await t.runtime.db.kysely.updateTable('issued_documents').set({ resident_id: first.id, holder_lookup: null }).where('uri', '=', uri).execute();

      const again = await signUp(t);
      await linkAadhaar(t, again.cookie, demo.aadhaarNumber, demo.mobile);
      expect(await uris(again.cookie)).not.toContain(uri);
      const res = await pull(again.cookie, 'in.gov.transport', 'DRVLC', licence.parameters);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ status: 'issued', uri, alreadyHeld: false });
      expect(await uris(again.cookie)).toContain(uri);
      const activity = (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie: again.cookie } })).json().events;
      expect(activity[0]).toMatchObject({ type: 'documents_received' });
    });

    it('delivers a push to an Aadhaar to whichever locker holds it at the time: none (it waits), then the re-created one', async () => {
      const demo = await sandboxResident(t, 10);
      const operator = await staffToken(t);
      const push = (docId: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.cbse/documents',
          headers: bearer(operator),
          payload: {
            docType: 'SSCER',
            docId,
            holder: { aadhaar: demo.aadhaarNumber, name: demo.name },
            fields: { examination: 'Secondary School Examination 2012', rollNo: '12345678', result: 'PASS' },
            issuedOn: '2012-05-20',
          },
        });
      const first = await signUp(t);
      expect((await linkAadhaar(t, first.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const before = await push('770000000001');
      expect(before.json()).toMatchObject({ outcome: 'issued' });
      expect(await uris(first.cookie)).toContain(before.json().uri);
      await deleteAccount(first);

      // No locker holds the Aadhaar now: the document waits; the old mobile's new owner does not get it.
      const meanwhile = await push('770000000002');
      expect(meanwhile.statusCode, meanwhile.body).toBe(201);
      expect(meanwhile.json().outcome).toBe('held');
      const recycled = await signUp(t, { mobile: first.mobile, pin: '395028' });
      expect(await uris(recycled.cookie)).toEqual([]);

      const again = await signUp(t);
      expect((await linkAadhaar(t, again.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const after = await push('770000000003');
      expect(after.json()).toMatchObject({ outcome: 'issued' });
      const mine = await uris(again.cookie);
      for (const uri of [before.json().uri, meanwhile.json().uri, after.json().uri]) expect(mine).toContain(uri);
      expect(await uris(recycled.cookie)).toEqual([]);
    });
  });
}
