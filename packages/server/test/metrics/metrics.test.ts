import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { residentJourney, samples } from './journey.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

for (const dialect of DIALECTS) {
  describe(`/metrics [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true', TIJORI_METRICS_TOKEN: TOKEN } });
    });
    afterAll(async () => t?.close());

    const scrape = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
      return res.body;
    };

    it('answers only the operator’s bearer token', async () => {
      for (const headers of [{}, { authorization: 'Bearer not-the-token-at-all-000000000' }, { authorization: `Basic ${TOKEN}` }]) {
        const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
        expect(res.statusCode).toBe(401);
        expect(res.body).not.toContain('tijori_');
      }
    });

    it('counts a resident’s journey by route template, purpose, outcome and verdict, with no personal data', async () => {
      const before = samples(await scrape());
      const journey = await residentJourney(t, 12);
      const text = await scrape();
      const after = samples(text);
      const grew = (series: string, by: number) => expect((after.get(series) ?? 0) - (before.get(series) ?? 0), series).toBe(by);

      grew('tijori_http_requests_total{route="/api/v1/auth/sign-up",method="POST",status_class="2xx"}', 1);
      grew('tijori_http_requests_total{route="/api/v1/me/documents/:uri",method="GET",status_class="2xx"}', 1);
      grew('tijori_http_requests_total{route="/api/v1/auth/sign-in",method="POST",status_class="4xx"}', 1);
      grew('tijori_http_request_duration_seconds_count{route="/api/v1/verify",method="POST",status_class="2xx"}', 2);
      grew('tijori_sign_ins_total{step="secret",outcome="invalid_credentials"}', 1);
      grew('tijori_sign_ins_total{step="secret",outcome="ok"}', 1);
      grew('tijori_sign_ins_total{step="otp",outcome="ok"}', 1);
      grew('tijori_otp_sent_total{purpose="sign_up"}', 1);
      grew('tijori_otp_sent_total{purpose="sign_in"}', 1);
      grew('tijori_otp_sent_total{purpose="aadhaar_link"}', 1);
      grew('tijori_verifications_total{method="qr",verdict="genuine"}', 1);
      grew('tijori_verifications_total{method="code",verdict="unknown"}', 1);
      expect(
        after.get('tijori_db_query_duration_seconds_count{kind="select",outcome="ok"}')! -
          (before.get('tijori_db_query_duration_seconds_count{kind="select",outcome="ok"}') ?? 0),
      ).toBeGreaterThan(10);
      expect(after.get('tijori_blob_operation_duration_seconds_count{operation="put",outcome="ok"}')).toBeGreaterThan(
        before.get('tijori_blob_operation_duration_seconds_count{operation="put",outcome="ok"}') ?? 0,
      );
      expect(after.get('tijori_bulk_jobs{state="queued"}')).toBe(0);
      expect(after.get('tijori_bulk_jobs{state="running"}')).toBe(0);
      expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
      expect(after.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
      expect(after.get('tijori_server_processes')).toBe(1);
      if (dialect === 'postgres') expect(after.get('tijori_db_pool_connections{state="max"}')).toBeGreaterThan(0);

      // Nothing that identifies a resident or a document is in any label.
      const personal = [
        journey.mobile,
        journey.residentId,
        journey.aadhaarNumber,
        journey.aadhaarNumber.slice(-4) + '"',
        journey.uri,
        journey.docId,
        journey.name.split(' ')[0]!,
      ];
      for (const value of personal) expect(text, value).not.toContain(value);
      const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]!));
      for (const route of routes) expect(route === 'unmatched' || route.startsWith('/'), route).toBe(true);
      expect([...routes].some((r) => r.includes('in.gov.'))).toBe(false);
    });

    it('labels a URL that matches no route "unmatched", not with its path', async () => {
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing/9876543210' });
      const text = await scrape();
      expect(text).not.toContain('9876543210');
      expect(text).toMatch(/tijori_http_requests_total\{route="unmatched",method="GET",status_class="4xx"\} \d+/);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`/metrics is never public by default [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('is not served on the main port without TIJORI_METRICS_TOKEN', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.body).not.toContain('tijori_http_requests_total');
    });
  });
}
