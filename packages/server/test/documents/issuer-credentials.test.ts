import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`issuer credentials: listed, revoked, and not mintable by an API key [${dialect}]`, () => {
    let t: TestApp;
    let op: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      op = await staffToken(t);
    });
    afterAll(async () => t?.close());

    const create = (token: string, kind: 'api_key' | 'digilocker', label: string, org = 'in.gov.pan') =>
      t.app.inject({ method: 'POST', url: `/api/v1/issuers/${org}/credentials`, headers: bearer(token), payload: { kind, label } });
    const list = async (token: string, org = 'in.gov.pan') =>
      t.app.inject({ method: 'GET', url: `/api/v1/issuers/${org}/credentials`, headers: bearer(token) });

    it('lists label, creator, creation and last use, never a secret; revokes at once', async () => {
      const staff = await staffToken(t, 'pan');
      const key = (await create(staff, 'api_key', 'nightly batch')).json();
      const client = (await create(op, 'digilocker', 'repository')).json();
      // The key is used once: "last used" shows it.
      expect((await list(key.secret)).statusCode).toBe(200);

      const res = await list(staff);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(key.secret.split('.')[1]);
      expect(res.body).not.toContain(client.secret);
      const seen = res.json().credentials as {
        id: string;
        label: string;
        createdBy: string | null;
        lastUsedAt: string | null;
        revokedAt: string | null;
        kind: string;
      }[];
      const k = seen.find((c) => c.id === key.id)!;
      expect(k).toMatchObject({ kind: 'api_key', label: 'nightly batch', revokedAt: null, createdBy: expect.stringMatching(/^staff:/) });
      expect(k.lastUsedAt).not.toBeNull();
      expect(seen.find((c) => c.id === client.id)).toMatchObject({ kind: 'digilocker', label: 'repository', lastUsedAt: null, legacyKeyhashOnly: false });

      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/issuers/in.gov.pan/credentials/${key.id}`, headers: bearer(staff) });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().revokedAt).not.toBeNull();
      const after = await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.pan/credentials', headers: bearer(key.secret) });
      expect(after.statusCode).toBe(401);
    });

    it('an API key cannot mint keys, revoke keys or rotate the signing key; staff of another issuer see nothing', async () => {
      const key = (await create(op, 'api_key', 'automation')).json();
      const other = (await create(op, 'api_key', 'other')).json();
      const minted = await create(key.secret, 'api_key', 'escalation');
      expect(minted.statusCode).toBe(403);
      expect((await create(key.secret, 'digilocker', 'escalation')).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.pan/keys/rotate', headers: bearer(key.secret), payload: {} })).statusCode).toBe(
        403,
      );
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/v1/issuers/in.gov.pan/credentials/${other.id}`, headers: bearer(key.secret) })).statusCode,
      ).toBe(403);
      // It may still list them (read-only).
      expect((await list(key.secret)).statusCode).toBe(200);
      expect(((await list(op)).json().credentials as { label: string }[]).map((c) => c.label)).not.toContain('escalation');

      const cbse = await staffToken(t, 'cbse');
      expect((await list(cbse)).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/issuers/in.gov.pan/credentials/${other.id}`, headers: bearer(cbse) })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/issuers/in.gov.cbse/credentials/${other.id}`, headers: bearer(op) })).statusCode).toBe(404);
    });
  });
}
