import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, signUp, type SignedUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');

/** The demo issuer repository in its own process, on its own port. */
async function startDemoIssuer(apiKey: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/demo-issuer/src/main.ts', '--port', '0', '--api-key', apiKey, '--quiet'], {
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

describe(`pull from an issuer's own repository (Pull URI protocol) [${DIALECTS[0]}]`, () => {
  let t: TestApp;
  let demo: Awaited<ReturnType<typeof startDemoIssuer>>;
  let anjali: SignedUp;
  beforeAll(async () => {
    t = await startTestApp(DIALECTS[0]!, { env: { TIJORI_SEED_DEMO: 'true', ISSUER_REPOSITORY_TIMEOUT_MS: '1500' } });
    const op = await staffToken(t);
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/issuers',
      headers: bearer(op),
      payload: { orgId: 'in.ac.demo-univ', names: { en: 'Demo University' }, category: 'Education', pullMode: 'remote', repositoryUrl: 'http://127.0.0.1:9/pull-uri' },
    });
    expect(registered.statusCode).toBe(201);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/issuers/in.ac.demo-univ/document-types',
      headers: bearer(op),
      payload: { code: 'DGCER', names: { en: 'Degree Certificate' }, template: 'certificate', fields: [{ key: 'branch', label: { en: 'Branch' } }, { key: 'cgpa', label: { en: 'CGPA' } }, { key: 'result', label: { en: 'Result' } }], parameters: [{ name: 'RollNo', label: { en: 'Roll number' } }, { name: 'Year', label: { en: 'Year' } }] },
    });
    const client = await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.ac.demo-univ/credentials', headers: bearer(op), payload: { kind: 'digilocker', label: 'repository' } });
    demo = await startDemoIssuer(client.json().secret);
    // Point the issuer at the repository now that its port is known.
    const issuer = await t.runtime.db.kysely.updateTable('issuers').set({ repository_url: `${demo.url}/pull-uri` }).where('org_id', '=', 'in.ac.demo-univ').execute();
    expect(issuer.length).toBe(1);
    const resident = (await (await t.app.inject({ method: 'GET', url: '/api/v1/dev/aadhaar-sandbox' })).json().residents as { aadhaarNumber: string; name: string; mobile: string }[]).find((r) => r.name === 'Anjali Mishra')!;
    anjali = await signUp(t);
    expect((await linkAadhaar(t, anjali.cookie, resident.aadhaarNumber, resident.mobile)).statusCode).toBe(200);
  });
  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    await t?.close();
  });

  const pull = (r: SignedUp, parameters: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/me/pull', headers: { cookie: r.cookie }, payload: { orgId: 'in.ac.demo-univ', docType: 'DGCER', parameters, consent: true } });

  it('pulls a degree over real HTTP with keyhash and HMAC, keeping the issuer’s PDF', async () => {
    const res = await pull(anjali, { RollNo: 'AR17230', Year: '2017' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ status: 'issued', uri: 'in.ac.demo-univ-DGCER-DU2017AR17230', alreadyHeld: false });
    // Its date and fields come from the certificate XML the university sent, not from the day of the pull.
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents/in.ac.demo-univ-DGCER-DU2017AR17230', headers: { cookie: anjali.cookie } })).json();
    expect(doc.issuedOn).toBe('2017-08-11');
    expect(Object.fromEntries(doc.fields.map((f: { key: string; value: string }) => [f.key, f.value]))).toEqual({ branch: 'Economics', cgpa: '8.03', result: 'First Class' });
    const pdf = await t.app.inject({ method: 'GET', url: '/api/v1/me/documents/in.ac.demo-univ-DGCER-DU2017AR17230/pdf', headers: { cookie: anjali.cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const verified = await t.app.inject({ method: 'POST', url: '/api/v1/verify/pdf', headers: { 'content-type': 'application/pdf' }, payload: pdf.rawPayload });
    expect(verified.json()).toMatchObject({ verdict: 'genuine', document: { uri: 'in.ac.demo-univ-DGCER-DU2017AR17230' } });
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

  it('maps a slow, failing, garbage, huge, redirecting or hostile repository to coded errors, fast', async () => {
    const cases: [string, string, number][] = [
      ['SLOW', 'repository_service_unresponsive', 503],
      ['FAIL', 'repository_service_resperror', 502],
      ['GARBAGE', 'repository_service_resperror', 502],
      ['HUGE', 'repository_service_resperror', 502],
      ['REDIRECT', 'repository_service_resperror', 502],
      ['XXE', 'repository_service_resperror', 502],
    ];
    for (const [mode, code, status] of cases) {
      const started = Date.now();
      const res = await pull(anjali, { RollNo: mode, Year: '2020' });
      expect(res.json().code, mode).toBe(code);
      expect(res.statusCode, mode).toBe(status);
      expect(Date.now() - started, mode).toBeLessThan(5_000);
      expect(res.body).not.toMatch(/127\.0\.0\.1|ECONN|stack/);
    }
  });

  it('refuses a repository at a private or metadata address that the operator did not allow', async () => {
    await t.runtime.db.kysely.updateTable('issuers').set({ repository_url: 'http://169.254.169.254/latest/meta-data' }).where('org_id', '=', 'in.ac.demo-univ').execute();
    const res = await pull(anjali, { RollNo: 'AR17230', Year: '2017' });
    expect(res.json().code).toBe('repository_service_configerror');
    await t.runtime.db.kysely.updateTable('issuers').set({ repository_url: `${demo.url}/pull-uri` }).where('org_id', '=', 'in.ac.demo-univ').execute();
  });
});
