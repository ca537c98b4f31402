import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { latestOtp, linkAadhaar, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
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
    async function deleteAccount(r: SignedUp) {
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/delete', headers: { cookie: r.cookie }, payload: { pin: r.pin } });
      expect(start.statusCode).toBe(202);
      const done = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/delete/verify',
        headers: { cookie: r.cookie },
        payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, r.mobile) },
      });
      expect(done.statusCode).toBe(204);
    }

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
  });
}
