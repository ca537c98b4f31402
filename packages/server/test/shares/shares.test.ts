import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/lib/clock.js';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { cookieOf, linkAadhaar, pullAs, sandboxResident, signIn, signUp, type SignedUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;
const PHONE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

for (const dialect of DIALECTS) {
  describe(`share links [${dialect}]`, () => {
    let t: TestApp;
    let owner: SignedUp;
    let uri: string;
    const clock = fixedClock(Date.UTC(2026, 10, 23, 9, 0, 0));

    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' }, clock });
      const demo = await sandboxResident(t, 0);
      const record = DEMO_RECORDS.find((r) => r.aadhaarNumber === demo.aadhaarNumber && r.orgId === 'in.gov.cbse')!;
      owner = await signUp(t);
      expect((await linkAadhaar(t, owner.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const pulled = await pullAs(t, owner.cookie, { orgId: record.orgId, docType: record.docType, parameters: record.parameters });
      expect(pulled.statusCode, pulled.body).toBe(201);
      uri = pulled.json().uri;
    });
    afterAll(async () => t?.close());

    const share = async (payload: Record<string, unknown>, who: SignedUp = owner) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/shares', headers: { cookie: who.cookie }, payload: { target: { kind: 'issued', uri }, ...payload } });
    const open = (token: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/public/shares/open',
        headers: { 'user-agent': PHONE_UA, ...headers },
        payload: { token, ...extra },
        remoteAddress: '203.0.113.77',
      });
    const activity = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity?limit=100', headers: { cookie: owner.cookie } })).json().events as {
        type: string;
        device?: string;
        details: Record<string, unknown>;
      }[];

    it('shares a document for 24 hours by default; the receiver sees it with the sharer masked and its live verification', async () => {
      const created = await share({ note: 'For the rental agreement', allowDownload: true });
      expect(created.statusCode, created.body).toBe(201);
      const s = created.json();
      expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(s.url).toBe(`${t.config.publicUrl}/s/${s.token}`);
      expect(Date.parse(s.expiresAt) - clock.now()).toBe(24 * HOUR);
      expect(s).toMatchObject({ state: 'live', pinProtected: false, viewCount: 0, target: { kind: 'issued', version: 1 } });

      const opened = await open(s.token, { language: 'hi' });
      expect(opened.statusCode, opened.body).toBe(200);
      expect(opened.headers['x-robots-tag']).toBe('noindex, nofollow');
      expect(opened.headers['referrer-policy']).toBe('no-referrer');
      const body = opened.json();
      expect(body.share.note).toBe('For the rental agreement');
      expect(body.share.sharedBy).toMatch(/^\S\*+( \S\*+)*$/);
      expect(body.document).toMatchObject({ kind: 'issued', uri, version: 1, verification: { verdict: 'genuine', status: 'active', superseded: false } });
      expect(body.document.issuer.name).toMatch(/[\u0900-\u097F]/); // in the receiver's language (Hindi)

      const pdf = await t.app.inject({ method: 'POST', url: '/api/v1/public/shares/download', payload: { grant: body.downloadGrant } });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const download = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/shares/download',
        payload: { grant: body.downloadGrant, format: 'original' },
      });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toContain('application/vc+jwt');
      const own = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}/credential`, headers: { cookie: owner.cookie } });
      expect(download.body).toBe(own.body);

      // The owner sees the view: when and on what kind of device, never the address.
      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/me/shares', headers: { cookie: owner.cookie } })).json();
      const mine = list.live.find((x: { id: string }) => x.id === s.id);
      expect(mine.viewCount).toBe(1);
      expect(mine.views).toEqual([{ at: new Date(clock.now()).toISOString(), device: 'Chrome on Android' }]);
      expect(JSON.stringify(list)).not.toContain('203.0.113.77');
      const events = await activity();
      expect(events.find((e) => e.type === 'share_created')?.details).toMatchObject({ shareId: s.id, document: expect.stringContaining(uri) });
      expect(events.find((e) => e.type === 'share_opened')).toMatchObject({
        device: 'Chrome on Android',
        details: { shareId: s.id, document: expect.stringContaining(uri) },
      });
      expect(JSON.stringify(events)).not.toContain('203.0.113.77');
      // The receiver's page: not indexed, no referrer, and its path is logged without the token.
      const page = await t.app.inject({ method: 'GET', url: `/s/${s.token}`, headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.headers['x-robots-tag']).toBe('noindex, nofollow');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(t.logs.some((l) => (l.req as { path?: string } | undefined)?.path === '/s/[token]')).toBe(true);
      // The token never reaches a log line.
      expect(JSON.stringify(t.logs)).not.toContain(s.token);
    });

    it('refuses downloading when not allowed', async () => {
      const s = (await share({})).json();
      const body = (await open(s.token)).json();
      expect(body.downloadGrant).toBeNull();
      const forged = await t.app.inject({
        method: 'POST',
        url: '/api/v1/public/shares/download',
        payload: { grant: `${s.id}.${clock.now() + HOUR}.${'0'.repeat(64)}` },
      });
      expect(forged.statusCode).toBe(404);
      expect(forged.json().code).toBe('share_not_found');
    });

    it('keeps showing the version that was shared after the issuer updates the document', async () => {
      const s = (await share({ allowDownload: true })).json();
      const token = await staffToken(t, 'cbse');
      const updated = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/issuers/in.gov.cbse/documents/${uri}`,
        headers: bearer(token),
        payload: { holder: { name: 'Changed Name' } },
      });
      expect(updated.statusCode, updated.body).toBe(200);
      const old = (await open(s.token)).json();
      expect(old.document.version).toBe(1);
      expect(old.document.holder.name).not.toBe('Changed Name');
      expect(old.document.verification).toMatchObject({ verdict: 'genuine', superseded: true });
      // Its PDF is the shared version's too: a verifier recognises version 1, superseded.
      const oldPdf = await t.app.inject({ method: 'POST', url: '/api/v1/public/shares/download', payload: { grant: old.downloadGrant } });
      expect(oldPdf.headers['content-disposition']).toContain('.v1.pdf');
      const checked = await t.app.inject({
        method: 'POST',
        url: '/api/v1/verify/pdf',
        headers: { 'content-type': 'application/pdf' },
        payload: oldPdf.rawPayload,
      });
      expect(checked.json()).toMatchObject({ verdict: 'genuine', document: { uri, version: 1, superseded: true } });
      // A new link shows the new version.
      const fresh = (await open((await share({})).json().token)).json();
      expect(fresh.document).toMatchObject({ version: 2, holder: { name: 'Changed Name' }, verification: { superseded: false } });
    });

    it("refuses sharing another resident's document exactly as a document that does not exist", async () => {
      const stranger = await signUp(t);
      const theirs = await share({}, stranger);
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/shares',
        headers: { cookie: stranger.cookie },
        payload: { target: { kind: 'issued', uri: 'in.gov.cbse-HSCER-000000000000' } },
      });
      expect(theirs.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(theirs.json().code).toBe(missing.json().code);
      expect(theirs.json().detail).toBe(missing.json().detail);
      // Nor can a stranger list, revoke or extend the owner's links.
      const s = (await share({})).json();
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/shares', headers: { cookie: stranger.cookie } })).json()).toEqual({ live: [], past: [] });
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/shares/${s.id}`, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/v1/me/shares/${s.id}/extend`, headers: { cookie: stranger.cookie }, payload: { expiresInHours: 48 } }))
          .statusCode,
      ).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/me/shares/revoke-all', headers: { cookie: stranger.cookie } })).json()).toEqual({
        revoked: 0,
      });
      expect((await open(s.token)).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/shares' })).statusCode).toBe(401);
    });

    it('refuses expiries in the past or beyond 30 days, and bad PINs and view limits', async () => {
      for (const bad of [
        { expiresInHours: 0 },
        { expiresInHours: -5 },
        { expiresInHours: 721 },
        { maxViews: 0 },
        { pin: '12345' },
        { pin: 'abcdef' },
        { sharerShown: 'nick' },
      ]) {
        const res = await share(bad);
        expect(res.statusCode, JSON.stringify(bad)).toBe(400);
        expect(res.json().code).toBe('validation_failed');
      }
      expect((await share({ expiresInHours: 720 })).statusCode).toBe(201);
    });

    it('answers every malformed, truncated or guessed token the same way', async () => {
      const s = (await share({})).json();
      const guesses = [
        '',
        'abc',
        s.token.slice(0, 42),
        `${s.token}A`,
        s.token.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A')),
        '../../etc/passwd',
        'x'.repeat(200),
      ];
      for (const token of guesses) {
        const res = await open(token);
        expect([400, 404], token).toContain(res.statusCode);
        if (res.statusCode === 404) expect(res.json()).toMatchObject({ code: 'share_not_found' });
      }
      const unknown = await open('A'.repeat(43));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('share_not_found');
    });

    it('refuses an address that keeps opening dead links with 429, whatever it opens next; other addresses are served', async () => {
      const live = (await share({})).json();
      const revoked = (await share({})).json();
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/shares/${revoked.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(204);
      const scanner = { remoteAddress: '198.51.100.23' };
      const openFrom = (from: { remoteAddress: string }, token: string) =>
        t.app.inject({ method: 'POST', url: '/api/v1/public/shares/open', payload: { token }, ...from });
      // 30 dead opens in the window are answered as usual: unknown, malformed and revoked links.
      for (let i = 0; i < 30; i++) {
        const token = i % 3 === 0 ? `${String(i).padStart(2, '0')}${'Z'.repeat(41)}` : i % 3 === 1 ? 'short' : revoked.token;
        const res = await openFrom(scanner, token);
        expect([404, 410], `open ${i}`).toContain(res.statusCode);
      }
      // The next one, and even a live link, is refused from that address until the window ends.
      for (const token of ['Q'.repeat(43), live.token]) {
        const refused = await openFrom(scanner, token);
        expect(refused.statusCode).toBe(429);
        expect(refused.json()).toMatchObject({ code: 'rate_limited' });
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(refused.body).not.toContain(live.token);
      }
      expect((await openFrom({ remoteAddress: '198.51.100.24' }, live.token)).statusCode).toBe(200);
      // Links that ran out of views are not dead opens: a burst at the limit is not a scan.
      const once = (await share({ maxViews: 1 })).json();
      const reader = { remoteAddress: '198.51.100.25' };
      const outcomes = await Promise.all(Array.from({ length: 40 }, () => openFrom(reader, once.token)));
      expect(outcomes.filter((r) => r.statusCode === 200)).toHaveLength(1);
      expect(outcomes.filter((r) => r.statusCode === 410)).toHaveLength(39);
      expect((await openFrom(reader, live.token)).statusCode).toBe(200);
      // The address is not stored in clear.
      expect(JSON.stringify(await t.runtime.db.kysely.selectFrom('rate_limits').select('key').execute())).not.toContain('198.51.100.23');

      clock.advance(16 * 60_000);
      owner.cookie = cookieOf(await signIn(t, owner.mobile, owner.pin));
      expect((await openFrom(scanner, live.token)).statusCode).toBe(200);
    });

    it('serves exactly the view limit to 50 parallel opens', async () => {
      const s = (await share({ maxViews: 7 })).json();
      const results = await Promise.all(Array.from({ length: 50 }, () => open(s.token)));
      const codes = results.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 200)).toHaveLength(7);
      expect(codes.filter((c) => c !== 200).every((c) => c === 410)).toBe(true);
      expect(results.filter((r) => r.statusCode === 410).every((r) => r.json().code === 'share_used_up')).toBe(true);
      const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/me/shares', headers: { cookie: owner.cookie } })).json();
      const mine = listed.past.find((x: { id: string }) => x.id === s.id);
      expect(mine).toMatchObject({ state: 'used_up', viewCount: 7 });
      expect(mine.views).toHaveLength(7);
      const events = await activity();
      expect(events.filter((e) => e.type === 'share_opened' && e.details.shareId === s.id)).toHaveLength(7);
      expect(events.filter((e) => e.type === 'share_refused' && e.details.shareId === s.id && e.details.reason === 'used_up')).toHaveLength(43);
    });

    it('asks for the PIN, counts wrong ones, and locks the link (not the resident) after five', async () => {
      const s = (await share({ pin: '246810' })).json();
      expect(s.pinProtected).toBe(true);
      const noPin = await open(s.token);
      expect(noPin.statusCode).toBe(401);
      expect(noPin.json().code).toBe('share_pin_required');
      expect(noPin.body).not.toContain(uri);
      const right = await open(s.token, { pin: '246810' });
      expect(right.statusCode).toBe(200);
      for (let i = 1; i <= 4; i++) {
        const wrong = await open(s.token, { pin: '111111' });
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json()).toMatchObject({ code: 'share_pin_wrong', attemptsLeft: 5 - i });
        expect(wrong.body).not.toContain('246810');
      }
      const fifth = await open(s.token, { pin: '222222' });
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json().code).toBe('share_locked');
      // Locked for everyone, even with the right PIN; the resident's other links still work.
      expect((await open(s.token, { pin: '246810' })).json().code).toBe('share_locked');
      expect((await open((await share({})).json().token)).statusCode).toBe(200);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: owner.cookie } });
      expect(me.statusCode).toBe(200);
      const reasons = (await activity()).filter((e) => e.type === 'share_refused' && e.details.shareId === s.id).map((e) => e.details.reason);
      expect(reasons).toEqual(['locked', 'pin_wrong_locked', 'pin_wrong', 'pin_wrong', 'pin_wrong', 'pin_wrong']);
      // As a number of its own: a response time such as 3.2468101 is not the PIN.
      expect(JSON.stringify(t.logs)).not.toMatch(/(?<![\d.])246810(?!\d)/);
    });

    it('expires, extends only a live link, and a revoked link dies at once', async () => {
      const short = (await share({ expiresInHours: 2, allowDownload: true })).json();
      const other = (await share({ expiresInHours: 2, allowDownload: true })).json();
      const grant = (await open(other.token)).json().downloadGrant;
      const extended = await t.app.inject({
        method: 'POST',
        url: `/api/v1/me/shares/${short.id}/extend`,
        headers: { cookie: owner.cookie },
        payload: { expiresInHours: 48 },
      });
      expect(extended.statusCode).toBe(200);
      expect(Date.parse(extended.json().expiresAt) - clock.now()).toBe(48 * HOUR);
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/me/shares/${short.id}/extend`,
            headers: { cookie: owner.cookie },
            payload: { expiresInHours: 721 },
          })
        ).statusCode,
      ).toBe(400);

      clock.advance(3 * HOUR);
      owner.cookie = cookieOf(await signIn(t, owner.mobile, owner.pin)); // the session idled out meanwhile
      const expired = await open(other.token);
      expect(expired.statusCode).toBe(410);
      expect(expired.json().code).toBe('share_expired');
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/v1/me/shares/${other.id}/extend`, headers: { cookie: owner.cookie }, payload: { expiresInHours: 5 } }))
          .statusCode,
      ).toBe(409);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/public/shares/download', payload: { grant } })).statusCode).toBe(404);

      const shortGrant = (await open(short.token)).json().downloadGrant;
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/public/shares/download', payload: { grant: shortGrant } })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/shares/${short.id}`, headers: { cookie: owner.cookie } })).statusCode).toBe(204);
      const revoked = await open(short.token);
      expect(revoked.statusCode).toBe(410);
      expect(revoked.json().code).toBe('share_revoked');
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/public/shares/download', payload: { grant: shortGrant } })).json().code).toBe('share_revoked');
      const events = await activity();
      expect(events.find((e) => e.type === 'share_revoked' && e.details.shareId === short.id)).toBeTruthy();
      expect(events.find((e) => e.type === 'share_refused' && e.details.shareId === short.id)?.details.reason).toBe('revoked');
      expect(events.find((e) => e.type === 'share_refused' && e.details.shareId === other.id)?.details.reason).toBe('expired');
    });

    it('stops all live shares in one call', async () => {
      const a = (await share({})).json();
      const b = (await share({ pin: '135790' })).json();
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/shares/revoke-all', headers: { cookie: owner.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json().revoked).toBeGreaterThanOrEqual(2);
      expect((await open(a.token)).json().code).toBe('share_revoked');
      expect((await open(b.token, { pin: '135790' })).json().code).toBe('share_revoked');
      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/me/shares', headers: { cookie: owner.cookie } })).json();
      expect(list.live).toEqual([]);
      expect(list.past.find((x: { id: string }) => x.id === a.id)).toMatchObject({ state: 'revoked', url: a.url });
    });
  });
}
