import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatistics } from '../../src/domain/statistics/read-statistics.js';
import { statDay } from '../../src/domain/statistics/stat-day.js';
import { createDomainDeps } from '../../src/app.js';
import { countPull } from '../../src/domain/statistics/count-pull.js';
import { ANSWER_FRESH_MS, REFRESH_AHEAD_MS } from '../../src/domain/statistics/fresh-answers.js';
import { fixedClock } from '../../src/lib/clock.js';
import { AppError } from '../../src/lib/errors.js';
import { registry } from '../../src/metrics/metrics.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { residentJourney } from './journey.js';

for (const dialect of DIALECTS) {
  describe(`platform statistics [${dialect}]`, () => {
    let t: TestApp;
    // The system's time, moved on past an answer's freshness (fresh-answers.ts) where a test
    // needs the figures read again.
    let skew = 0;
    const later = () => {
      skew += ANSWER_FRESH_MS;
    };
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' }, clock: { now: () => Date.now() + skew } });
    });
    afterAll(async () => t?.close());

    const statistics = async (token: string, query = '') => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/operator/statistics${query}`, headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    it('counts sign-ups, Aadhaar links, issuance, pulls and verifications as they happen', async () => {
      const operator = await staffToken(t);
      const before = await statistics(operator, '?days=7');
      expect(before.residents.perDay).toHaveLength(7);
      expect(before.to).toBe(statDay(Date.now()));
      const today = (s: { residents: { perDay: { day: string }[] } }) => s.residents.perDay.length - 1;

      await residentJourney(t, 12);
      await signUp(t);
      later();
      const after = await statistics(operator, '?days=7');
      const i = today(after);
      expect(after.residents.perDay[i].signedUp - before.residents.perDay[i].signedUp).toBe(2);
      expect(after.residents.perDay[i].aadhaarLinked - before.residents.perDay[i].aadhaarLinked).toBe(1);
      expect(after.residents.signedUp - before.residents.signedUp).toBe(2);
      expect(after.documents.perDay[i].issued - before.documents.perDay[i].issued).toBe(1);
      const drvlc = (s: typeof after) =>
        s.documents.byIssuerAndType.find((x: { orgId: string; docType: string }) => x.orgId === 'in.gov.transport' && x.docType === 'DRVLC')?.issued ?? 0;
      expect(drvlc(after) - drvlc(before)).toBe(1);
      const transport = after.pulls.byIssuer.find((x: { orgId: string }) => x.orgId === 'in.gov.transport');
      expect(transport).toMatchObject({ issuerName: expect.any(String), issued: 1, pending: 0, failed: 0 });
      expect(after.verifications.perDay[i].genuine - before.verifications.perDay[i].genuine).toBe(1);
      expect(after.verifications.perDay[i].unknown - before.verifications.perDay[i].unknown).toBe(1);
      expect(after.verifications.tampered).toBe(before.verifications.tampered);
    });

    it('adds the days before yesterday (kept between requests) to yesterday and today (read every time)', async () => {
      const deps = createDomainDeps(t.runtime);
      const operator = { kind: 'operator' as const, staffId: 'test' };
      const now = Date.now();
      const day = (ago: number) => statDay(now - ago * 86_400_000);
      // Old issuer days rank "closed-a" first; today's events push "open-b" past it.
      await deps.repos.stats.bump([
        { metric: 'documents_issued', day: day(10), issuerId: 'closed-a', dimension: 'T1', n: 5_000 },
        { metric: 'documents_issued', day: day(3), issuerId: 'open-b', dimension: 'T1', n: 4_000 },
        { metric: 'documents_issued', day: day(40), issuerId: 'closed-a', dimension: 'T1', n: 9_999 },
      ]);
      later();
      const first = await readStatistics(deps, operator, { days: 30 });
      const issued = (s: typeof first, id: string) => s.documents.byIssuerAndType.find((r) => r.orgId === id)?.issued;
      expect(issued(first, 'closed-a')).toBe(5_000);
      expect(issued(first, 'open-b')).toBe(4_000);
      expect(first.documents.byIssuerAndType.findIndex((r) => r.orgId === 'closed-a')).toBeLessThan(
        first.documents.byIssuerAndType.findIndex((r) => r.orgId === 'open-b'),
      );

      await deps.repos.stats.bump([
        { metric: 'documents_issued', day: day(1), issuerId: 'open-b', dimension: 'T1', n: 700 },
        { metric: 'documents_issued', day: day(0), issuerId: 'open-b', dimension: 'T1', n: 600 },
      ]);
      later();
      const second = await readStatistics(deps, operator, { days: 30 });
      expect(issued(second, 'open-b')).toBe(5_300);
      expect(second.documents.byIssuerAndType.findIndex((r) => r.orgId === 'open-b')).toBeLessThan(
        second.documents.byIssuerAndType.findIndex((r) => r.orgId === 'closed-a'),
      );
      expect(second.documents.perDay.at(-1)!.issued - first.documents.perDay.at(-1)!.issued).toBe(600);
      expect(second.documents.perDay.at(-2)!.issued - first.documents.perDay.at(-2)!.issued).toBe(700);
      expect(second.documents.issued - first.documents.issued).toBe(1_300);
    });

    it('counts a failed pull against its issuer', async () => {
      const operator = await staffToken(t);
      const r = await signUp(t);
      const demo = await sandboxResident(t, 13);
      await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);
      const miss = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: 'in.gov.cbse', docType: 'HSCER', parameters: { RollNo: '99999999', Year: '2014' }, consent: true },
      });
      expect(miss.statusCode, miss.body).toBe(404);
      later();
      const cbse = (await statistics(operator)).pulls.byIssuer.find((x: { orgId: string }) => x.orgId === 'in.gov.cbse');
      expect(cbse).toMatchObject({ issued: 0, pending: 0, failed: 1 });
    });

    it('is for operators only: an issuer’s staff gets 403, a resident or a stranger 401', async () => {
      const cbse = await staffToken(t, 'cbse');
      const asIssuer = await t.app.inject({ method: 'GET', url: '/api/v1/operator/statistics', headers: bearer(cbse) });
      expect(asIssuer.statusCode).toBe(403);
      expect(asIssuer.json().code).toBe('forbidden');
      const resident = await signUp(t);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/operator/statistics', headers: { cookie: resident.cookie } })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/operator/statistics' })).statusCode).toBe(401);
      const tooMany = await t.app.inject({ method: 'GET', url: '/api/v1/operator/statistics?days=400', headers: bearer(await staffToken(t)) });
      expect(tooMany.statusCode).toBe(400);
    });

    it('keeps each issuer endpoint’s last success and error rate from its calls', async () => {
      const deps = createDomainDeps(t.runtime);
      const issuer = (await deps.repos.issuers.findByOrgId('in.gov.gujarat.edistrict'))!;
      const calls = async () => (await registry.getSingleMetricAsString('tijori_issuer_endpoint_calls_total')).split('\n');
      const ok = () => Promise.resolve({ status: 'issued' as const, uri: 'in.gov.gujarat.edistrict-INCER-1', alreadyHeld: false });
      const slow = () =>
        Promise.reject(new AppError('repository_service_unresponsive', 'The issuer’s endpoint did not answer in time.', { reason: 'timeout' }));
      const forged = () =>
        Promise.reject(new AppError('repository_service_resperror', 'The issuer’s answer failed its integrity check.', { reason: 'hmac_mismatch' }));
      await countPull(deps, issuer, true, ok);
      await expect(countPull(deps, issuer, true, slow)).rejects.toMatchObject({ code: 'repository_service_unresponsive' });
      await expect(countPull(deps, issuer, true, slow)).rejects.toMatchObject({ code: 'repository_service_unresponsive' });
      await expect(countPull(deps, issuer, true, forged)).rejects.toMatchObject({ code: 'repository_service_resperror' });

      later();
      const stats = await readStatistics(deps, { kind: 'operator', staffId: 'test' }, { days: 1 });
      const endpoint = stats.issuerEndpoints.find((r) => r.orgId === 'in.gov.gujarat.edistrict')!;
      expect(endpoint).toMatchObject({ calls: 4, failures: 3, errorRate: 0.75, lastOutcome: 'bad_signature' });
      expect(Date.parse(endpoint.lastSuccessAt!)).toBeLessThanOrEqual(Date.parse(endpoint.lastFailureAt!));
      expect(stats.pulls.byIssuer.find((p) => p.orgId === 'in.gov.gujarat.edistrict')).toMatchObject({ issued: 1, failed: 3 });
      const overHttp = await statistics(await staffToken(t), '?days=1');
      expect(overHttp.issuerEndpoints).toContainEqual(expect.objectContaining({ orgId: 'in.gov.gujarat.edistrict', calls: 4, failures: 3 }));
      // The deprecated former name answers the same list while clients move over.
      expect(overHttp.repositories).toEqual(overHttp.issuerEndpoints);
      const lines = await calls();
      expect(lines).toContainEqual(
        expect.stringMatching(/^tijori_issuer_endpoint_calls_total\{issuer="in\.gov\.gujarat\.edistrict",outcome="timeout"\} [1-9]/),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^tijori_issuer_endpoint_calls_total\{issuer="in\.gov\.gujarat\.edistrict",outcome="bad_signature"\} [1-9]/),
      );
    });

    it('gives operators who ask within a few seconds the same answer, reading the next one ahead', async () => {
      const clock = fixedClock(Date.now());
      const start = clock.now();
      const deps = { ...createDomainDeps(t.runtime), clock };
      const operator = { kind: 'operator' as const, staffId: 'test' };
      const read = (language?: string) => readStatistics(deps, operator, { days: 3, ...(language ? { language } : {}) });
      const signUps = (n: number) => deps.repos.stats.bump([{ metric: 'residents_signed_up', day: statDay(clock.now()), n }]);
      const first = await read();
      expect(first.asOf).toBe(new Date(start).toISOString());
      await signUps(3);

      clock.advance(ANSWER_FRESH_MS - REFRESH_AHEAD_MS - 1);
      expect(await read()).toBe(first);
      // In the answer's last second: still that answer, and the next reading starts now.
      clock.advance(1);
      expect(await read()).toBe(first);
      // Another window or language is another answer, read now.
      expect((await read('hi')).residents.signedUp).toBe(first.residents.signedUp + 3);

      clock.advance(REFRESH_AHEAD_MS);
      const next = await read();
      expect(next.residents.signedUp).toBe(first.residents.signedUp + 3);
      expect(next.asOf).toBe(new Date(start + ANSWER_FRESH_MS - REFRESH_AHEAD_MS).toISOString());

      // Nobody asked in its last second: the next request waits for a new reading.
      await signUps(1);
      clock.advance(ANSWER_FRESH_MS);
      const later = await read();
      expect(later.residents.signedUp).toBe(next.residents.signedUp + 1);
      expect(later.asOf).toBe(new Date(clock.now()).toISOString());

      // A clock set back does not keep an answer longer.
      await signUps(1);
      clock.advance(-60_000);
      expect((await read()).residents.signedUp).toBe(later.residents.signedUp + 1);
    });

    it('says over HTTP when its figures were read', async () => {
      const operator = await staffToken(t);
      later();
      const before = Date.now() + skew;
      const answer = await statistics(operator, '?days=5');
      expect(Date.parse(answer.asOf)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(answer.asOf)).toBeLessThanOrEqual(Date.now() + skew);
      expect(await statistics(operator, '?days=5')).toEqual(answer);
      // Sent as bytes encoded once; the test app still sees them (for its leak scans).
      expect(t.bodies.filter((b) => b.url === '/api/v1/operator/statistics?days=5').map((b) => JSON.parse(b.body))).toEqual([answer, answer]);
    });

    it('refuses a non-operator in the use-case itself', async () => {
      const deps = createDomainDeps(t.runtime);
      await expect(readStatistics(deps, { kind: 'issuer', issuerId: 'x', via: 'api_key', principalId: 'k' }, { days: 7 })).rejects.toMatchObject({
        code: 'forbidden',
      });
    });
  });
}
