import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { deleteAccount, linkAadhaar, signUp, type SignedUp } from '../support/residents.js';
import { pendingEndpoint } from '../support/remote-issuer.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, tempDir, type TestApp } from '../support/test-app.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');

/** The demo issuer's Pull URI endpoint in its own process, on its own port. */
async function startDemoIssuer(apiKey: string, extraArgs: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/demo-issuer/src/main.ts', '--port', '0', '--api-key', apiKey, '--quiet', ...extraArgs], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const on = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', () => reject(new Error(out)));
  });
  return { url, child };
}

for (const dialect of DIALECTS)
  describe(`pull from an issuer's own endpoint (Pull URI protocol) [${dialect}]`, () => {
    let t: TestApp;
    let demo: Awaited<ReturnType<typeof startDemoIssuer>>;
    let anjali: SignedUp;
    let apiKey: string;
    let operator: string;
    const sandbox = async (name: string) => {
      const residents = (await t.app.inject({ method: 'GET', url: '/api/v1/dev/aadhaar-sandbox' })).json().residents as {
        aadhaarNumber: string;
        name: string;
        mobile: string;
      }[];
      return residents.find((r) => r.name === name)!;
    };
    beforeAll(async () => {
      // The demo endpoint's SLOW mode sleeps ten minutes: Tijori gives up at this deadline. It is
      // long enough that a prompt (failing, garbage…) answer is never mistaken for a slow one on a
      // busy machine.
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true', ISSUER_ENDPOINT_TIMEOUT_MS: '6000' } });
      const op = await staffToken(t);
      const registered = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers',
        headers: bearer(op),
        payload: {
          orgId: 'in.ac.demo-univ',
          names: { en: 'Demo University' },
          category: 'Education',
          pullMode: 'remote',
          endpointUrl: 'http://127.0.0.1:9/pull-uri',
        },
      });
      expect(registered.statusCode).toBe(201);
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.ac.demo-univ/document-types',
        headers: bearer(op),
        payload: {
          code: 'DGCER',
          names: { en: 'Degree Certificate' },
          template: 'certificate',
          fields: [
            { key: 'branch', label: { en: 'Branch' } },
            { key: 'cgpa', label: { en: 'CGPA' } },
            { key: 'result', label: { en: 'Result' } },
          ],
          parameters: [
            { name: 'RollNo', label: { en: 'Roll number' } },
            { name: 'Year', label: { en: 'Year' } },
          ],
        },
      });
      const client = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.ac.demo-univ/credentials',
        headers: bearer(op),
        payload: { kind: 'digilocker', label: 'pull endpoint' },
      });
      apiKey = client.json().secret as string;
      operator = op;
      demo = await startDemoIssuer(apiKey);
      // Point the issuer at the endpoint now that its port is known.
      const issuer = await t.runtime.db.kysely
        .updateTable('issuers')
        .set({ repository_url: `${demo.url}/pull-uri` })
        .where('org_id', '=', 'in.ac.demo-univ')
        .execute();
      expect(issuer.length).toBe(1);
      const resident = await sandbox('Anjali Mishra');
      anjali = await signUp(t);
      expect((await linkAadhaar(t, anjali.cookie, resident.aadhaarNumber, resident.mobile)).statusCode).toBe(200);
    });
    afterAll(async () => {
      demo?.child.kill('SIGTERM');
      await t?.close();
    });

    const pull = (r: SignedUp, parameters: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: 'in.ac.demo-univ', docType: 'DGCER', parameters, consent: true },
      });

    it('pulls a degree over real HTTP with keyhash and HMAC, keeping the issuer’s PDF beside Tijori’s', async () => {
      const res = await pull(anjali, { RollNo: 'AR17230', Year: '2017' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ status: 'issued', uri: 'in.ac.demo-univ-DGCER-DU2017AR17230', alreadyHeld: false });
      // Its date and fields come from the certificate XML the university sent, not from the day of the pull.
      const doc = (
        await t.app.inject({ method: 'GET', url: '/api/v1/me/documents/in.ac.demo-univ-DGCER-DU2017AR17230', headers: { cookie: anjali.cookie } })
      ).json();
      expect(doc.issuedOn).toBe('2017-08-11');
      expect(Object.fromEntries(doc.fields.map((f: { key: string; value: string }) => [f.key, f.value]))).toEqual({
        branch: 'Economics',
        cgpa: '8.03',
        result: 'First Class',
      });
      const pdf = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me/documents/in.ac.demo-univ-DGCER-DU2017AR17230/pdf',
        headers: { cookie: anjali.cookie },
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const verified = await t.app.inject({
        method: 'POST',
        url: '/api/v1/verify/pdf',
        headers: { 'content-type': 'application/pdf' },
        payload: pdf.rawPayload,
      });
      expect(verified.json()).toMatchObject({ verdict: 'genuine', document: { uri: 'in.ac.demo-univ-DGCER-DU2017AR17230' } });
      // The university's own PDF is kept as it sent it.
      const original = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me/documents/in.ac.demo-univ-DGCER-DU2017AR17230/pdf?source=issuer',
        headers: { cookie: anjali.cookie },
      });
      expect(original.statusCode).toBe(200);
      expect(original.rawPayload.toString('latin1')).toContain('DEMO DOCUMENT from the Tijori sandbox issuer');
      expect(original.rawPayload.equals(pdf.rawPayload)).toBe(false);
      // The audit log says Tijori issued it, pulling for the resident: no staff member, no API key.
      const audit = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=1000', headers: bearer(operator) })).json().entries as {
        action: string;
        target: string | null;
        actor: object;
      }[];
      expect(audit.find((e) => e.action === 'documents.issued' && e.target === 'in.ac.demo-univ-DGCER-DU2017AR17230')?.actor).toEqual({
        kind: 'system',
        id: 'pull-remote',
        name: null,
      });
    });

    it('refuses someone else’s record after matching the name and date of birth', async () => {
      const res = await pull(anjali, { RollNo: 'CE09017', Year: '2009' }); // Hetal Patel's degree
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('record_not_found');
      expect((await pull(anjali, { RollNo: 'XX00000', Year: '2001' })).json().code).toBe('record_not_found');
    });

    it('leaves a pending answer pending', async () => {
      const res = await pull(anjali, { RollNo: 'PENDING', Year: '2020' });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toMatchObject({ status: 'pending', requestId: expect.any(String) });
    });

    it('maps a slow (gives up at its deadline, not after the endpoint’s ten minutes), failing, garbage, huge, redirecting or hostile endpoint to coded errors', {
      timeout: 60_000,
    }, async () => {
      const cases: [string, string, number][] = [
        ['SLOW', 'repository_service_unresponsive', 503],
        ['FAIL', 'repository_service_resperror', 502],
        ['GARBAGE', 'repository_service_resperror', 502],
        ['HUGE', 'repository_service_resperror', 502],
        ['REDIRECT', 'repository_service_resperror', 502],
        ['XXE', 'repository_service_resperror', 502],
        // A well-formed answer without x-digilocker-hmac (accepted as "pending" before).
        ['NOHMAC', 'repository_service_resperror', 502],
      ];
      for (const [mode, code, status] of cases) {
        const res = await pull(anjali, { RollNo: mode, Year: '2020' });
        expect(res.json().code, mode).toBe(code);
        expect(res.statusCode, mode).toBe(status);
        expect(res.body).not.toMatch(/127\.0\.0\.1|ECONN|stack/);
      }
    });

    it('accepts a certificate only when it verifies under the XML signing key the operator registered', async () => {
      const dir = await tempDir();
      const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const publicPem = (k: typeof signing) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      await fs.writeFile(path.join(dir, 'issuer.pem'), signing.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      const signed = await startDemoIssuer(apiKey, ['--signing-key', path.join(dir, 'issuer.pem')]);
      const settings = (payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/issuers/in.ac.demo-univ', headers: bearer(operator), payload });
      try {
        const hetalProfile = await sandbox('Hetal Jignesh Patel');
        const hetal = await signUp(t);
        expect((await linkAadhaar(t, hetal.cookie, hetalProfile.aadhaarNumber, hetalProfile.mobile)).statusCode).toBe(200);
        // Her linked Aadhaar already brought her the demo directory's hosted documents; only degrees count here.
        const mine = async () =>
          (
            (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: hetal.cookie } })).json().documents as {
              issuer: { orgId: string };
            }[]
          ).filter((d) => d.issuer.orgId === 'in.ac.demo-univ');

        // Bad keys are refused with the field named; a private key is never stored.
        for (const bad of [
          'not a key',
          signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        ]) {
          const res = await settings({ certificateKey: bad });
          expect(res.statusCode, bad.slice(0, 30)).toBe(400);
          expect(res.json().errors[0].path).toBe('/body/certificateKey');
        }

        // Signed by the issuer, but the operator registered another key: nothing is issued.
        expect((await settings({ endpointUrl: `${signed.url}/pull-uri`, certificateKey: publicPem(other) })).statusCode).toBe(200);
        const wrong = await pull(hetal, { RollNo: 'CE09017', Year: '2009' });
        expect(wrong.json().code).toBe('repository_service_resperror');
        expect(wrong.statusCode).toBe(502);
        expect(await mine()).toEqual([]);

        // A key is registered, and the endpoint answers unsigned: refused as well.
        expect((await settings({ endpointUrl: `${demo.url}/pull-uri`, certificateKey: publicPem(signing) })).statusCode).toBe(200);
        expect((await pull(hetal, { RollNo: 'CE09017', Year: '2009' })).json().code).toBe('repository_service_resperror');
        expect(await mine()).toEqual([]);

        // The right key and a signed answer: issued, with what the signed certificate says.
        expect((await settings({ endpointUrl: `${signed.url}/pull-uri` })).statusCode).toBe(200);
        const seen = (await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.ac.demo-univ/settings', headers: bearer(operator) })).json();
        expect(seen.certificateKey).toBe(publicPem(signing));
        const ok = await pull(hetal, { RollNo: 'CE09017', Year: '2009' });
        expect(ok.statusCode, ok.body).toBe(201);
        const doc = (await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${ok.json().uri}`, headers: { cookie: hetal.cookie } })).json();
        expect(doc.issuedOn).toMatch(/^2009-/);
        expect(doc.fields.length).toBeGreaterThan(0);
      } finally {
        signed.child.kill('SIGTERM');
        await settings({ endpointUrl: `${demo.url}/pull-uri`, certificateKey: null });
        await fs.rm(dir, { recursive: true, force: true });
      }
    });

    it('sends UID as the SHA-256 of the resident’s Aadhaar number, never the number', async () => {
      const seen: string[] = [];
      const server = await pendingEndpoint(t, 'in.ac.demo-univ', apiKey, seen);
      try {
        expect((await pull(anjali, { RollNo: 'AR17230', Year: '2017' })).statusCode).toBe(202);
        const resident = await sandbox('Anjali Mishra');
        expect(seen).toHaveLength(1);
        expect(seen[0]).toContain(`<UID>${createHash('sha256').update(resident.aadhaarNumber).digest('hex')}</UID>`);
        expect(seen[0]).not.toContain(resident.aadhaarNumber);
      } finally {
        server.close();
        await t.runtime.db.kysely
          .updateTable('issuers')
          .set({ repository_url: `${demo.url}/pull-uri` })
          .where('org_id', '=', 'in.ac.demo-univ')
          .execute();
      }
    });

    it('refuses an endpoint at a private or metadata address that the operator did not allow', async () => {
      await t.runtime.db.kysely
        .updateTable('issuers')
        .set({ repository_url: 'http://169.254.169.254/latest/meta-data' })
        .where('org_id', '=', 'in.ac.demo-univ')
        .execute();
      const res = await pull(anjali, { RollNo: 'AR17230', Year: '2017' });
      expect(res.json().code).toBe('repository_service_configerror');
      expect(res.statusCode).toBe(502);
      await t.runtime.db.kysely
        .updateTable('issuers')
        .set({ repository_url: `${demo.url}/pull-uri` })
        .where('org_id', '=', 'in.ac.demo-univ')
        .execute();
    });

    it('gives a re-created account its degree back: held for the Aadhaar at deletion, and on a repeated pull', async () => {
      const profile = await sandbox('Anjali Mishra');
      const uri = 'in.ac.demo-univ-DGCER-DU2017AR17230';
      const mine = async (r: SignedUp) =>
        ((await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: r.cookie } })).json().documents as { uri: string }[]).map(
          (d) => d.uri,
        );
      expect(await mine(anjali)).toContain(uri);
      await deleteAccount(t, anjali);
      const again = await signUp(t);
      expect((await linkAadhaar(t, again.cookie, profile.aadhaarNumber, profile.mobile)).statusCode).toBe(200);
      expect(await mine(again)).toContain(uri);
      expect((await pull(again, { RollNo: 'AR17230', Year: '2017' })).json()).toEqual({ status: 'issued', uri, alreadyHeld: true });

      // What an earlier version left behind (the document still on a deleted account): a pull matched to the Aadhaar profile gives it back.
      await deleteAccount(t, again);
      await t.runtime.db.kysely.updateTable('issued_documents').set({ resident_id: again.id, holder_lookup: null }).where('uri', '=', uri).execute();
      const third = await signUp(t);
      expect((await linkAadhaar(t, third.cookie, profile.aadhaarNumber, profile.mobile)).statusCode).toBe(200);
      expect(await mine(third)).not.toContain(uri);
      const res = await pull(third, { RollNo: 'AR17230', Year: '2017' });
      expect(res.json(), res.body).toEqual({ status: 'issued', uri, alreadyHeld: false });
      expect(await mine(third)).toContain(uri);
    });
  });
