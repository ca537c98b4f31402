import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eicarScanner } from '../../src/adapters/antivirus/eicar-scanner.js';
import { createDomainDeps } from '../../src/app.js';
import type { ResidentActor } from '../../src/domain/actors.js';
import { uploadedEsignDocuments } from '../../src/domain/uploads/esign-uploads.js';
import type { UploadDeps } from '../../src/domain/uploads/upload-deps.js';
import { DIALECTS } from '../support/dialects.js';
import { latestOtp, linkAadhaar, outbox, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pngFile, tinyJpeg } from '../support/upload-fixtures.js';
import { uploadRaw } from '../uploads/support.js';

const FIXTURE = new URL('../signatures/fixtures/two-page-letter.pdf', import.meta.url);

for (const dialect of DIALECTS) {
  describe(`eSign of an uploaded PDF over HTTP [${dialect}]`, () => {
    let t: TestApp;
    let resident: SignedUp;
    let fixture: Buffer;
    let offset = 0;
    const clock = { now: () => Date.now() + offset };

    beforeAll(async () => {
      t = await startTestApp(dialect, { clock });
      resident = await signUp(t);
      const demo = await sandboxResident(t, 0);
      const link = await linkAadhaar(t, resident.cookie, demo.aadhaarNumber, demo.mobile);
      expect(link.statusCode, link.body).toBe(200);
      fixture = await fs.readFile(FIXTURE);
    });
    afterAll(async () => t?.close());

    const upload = async (who: SignedUp, name: string, bytes = fixture, query: Record<string, string> = {}) => {
      const res = await uploadRaw(t, who.cookie, bytes, { name, ...query });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; folderId: string | null; sizeBytes: number };
    };
    const startEsign = (who: SignedUp, fileId: string, payload?: object) =>
      t.app.inject({ method: 'POST', url: `/api/v1/me/files/${fileId}/esign`, headers: { cookie: who.cookie }, ...(payload ? { payload } : {}) });
    const confirm = (who: SignedUp, fileId: string, challengeId: string, otp: string) =>
      t.app.inject({ method: 'POST', url: `/api/v1/me/files/${fileId}/esign/verify`, headers: { cookie: who.cookie }, payload: { challengeId, otp } });
    const usage = async (who: SignedUp) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/files', headers: { cookie: who.cookie } })).json().usage.usedBytes as number;
    const content = (who: SignedUp, fileId: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/me/files/${fileId}/content`, headers: { cookie: who.cookie } });

    it('signs a PDF into a new file in the same folder that verifies as signed by the resident, the original untouched', async () => {
      const folder = await t.app.inject({ method: 'POST', url: '/api/v1/me/folders', headers: { cookie: resident.cookie }, payload: { name: 'Rent' } });
      expect(folder.statusCode, folder.body).toBe(201);
      const original = await upload(resident, 'rent-agreement.pdf', fixture, { folderId: folder.json().id });
      const before = await usage(resident);

      const started = await startEsign(resident, original.id, { placement: { page: 1, x: 60, y: 60 } });
      expect(started.statusCode, started.body).toBe(202);
      expect(started.json()).toMatchObject({ challengeId: expect.any(String), maskedMobile: expect.any(String), placement: { page: 1, x: 60, y: 60 } });
      const [sms] = await outbox(t, resident.mobile);
      expect(sms!.body).toContain('eSign "rent-agreement.pdf"');

      // A resent code names the document again, and is the one that confirms.
      offset += 61_000;
      const resent = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/otp/resend',
        headers: { cookie: resident.cookie },
        payload: { challengeId: started.json().challengeId },
      });
      expect(resent.statusCode, resent.body).toBe(202);
      const [again] = await outbox(t, resident.mobile);
      expect(again!.body).toContain('eSign "rent-agreement.pdf"');

      const done = await confirm(resident, original.id, started.json().challengeId, await latestOtp(t, resident.mobile));
      expect(done.statusCode, done.body).toBe(201);
      const signedFile = done.json().file;
      expect(signedFile).toMatchObject({ name: 'rent-agreement (eSigned).pdf', mediaType: 'application/pdf', folderId: folder.json().id, status: 'clean' });
      expect(signedFile.id).not.toBe(original.id);
      expect(await usage(resident)).toBe(before + signedFile.sizeBytes);
      const activity = (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie: resident.cookie } }))
        .json()
        .events.map((e: { type: string }) => e.type);
      expect(activity.slice(0, 2)).toEqual(['document_esigned', 'file_uploaded']);

      const kept = await content(resident, original.id);
      expect(kept.statusCode).toBe(200);
      expect(kept.rawPayload.equals(fixture)).toBe(true);
      const signed = await content(resident, signedFile.id);
      expect(signed.statusCode).toBe(200);
      expect(signed.rawPayload.subarray(0, fixture.length).equals(fixture)).toBe(true);

      const verified = await t.app.inject({
        method: 'POST',
        url: '/api/v1/verify/pdf',
        headers: { 'content-type': 'application/pdf' },
        payload: signed.rawPayload,
      });
      expect(verified.statusCode, verified.body).toBe(200);
      const report = verified.json().signatures;
      expect(report.signatures).toHaveLength(1);
      expect(report.signatures[0]).toMatchObject({
        valid: true,
        coversWholeDocument: true,
        signer: { name: 'Hetal Jignesh Patel', serial: done.json().certificateSerial },
        certificate: { chainsToTijori: true, validAtSigningTime: true, revoked: false },
      });
      expect(report.modifiedAfterLastSignature).toBe(false);
    });

    it('shares the eSigned copy by link: the receiver gets the signed PDF byte for byte, and it verifies as signed', async () => {
      const original = await upload(resident, 'tenancy.pdf');
      const started = await startEsign(resident, original.id);
      expect(started.statusCode, started.body).toBe(202);
      const done = await confirm(resident, original.id, started.json().challengeId, await latestOtp(t, resident.mobile));
      expect(done.statusCode, done.body).toBe(201);
      const signedFile = done.json().file as { id: string; name: string };
      const signed = (await content(resident, signedFile.id)).rawPayload;

      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/shares',
        headers: { cookie: resident.cookie },
        payload: { target: { kind: 'uploaded', fileId: signedFile.id }, allowDownload: true, pin: '482915' },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().target).toMatchObject({ kind: 'uploaded', title: 'tenancy (eSigned).pdf' });
      const opened = await t.app.inject({ method: 'POST', url: '/api/v1/public/shares/open', payload: { token: created.json().token, pin: '482915' } });
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.json().document).toMatchObject({ kind: 'uploaded', name: 'tenancy (eSigned).pdf', mediaType: 'application/pdf' });
      const got = await t.app.inject({ method: 'POST', url: '/api/v1/public/shares/download', payload: { grant: opened.json().downloadGrant } });
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(signed)).toBe(true);
      const verified = await t.app.inject({
        method: 'POST',
        url: '/api/v1/verify/pdf',
        headers: { 'content-type': 'application/pdf' },
        payload: got.rawPayload,
      });
      expect(verified.statusCode, verified.body).toBe(200);
      expect(verified.json().signatures.signatures[0]).toMatchObject({ valid: true, coversWholeDocument: true, signer: { name: 'Hetal Jignesh Patel' } });
    });

    it('answers another resident’s file exactly as a missing one, and keeps another resident from confirming', async () => {
      const stranger = await signUp(t);
      const mine = await upload(resident, 'mine.pdf');
      const missing = '0190a0b0-0000-7000-8000-000000000000';
      const theirs = await startEsign(stranger, mine.id);
      const none = await startEsign(stranger, missing);
      expect(theirs.statusCode).toBe(404);
      expect(none.statusCode).toBe(404);
      expect(theirs.json().code).toBe(none.json().code);
      expect(theirs.json().detail ?? theirs.json().message).toBe(none.json().detail ?? none.json().message);

      const started = await startEsign(resident, mine.id);
      expect(started.statusCode, started.body).toBe(202);
      const otp = await latestOtp(t, resident.mobile);
      const stolen = await confirm(stranger, mine.id, started.json().challengeId, otp);
      expect(stolen.statusCode).toBe(404);
      const own = await confirm(resident, mine.id, started.json().challengeId, otp);
      expect(own.statusCode, own.body).toBe(201);
    });

    it('the eSign store over the drive finds only the actor’s own files and saves a new file beside the original', async () => {
      const stranger = await signUp(t);
      const file = await upload(resident, 'store.pdf');
      const deps: UploadDeps = { ...createDomainDeps(t.runtime), uploads: t.config.uploads, scanner: eicarScanner() };
      const actorOf = (who: SignedUp): ResidentActor => ({ kind: 'resident', residentId: who.id, sessionId: 'test' });
      expect(await uploadedEsignDocuments(deps, actorOf(stranger), null).find(file.id)).toBeUndefined();
      const mine = uploadedEsignDocuments(deps, actorOf(resident), null);
      const found = await mine.find(file.id);
      expect(found).toMatchObject({ ownerResidentId: resident.id, name: 'store.pdf' });
      expect(found!.pdf.equals(fixture)).toBe(true);
      await expect(
        uploadedEsignDocuments(deps, actorOf(stranger), null).saveSigned({ ownerResidentId: resident.id, originalId: file.id, name: 'x.pdf', pdf: fixture }),
      ).rejects.toThrow();
      await expect(
        uploadedEsignDocuments(deps, actorOf(stranger), null).saveSigned({ ownerResidentId: stranger.id, originalId: file.id, name: 'x.pdf', pdf: fixture }),
      ).rejects.toMatchObject({
        code: 'document_not_found',
      });
      const binned = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/files/${file.id}`, headers: { cookie: resident.cookie } });
      expect(binned.statusCode).toBe(200);
      expect(await mine.find(file.id)).toBeUndefined();
    });

    it('does not take a sign-in OTP as the eSign confirmation', async () => {
      const file = await upload(resident, 'affidavit.pdf');
      const started = await startEsign(resident, file.id);
      expect(started.statusCode, started.body).toBe(202);
      const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: resident.mobile, pin: resident.pin } });
      expect(signIn.statusCode, signIn.body).toBe(202);
      const signInOtp = await latestOtp(t, resident.mobile);
      const refused = await confirm(resident, file.id, signIn.json().challengeId, signInOtp);
      expect(refused.statusCode).toBe(404);
      expect(refused.json().code).toBe('challenge_not_found');
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/me/files?q=eSigned', headers: { cookie: resident.cookie } }))
          .json()
          .files.map((f: { name: string }) => f.name),
      ).not.toContain('affidavit (eSigned).pdf');
    });

    it('puts the stamp at a named position of the chosen page', async () => {
      const pdf = await upload(resident, 'two-pages.pdf');
      offset += 61_000;
      const topLeft = await startEsign(resident, pdf.id, { placement: { page: 1, position: 'top-left' } });
      expect(topLeft.statusCode, topLeft.body).toBe(202);
      const { placement } = topLeft.json();
      expect(placement).toMatchObject({ page: 1, x: 12, width: 240, height: 44 });
      // A4 or Letter: the stamp's top edge is 12 pt below the top of the page.
      expect([841.89 - 56, 792 - 56].some((y) => Math.abs(placement.y - y) < 1)).toBe(true);
      offset += 61_000;
      const centre = await startEsign(resident, pdf.id, { placement: { page: 2, position: 'bottom-center' } });
      expect(centre.json().placement).toMatchObject({ page: 2, y: 12 });
      offset += 61_000;
      const lastPage = await startEsign(resident, pdf.id, { placement: { position: 'bottom-left' } });
      expect(lastPage.json().placement).toMatchObject({ page: 2, x: 12, y: 12 });
    });

    it('signs a photo (JPEG or PNG) by first wrapping it into a one-page PDF; the photo stays as it was', async () => {
      for (const [name, bytes] of [
        ['card.png', pngFile(120, 80)],
        ['card-back.jpg', tinyJpeg()],
      ] as const) {
        // A minute apart: the OTP resend gap.
        offset += 61_000;
        const photo = await upload(resident, name, bytes);
        const started = await startEsign(resident, photo.id);
        expect(started.statusCode, started.body).toBe(202);
        expect(started.json().placement.page).toBe(1);
        const done = await confirm(resident, photo.id, started.json().challengeId, await latestOtp(t, resident.mobile));
        expect(done.statusCode, done.body).toBe(201);
        expect(done.json().file).toMatchObject({ name: `${name.replace(/\.\w+$/, '')} (eSigned).pdf`, mediaType: 'application/pdf', status: 'clean' });
        const signed = await content(resident, done.json().file.id);
        const verified = await t.app.inject({
          method: 'POST',
          url: '/api/v1/verify/pdf',
          headers: { 'content-type': 'application/pdf' },
          payload: signed.rawPayload,
        });
        expect(verified.json().signatures.signatures).toMatchObject([{ valid: true, intact: true, signer: { name: expect.any(String) } }]);
        expect((await content(resident, photo.id)).rawPayload.equals(bytes)).toBe(true);
      }
    });

    it('refuses with coded errors: no linked Aadhaar, a bad placement or body, a stamp outside the page', async () => {
      const unlinked = await signUp(t);
      const file = await upload(unlinked, 'letter.pdf');
      const noAadhaar = await startEsign(unlinked, file.id);
      expect(noAadhaar.statusCode).toBe(409);
      expect(noAadhaar.json().code).toBe('aadhaar_not_linked');

      const pdf = await upload(resident, 'placed.pdf');
      const badBody = await startEsign(resident, pdf.id, { placement: { page: 0, x: -1, y: 2 } });
      expect(badBody.statusCode).toBe(400);
      expect(badBody.json().code).toBe('validation_failed');
      const outside = await startEsign(resident, pdf.id, { placement: { page: 3, x: 10, y: 10 } });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().code).toBe('signature_field_outside_page');
      const noPage = await startEsign(resident, pdf.id, { placement: { page: 3, position: 'top-left' } });
      expect(noPage.statusCode).toBe(400);
      expect(noPage.json()).toMatchObject({ code: 'signature_field_outside_page', detail: expect.stringContaining('2 page') });
      const both = await startEsign(resident, pdf.id, { placement: { page: 1, x: 10, y: 10, position: 'top-left' } });
      expect(both.statusCode).toBe(400);
      expect(both.json().code).toBe('validation_failed');
      const unknownPlace = await startEsign(resident, pdf.id, { placement: { page: 1, position: 'middle' } });
      expect(unknownPlace.statusCode).toBe(400);
      expect(unknownPlace.json().code).toBe('validation_failed');
      const badOtp = await confirm(resident, pdf.id, 'x'.repeat(20), '12345');
      expect(badOtp.statusCode).toBe(400);
      expect(badOtp.json().code).toBe('validation_failed');
    });
  });
}
