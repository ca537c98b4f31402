import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, verify } from 'node:crypto';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { signCompactJwsJson } from './signing-keys.js';
import { createSigningPool, type SignedBatch, type SigningPool } from './signing-pool.js';

const all = (batch: SignedBatch) => Array.from({ length: batch.length }, (_, i) => batch.jws(i));

const payloads = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ id: `urn:tijori:document:in.gov.test-INCER-${i}:v1`, name: `धारक ${i} ₹`, iat: 1_760_000_000 + i }));

describe('the signing pool', () => {
  const pools: SigningPool[] = [];
  const workers: Worker[] = [];
  const exited = new Set<Worker>();
  const pool = (size = 1) => {
    const p = createSigningPool({
      size,
      onWorker: (w) => {
        workers.push(w);
        w.once('exit', () => exited.add(w));
      },
    });
    pools.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
    workers.length = 0;
    exited.clear();
  });

  it('signs Ed25519 byte for byte as the synchronous path does, in order, also split over workers', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const header = { alg: 'EdDSA' as const, typ: 'vc+jwt', kid: 'did:web:example#k1' };
    const input = payloads(700);
    const expected = input.map((p) => signCompactJwsJson(privateKey, header, p));
    const one = pool(1);
    const first = await one.signMany(privateKey, header, input);
    expect(all(first)).toEqual(expected);
    expect(all(await pool(3).signMany(privateKey, header, input))).toEqual(expected);
    expect(workers).toHaveLength(1 + 3);
    // A released batch's buffer is reused, stale bytes and all, by the next (smaller) batch.
    first.release();
    const fewer = payloads(300).map((p) => p.replace('धारक', 'holder'));
    expect(all(await one.signMany(privateKey, header, fewer))).toEqual(fewer.map((p) => signCompactJwsJson(privateKey, header, p)));
    expect(all(await one.signMany(privateKey, header, []))).toEqual([]);
  });

  it('signs ES256 over the same input, with a raw r||s signature that verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const header = { alg: 'ES256' as const, typ: 'vc+jwt', kid: 'k2' };
    const input = payloads(50);
    const signed = all(await pool().signMany(privateKey, header, input));
    signed.forEach((jws, i) => {
      const sync = signCompactJwsJson(privateKey, header, input[i]!);
      const [h, p, s] = jws.split('.') as [string, string, string];
      expect(`${h}.${p}`).toBe(sync.slice(0, sync.lastIndexOf('.')));
      expect(verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))).toBe(true);
    });
  });

  it('rejects the batch of a worker that crashed, and signs the next batch on a new worker', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const header = { alg: 'EdDSA' as const };
    const p = pool();
    await p.signMany(privateKey, header, payloads(1));
    // A message the worker cannot read throws in it: an uncaught error ends the thread.
    workers[0]!.postMessage(null);
    await expect(p.signMany(privateKey, header, payloads(100))).rejects.toThrow(/signing worker stopped/);
    expect(exited.has(workers[0]!)).toBe(true);
    const input = payloads(100);
    expect(all(await p.signMany(privateKey, header, input))).toEqual(input.map((x) => signCompactJwsJson(privateKey, header, x)));
    expect(workers).toHaveLength(2);
  });

  it('reports a signing error without losing the worker', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const p = pool();
    await expect(p.signMany(publicKey, { alg: 'EdDSA' }, payloads(3))).rejects.toThrow(/could not sign/);
    expect(all(await p.signMany(privateKey, { alg: 'EdDSA' }, payloads(3)))).toHaveLength(3);
    expect(workers).toHaveLength(1);
  });

  it('on close, rejects what is still being signed, stops every worker and refuses more', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const p = pool(2);
    await p.signMany(privateKey, { alg: 'EdDSA' }, payloads(600));
    const late = expect(p.signMany(privateKey, { alg: 'EdDSA' }, payloads(20_000))).rejects.toThrow(/closed/);
    await p.close();
    await late;
    expect(workers).toHaveLength(2);
    expect(workers.every((w) => exited.has(w))).toBe(true);
    await expect(p.signMany(privateKey, { alg: 'EdDSA' }, payloads(1))).rejects.toThrow(/closed/);
  });

  it('keeps a process alive while it signs, and not after: a pool never closed does not hold it', () => {
    const script = [
      `import { generateKeyPairSync } from 'node:crypto';`,
      `import { createSigningPool } from ${JSON.stringify(path.resolve(import.meta.dirname, 'signing-pool.ts'))};`,
      `const pool = createSigningPool({ size: 1 });`,
      `const { privateKey } = generateKeyPairSync('ed25519');`,
      `pool.signMany(privateKey, { alg: 'EdDSA' }, Array.from({ length: 5000 }, (_, i) => String(i))).then((signed) => process.stdout.write('signed ' + signed.length + ' ' + signed.jws(4999).split('.').length));`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.error).toBeUndefined();
    expect(run.stdout).toBe('signed 5000 3');
    expect(run.status).toBe(0);
  });
});
