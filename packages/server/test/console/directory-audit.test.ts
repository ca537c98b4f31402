import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { createStaffUser } from '../../src/domain/staff/staff-accounts.js';
import { readAuditLog, refuseAudit } from '../support/audit.js';
import { DIALECTS } from '../support/dialects.js';
import { registerRequester } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pngFile } from '../support/upload-fixtures.js';

/**
 * The directory's changes, each done over HTTP by the one who really does it (an operator, or an
 * issuer's console user), then read back through the operators' audit log: who, what, on what.
 */
for (const dialect of DIALECTS) {
  describe(`audit log of directory, requester and account changes [${dialect}]`, () => {
    let t: TestApp;
    let op: string;
    let operatorId: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      op = await staffToken(t);
      operatorId = (await t.runtime.db.kysely.selectFrom('staff_users').select('id').where('role', '=', 'operator').executeTakeFirstOrThrow()).id;
    });
    afterAll(async () => t?.close());

    const log = () => readAuditLog(t, op);
    const last = async (action: string, target: string) => (await log()).findLast((e) => e.action === action && e.target === target);
    const chainVerifies = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log/verify', headers: bearer(op) });
      expect(res.json()).toMatchObject({ valid: true, brokenAt: null, count: (await log()).length });
    };
    const byOperator = () => ({ kind: 'staff', id: operatorId, name: 'operator' });
    const patchIssuer = (orgId: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/issuers/${orgId}`, headers: bearer(op), payload });

    it('records an issuer registered, changed, suspended and reinstated by the operator', async () => {
      const registered = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers',
        headers: bearer(op),
        payload: {
          orgId: 'in.ac.audit',
          names: { en: 'Audit Board' },
          category: 'Education',
          pullMode: 'remote',
          endpointUrl: 'https://user:pw@pull.example/api?key=k1',
        },
      });
      expect(registered.statusCode, registered.body).toBe(201);
      expect(await last('issuer.registered', 'in.ac.audit')).toMatchObject({
        actor: byOperator(),
        orgId: 'in.ac.audit',
        details: { category: 'Education', pullMode: 'remote', endpointUrl: 'https://pull.example/api' },
      });

      expect((await patchIssuer('in.ac.audit', { names: { en: 'Audit Board of Examinations' }, contactEmail: 'x@audit.example' })).statusCode).toBe(200);
      expect(await last('issuer.updated', 'in.ac.audit')).toMatchObject({
        actor: byOperator(),
        orgId: 'in.ac.audit',
        details: { changed: ['names', 'contactEmail'] },
      });

      expect((await patchIssuer('in.ac.audit', { status: 'suspended' })).statusCode).toBe(200);
      expect(await last('issuer.suspended', 'in.ac.audit')).toMatchObject({ actor: byOperator(), details: { status: 'suspended' } });
      expect((await patchIssuer('in.ac.audit', { status: 'active' })).statusCode).toBe(200);
      expect(await last('issuer.reinstated', 'in.ac.audit')).toMatchObject({ actor: byOperator(), details: { status: 'active' } });

      const text = JSON.stringify(await log());
      expect(text).not.toContain('pw@');
      expect(text).not.toContain('k1');
      await chainVerifies();
    });

    it('names the certificate key an issuer’s settings replaced and the new one by the fingerprint openssl prints', async () => {
      const pem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      // What an operator would run on the PEM the issuer sent them, to match the log's entry.
      const opensslFingerprint = (key: string) =>
        `sha256:${execFileSync('bash', ['-c', 'openssl pkey -pubin -outform DER | sha256sum'], { input: key }).toString().split(' ')[0]}`;
      const first = pem();
      const second = pem();
      expect((await patchIssuer('in.gov.transport', { certificateKey: first })).statusCode).toBe(200);
      const set = await last('issuer.updated', 'in.gov.transport');
      expect(set).toMatchObject({
        actor: byOperator(),
        details: { changed: ['certificateKey'], certificateKey: { from: null, to: opensslFingerprint(first) } },
      });
      expect((await patchIssuer('in.gov.transport', { certificateKey: second })).statusCode).toBe(200);
      expect((await last('issuer.updated', 'in.gov.transport'))?.details).toMatchObject({
        certificateKey: { from: opensslFingerprint(first), to: opensslFingerprint(second) },
      });
      expect(opensslFingerprint(first)).not.toBe(opensslFingerprint(second));
      expect((await patchIssuer('in.gov.transport', { certificateKey: null })).statusCode).toBe(200);
      expect((await last('issuer.updated', 'in.gov.transport'))?.details).toMatchObject({ certificateKey: { from: opensslFingerprint(second), to: null } });
      await chainVerifies();
    });

    it('records a document type and hosted records as the issuer’s console user who made them, without the records’ contents', async () => {
      const staff = await staffToken(t, 'transport');
      const staffId = (await t.runtime.db.kysely.selectFrom('staff_users').select('id').where('username', '=', 'transport').executeTakeFirstOrThrow()).id;
      const type = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/document-types',
        headers: bearer(staff),
        payload: {
          code: 'AUDPT',
          names: { en: 'Audit permit' },
          parameters: [{ name: 'PermitNo', label: { en: 'Permit number' } }],
          fields: [{ key: 'permitNo', label: { en: 'Permit number' } }],
          template: 'certificate',
        },
      });
      expect(type.statusCode, type.body).toBe(201);
      const by = { kind: 'staff', id: staffId, name: 'transport' };
      expect(await last('document_type.created', 'AUDPT')).toMatchObject({
        actor: by,
        orgId: 'in.gov.transport',
        details: { template: 'certificate', parameters: ['PermitNo'], fields: 1 },
      });

      const records = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/document-types/AUDPT/records',
        headers: bearer(staff),
        payload: {
          records: [
            { parameters: { PermitNo: 'P-1' }, docId: 'AUDP0001', holder: { name: 'Meera Audit' }, fields: { permitNo: 'P-1' }, issuedOn: '2026-01-10' },
            { parameters: {}, docId: 'AUDP0002', holder: { name: 'Nobody' }, fields: {}, issuedOn: '2026-01-10' },
          ],
        },
      });
      expect(records.statusCode, records.body).toBeLessThan(300);
      expect(await last('hosted_records.uploaded', 'AUDPT')).toMatchObject({ actor: by, orgId: 'in.gov.transport', details: { accepted: 1, rejected: 1 } });
      expect(JSON.stringify(await log())).not.toContain('Meera Audit');
      await chainVerifies();
    });

    it('records a requester registered, suspended, resumed, its secret rotated, its trust and logo changed, never a secret', async () => {
      const bank = await registerRequester(t, { names: { en: 'Audit Bank' } });
      expect(await last('requester.registered', bank.clientId)).toMatchObject({
        actor: byOperator(),
        orgId: null,
        details: { authMethod: 'client_secret', scopes: ['openid', 'userdetails', 'files.issueddocs'], consentDays: 30 },
      });
      const post = (path: string, payload?: unknown) =>
        t.app.inject({ method: 'POST', url: `/api/v1/requesters/${bank.clientId}/${path}`, headers: bearer(op), ...(payload ? { payload } : {}) });
      expect((await post('suspend')).statusCode).toBe(200);
      expect(await last('requester.suspended', bank.clientId)).toMatchObject({ actor: byOperator() });
      expect((await post('resume')).statusCode).toBe(200);
      expect(await last('requester.resumed', bank.clientId)).toMatchObject({ actor: byOperator() });
      const rotated = await post('rotate-secret?overlapMinutes=10');
      expect(rotated.statusCode, rotated.body).toBe(200);
      expect(await last('requester.secret_rotated', bank.clientId)).toMatchObject({
        actor: byOperator(),
        details: { previousValidUntil: rotated.json().previousValidUntil },
      });
      expect((await post('verified-mobile-trust', { trusted: true })).statusCode).toBe(200);
      expect(await last('requester.mobile_trust_changed', bank.clientId)).toMatchObject({ actor: byOperator(), details: { trusted: true } });
      const logo = await t.app.inject({
        method: 'POST',
        url: `/api/v1/requesters/${bank.clientId}/logo`,
        headers: { ...bearer(op), 'content-type': 'image/png' },
        payload: pngFile(16, 16),
      });
      expect(logo.statusCode, logo.body).toBe(200);
      expect(await last('requester.logo_set', bank.clientId)).toMatchObject({
        actor: byOperator(),
        details: { mediaType: 'image/png', sha256: logo.json().logoUrl.split('/').at(-1) },
      });
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/requesters/${bank.clientId}/logo`, headers: bearer(op) })).statusCode).toBe(204);
      expect(await last('requester.logo_removed', bank.clientId)).toMatchObject({ actor: byOperator() });

      const text = JSON.stringify(await log());
      expect(text).not.toContain(bank.clientSecret);
      expect(text).not.toContain(rotated.json().clientSecret);
      await chainVerifies();
    });

    it('records console accounts as made by the host: the demo seed’s, and create-operator’s', async () => {
      expect(await last('staff.created', 'transport')).toMatchObject({ actor: { kind: 'system', id: 'cli:seed-demo', name: null }, orgId: 'in.gov.transport' });
      const { id } = await createStaffUser(
        createDomainDeps(t.runtime),
        { kind: 'host', command: 'create-operator' },
        {
          username: 'ops.audit',
          password: 'a long enough password',
          name: 'Ops',
          role: 'operator',
        },
      );
      const entry = await last('staff.created', 'ops.audit');
      expect(entry).toMatchObject({ actor: { kind: 'system', id: 'cli:create-operator' }, orgId: null, details: { id, role: 'operator' } });
      expect(JSON.stringify(entry)).not.toContain('a long enough password');
      await chainVerifies();
    });

    it('shows why a console sign-in failed', async () => {
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/sign-in',
        payload: { username: 'cbse', password: 'not the password', sessionType: 'bearer' },
      });
      expect(wrong.statusCode).toBe(401);
      const nobody = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/sign-in',
        payload: { username: 'nobody.here', password: 'whatever it is', sessionType: 'bearer' },
      });
      expect(nobody.statusCode).toBe(401);
      expect(await last('staff.sign_in_failed', 'cbse')).toMatchObject({ actor: { kind: 'anonymous' }, details: { reason: 'password_wrong' } });
      expect(await last('staff.sign_in_failed', 'nobody.here')).toMatchObject({ actor: { kind: 'anonymous' }, details: { reason: 'unknown_user' } });
    });

    it('changes nothing when its audit entry cannot be written: the suspension and the registration roll back', async () => {
      const allow = await refuseAudit(t.runtime.db.kysely, dialect, 'issuer.suspended');
      try {
        expect((await patchIssuer('in.gov.cbse', { status: 'suspended' })).statusCode).toBeGreaterThanOrEqual(500);
      } finally {
        await allow();
      }
      expect((await t.runtime.db.kysely.selectFrom('issuers').select('status').where('org_id', '=', 'in.gov.cbse').executeTakeFirstOrThrow()).status).toBe(
        'active',
      );

      const allowRequester = await refuseAudit(t.runtime.db.kysely, dialect, 'requester.registered');
      try {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/requesters',
          headers: bearer(op),
          payload: {
            names: { en: 'Unaudited Bank' },
            purpose: { en: 'KYC' },
            redirectUris: ['https://bank.example/cb'],
            scopes: ['openid'],
            docTypes: [],
            consentDays: 1,
          },
        });
        expect(res.statusCode).toBeGreaterThanOrEqual(500);
      } finally {
        await allowRequester();
      }
      const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/requesters', headers: bearer(op) })).json().requesters;
      expect(listed.map((r: { names: { en: string } }) => r.names.en)).not.toContain('Unaudited Bank');
      await chainVerifies();
    });
  });
}
