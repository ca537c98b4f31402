import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { createDomainDeps } from '../../src/app.js';
import type { DomainDeps } from '../../src/domain/context.js';
import type { ResidentActor } from '../../src/domain/actors.js';
import { confirmEsign } from '../../src/domain/esign/confirm-esign.js';
import type { EsignDocuments } from '../../src/domain/esign/esign-documents.js';
import { startEsign } from '../../src/domain/esign/start-esign.js';
import { tijoriEsp } from '../../src/domain/esign/tijori-esp.js';
import { verifyPdf } from '../../src/domain/documents/verify-pdf.js';
import { startSignIn } from '../../src/domain/auth/start-sign-in.js';
import { isAppError } from '../../src/lib/errors.js';
import { DIALECTS } from '../support/dialects.js';
import { latestOtp, linkAadhaar, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { freePort, nssWithRoot, pdfsig } from '../signatures/pdf-helpers.js';

const FIXTURE = new URL('../signatures/fixtures/two-page-letter.pdf', import.meta.url);
const ctx = { ip: '203.0.113.9', device: 'test' };

/** The uploaded-documents store eSign will use, in memory: it finds and saves, eSign checks owners. */
function memoryDocuments() {
  const docs = new Map<string, { ownerResidentId: string; name: string; pdf: Buffer }>();
  const store: EsignDocuments & { add(owner: string, name: string, pdf: Buffer): string; get(id: string): Buffer | undefined } = {
    async find(id) {
      const d = docs.get(id);
      return d ? { ...d, pdf: Buffer.from(d.pdf) } : undefined;
    },
    async saveSigned({ ownerResidentId, name, pdf }) {
      const id = randomUUID();
      docs.set(id, { ownerResidentId, name, pdf: Buffer.from(pdf) });
      return { documentId: id };
    },
    add(owner, name, pdf) {
      const id = randomUUID();
      docs.set(id, { ownerResidentId: owner, name, pdf: Buffer.from(pdf) });
      return id;
    },
    get: (id) => docs.get(id)?.pdf,
  };
  return store;
}

async function codeOf(err: Promise<unknown>): Promise<string> {
  try {
    await err;
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

function pdfkitDocument(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica').fontSize(14).text('Affidavit for address proof', 72, 72);
  doc.end();
  return done;
}

for (const dialect of DIALECTS) {
  describe(`eSign of a resident's PDF [${dialect}]`, () => {
    let t: TestApp;
    let deps: DomainDeps;
    let linked: SignedUp;
    let actor: ResidentActor;
    let fixture: Buffer;
    const documents = memoryDocuments();
    let services: { documents: EsignDocuments; esp: ReturnType<typeof tijoriEsp> };

    // Real time, moved on an hour after each test: every test gets fresh OTP send caps
    // (5 eSign OTPs an hour per account), which this file would otherwise exhaust.
    let offset = 0;
    const clock = { now: () => Date.now() + offset };
    afterEach(() => {
      offset += 61 * 60 * 1000;
    });

    beforeAll(async () => {
      // Reachable at its public URL: pdfsig checks the certificates with the OCSP responder they name.
      const port = await freePort();
      t = await startTestApp(dialect, { clock, env: { TIJORI_PUBLIC_URL: `http://127.0.0.1:${port}` } });
      await t.app.listen({ port, host: '127.0.0.1' });
      deps = createDomainDeps(t.runtime);
      services = { documents, esp: tijoriEsp(deps) };
      const demo = await sandboxResident(t, 0);
      linked = await signUp(t);
      const link = await linkAadhaar(t, linked.cookie, demo.aadhaarNumber, demo.mobile);
      expect(link.statusCode, link.body).toBe(200);
      actor = { kind: 'resident', residentId: linked.id, sessionId: 'test' };
      fixture = await fs.readFile(FIXTURE);
    });
    afterAll(async () => t?.close());

    const start = (documentId: string, placement?: { page: number; x: number; y: number }, who = actor) =>
      startEsign(deps, who, documents, { documentId, ip: '127.0.0.1', ...(placement ? { placement } : {}) });
    const confirm = async (documentId: string, challengeId: string, otp?: string, who = actor) =>
      confirmEsign(deps, who, services, { documentId, challengeId, otp: otp ?? (await latestOtp(t, linked.mobile)) }, ctx);

    it('signs with a one-time certificate in the e-KYC name, a stamp in Gujarati and English, a new version beside the untouched original', async () => {
      const id = documents.add(linked.id, 'rent-agreement.pdf', fixture);
      const challenge = await start(id);
      expect(challenge.placement).toMatchObject({ page: 2 });
      const sms = (await t.app.inject({ method: 'GET', url: `/api/v1/dev/sms-outbox?to=${linked.mobile}` })).json().messages[0].body as string;
      expect(sms).toContain('eSign "rent-agreement.pdf"');
      const result = await confirm(id, challenge.challengeId);

      expect(documents.get(id)!.equals(fixture)).toBe(true);
      const signed = documents.get(result.documentId)!;
      expect(signed.subarray(0, fixture.length).equals(fixture)).toBe(true);

      const report = await verifyPdf(deps, signed);
      expect(report.signatures!.signatures).toHaveLength(1);
      const [s] = report.signatures!.signatures;
      expect(s).toMatchObject({
        valid: true,
        level: 'PAdES-B-T',
        coversWholeDocument: true,
        signer: { name: 'Hetal Jignesh Patel', serial: result.certificateSerial },
      });
      expect(report.signatures!.modifiedAfterLastSignature).toBe(false);

      const text = (await import('node:child_process')).execFileSync('pdftotext', ['-', '-'], { input: signed, encoding: 'utf8' });
      expect(text).toContain('Digitally signed by Hetal Jignesh Patel on');
      expect(text).toContain('via Tijori');
      expect(text).toMatch(/દ્વારા .* Tijori મારફતે/);

      const root = (await t.app.inject({ method: 'GET', url: '/pki/tijori-root-ca.pem' })).body;
      const out = await pdfsig(await nssWithRoot(root), signed);
      expect(out).toContain('Signature Validation: Signature is Valid.');
      expect(out).toContain('Certificate Validation: Certificate is Trusted.');

      const activity = (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie: linked.cookie } })).json();
      expect(activity.events[0]).toMatchObject({ type: 'document_esigned' });

      // Signing the signed version again adds a second signature; the first still verifies.
      const again = await start(result.documentId, { page: 1, x: 60, y: 60 });
      const second = await confirm(result.documentId, again.challengeId);
      const both = await verifyPdf(deps, documents.get(second.documentId)!);
      expect(both.signatures!.signatures.map((x) => [x.valid, x.coversWholeDocument])).toEqual([
        [true, false],
        [true, true],
      ]);
    });

    it('signs a PDF with a classic cross-reference table (PDFKit) too', async () => {
      const id = documents.add(linked.id, 'affidavit.pdf', await pdfkitDocument());
      const challenge = await start(id);
      const result = await confirm(id, challenge.challengeId);
      const report = await verifyPdf(deps, documents.get(result.documentId)!);
      expect(report.signatures!.signatures[0]).toMatchObject({ valid: true });
    });

    it('refuses another resident’s document, and a resident without a linked Aadhaar', async () => {
      const stranger = await signUp(t);
      const strangerActor: ResidentActor = { kind: 'resident', residentId: stranger.id, sessionId: 'x' };
      const mine = documents.add(linked.id, 'mine.pdf', fixture);
      expect(await codeOf(start(mine, undefined, strangerActor))).toBe('document_not_found');
      const theirs = documents.add(stranger.id, 'theirs.pdf', fixture);
      expect(await codeOf(start(theirs, undefined, strangerActor))).toBe('aadhaar_not_linked');
      // A challenge for my document cannot be answered by someone else.
      const challenge = await start(mine);
      expect(await codeOf(confirm(mine, challenge.challengeId, await latestOtp(t, linked.mobile), strangerActor))).toBe('challenge_not_found');
      expect(documents.get(mine)!.equals(fixture)).toBe(true);
    });

    it('accepts only the eSign OTP for this document: a wrong, reused, sign-in or other-document OTP is refused', async () => {
      const a = documents.add(linked.id, 'a.pdf', fixture);
      const b = documents.add(linked.id, 'b.pdf', fixture);
      const forA = await start(a);
      const otp = await latestOtp(t, linked.mobile);
      const wrong = otp === '000000' ? '111111' : '000000';
      expect(await codeOf(confirm(a, forA.challengeId, wrong))).toBe('otp_wrong');
      expect(await codeOf(confirm(b, forA.challengeId, otp))).toBe('challenge_not_found');

      const signIn = await startSignIn(deps, { login: linked.mobile, pin: linked.pin }, ctx);
      const signInOtp = await latestOtp(t, linked.mobile);
      expect(await codeOf(confirm(a, signIn.challengeId, signInOtp))).toBe('challenge_not_found');

      await confirm(a, forA.challengeId, otp);
      expect(await codeOf(confirm(a, forA.challengeId, otp))).toBe('otp_used');
      expect(documents.get(a)!.equals(fixture)).toBe(true);
      expect(documents.get(b)!.equals(fixture)).toBe(true);
    });

    it('refuses an encrypted, corrupt or truncated PDF, a broken existing signature, a stamp outside the page, and a document changed after the OTP', async () => {
      // An update that adds standard (password) encryption, as a PDF writer would leave it.
      const prev = /startxref\s+(\d+)/.exec(fixture.toString('latin1').slice(-40))![1];
      const head = Buffer.concat([fixture, Buffer.from('\n')]);
      const encrypted = Buffer.concat([
        head,
        Buffer.from(
          `xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 20 /Root 2 0 R /Prev ${prev} /Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >> >>\nstartxref\n${head.length}\n%%EOF\n`,
        ),
      ]);
      expect(await codeOf(start(documents.add(linked.id, 'e.pdf', encrypted)))).toBe('pdf_encrypted');
      expect(await codeOf(start(documents.add(linked.id, 't.pdf', fixture.subarray(0, fixture.length - 300))))).toBe('pdf_invalid');
      const corrupt = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(500, 0x41), Buffer.from('\nstartxref\n20\n%%EOF\n')]);
      expect(await codeOf(start(documents.add(linked.id, 'c.pdf', corrupt)))).toBe('pdf_invalid');
      expect(await codeOf(start(documents.add(linked.id, 'n.pdf', Buffer.from('not a pdf at all'))))).toBe('pdf_invalid');

      const id = documents.add(linked.id, 'signed-once.pdf', fixture);
      const first = await confirm(id, (await start(id)).challengeId);
      const broken = Buffer.from(documents.get(first.documentId)!);
      // A byte of the header's binary comment: the file still reads, but not as signed.
      expect(broken[9]).toBe(0x25);
      broken[11] = broken[11]! ^ 1;
      const brokenId = documents.add(linked.id, 'broken.pdf', broken);
      expect(await codeOf(start(brokenId))).toBe('pdf_signature_broken');

      const ok = documents.add(linked.id, 'ok.pdf', fixture);
      expect(await codeOf(start(ok, { page: 1, x: 500, y: 800 }))).toBe('signature_field_outside_page');
      expect(await codeOf(start(ok, { page: 3, x: 10, y: 10 }))).toBe('signature_field_outside_page');

      const challenge = await start(ok);
      // The document's bytes are replaced under the same id after the OTP was sent.
      const replaced = await pdfkitDocument();
      const changedStore: EsignDocuments = {
        ...documents,
        find: async (docId) => (docId === ok ? { ownerResidentId: linked.id, name: 'ok.pdf', pdf: replaced } : documents.find(docId)),
      };
      expect(
        await codeOf(
          confirmEsign(
            deps,
            actor,
            { documents: changedStore, esp: services.esp },
            { documentId: ok, challengeId: challenge.challengeId, otp: await latestOtp(t, linked.mobile) },
            ctx,
          ),
        ),
      ).toBe('esign_document_changed');
      expect(documents.get(ok)!.equals(fixture)).toBe(true);
    });
  });
}
