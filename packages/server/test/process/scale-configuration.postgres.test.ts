import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/dialects.js';
import { spawnServer, type ChildServer } from '../support/child-server.js';
import { S3RVER_CREDENTIALS, startS3rver } from '../support/s3rver.js';
import { tempDir } from '../support/test-app.js';

const BUCKET = 'tijori-scale';

/**
 * The at-scale configuration, as an operator would run it: two server processes, chosen by
 * URL only, sharing one PostgreSQL database and one S3 bucket.
 */
describe('two processes on PostgreSQL and S3', () => {
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let database: TestDatabase;
  let dataDir: string;
  const servers: ChildServer[] = [];

  beforeAll(async () => {
    s3 = await startS3rver(BUCKET);
    dataDir = await tempDir();
    database = await freshDatabase('postgres', dataDir);
    const schema = database.config.kind === 'postgres' ? database.config.schema! : '';
    const env = {
      DATABASE_URL: TEST_POSTGRES_URL,
      DATABASE_SCHEMA: schema,
      BLOB_STORE_URL: `s3://${BUCKET}/scale`,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      TIJORI_MASTER_KEY: randomBytes(32).toString('base64'),
      TIJORI_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    // Both start at once: migrations take an advisory lock, so neither trips over the other.
    servers.push(...(await Promise.all([spawnServer('src/main.ts', env), spawnServer('src/main.ts', env)])));
  });
  afterAll(async () => {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    await database?.drop();
    await s3?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves one resident across both processes, with the e-KYC photo stored in S3', async () => {
    const [a, b] = servers.map((s) => `http://127.0.0.1:${s.port}`) as [string, string];
    for (const base of [a, b]) expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: 'ready' });
    const post = (base: string, path: string, body: unknown, cookie?: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
    const otpFor = async (base: string, mobile: string) => {
      const { messages } = (await (await fetch(`${base}/api/v1/dev/sms-outbox?to=${mobile}`)).json()) as { messages: { body: string }[] };
      return /\b(\d{6})\b/.exec(messages[0]!.body)![1]!;
    };

    const mobile = '9000012345';
    const start = (await (await post(a, '/api/v1/auth/sign-up', { mobile })).json()) as { challengeId: string };
    // The OTP issued by process A is answered at process B: all state is in PostgreSQL.
    const { signupTicket } = (await (
      await post(b, '/api/v1/auth/sign-up/verify', { challengeId: start.challengeId, otp: await otpFor(b, mobile) })
    ).json()) as { signupTicket: string };
    const complete = await post(a, '/api/v1/auth/sign-up/complete', { signupTicket, pin: '482913' });
    expect(complete.status).toBe(201);
    const cookie = complete.headers.get('set-cookie')!.split(';')[0]!;

    const { residents } = (await (await fetch(`${b}/api/v1/dev/aadhaar-sandbox`)).json()) as { residents: { aadhaarNumber: string; mobile: string }[] };
    const demo = residents[7]!;
    const link = (await (await post(b, '/api/v1/me/aadhaar', { aadhaarNumber: demo.aadhaarNumber, consent: true }, cookie)).json()) as { challengeId: string };
    const linked = await post(a, '/api/v1/me/aadhaar/verify', { challengeId: link.challengeId, otp: await otpFor(a, demo.mobile) }, cookie);
    expect(linked.status).toBe(200);

    const photo = await fetch(`${b}/api/v1/me/photo`, { headers: { cookie } });
    expect(photo.status).toBe(200);
    expect(
      Buffer.from(await photo.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'scale/objects/' }));
    expect(listed.KeyCount).toBe(1);
    client.destroy();
  });
});
