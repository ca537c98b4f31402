/**
 * A signing thread (started by signing-pool.ts). It signs exactly as signCompactJwsJson does
 * (the header comes already encoded); a test holds them to the same bytes.
 *
 * A batch is one transferred buffer in three regions: the payloads (JSON, UTF-8) end to end; room
 * for the signing inputs (`<header>.<payload>`, base64url), which this thread writes; room for
 * their 64-byte signatures (Ed25519, or ES256 as raw r||s). `ends` holds where each payload and
 * each input ends. The buffer goes back filled in.
 */
import { sign, type KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SigningAlg } from './signing-keys.js';

export interface SignRequest {
  id: number;
  key: KeyObject;
  alg: SigningAlg;
  header: string;
  buffer: ArrayBuffer;
  ends: ArrayBuffer;
}
export interface SignReply {
  id: number;
  buffer: ArrayBuffer;
  error?: string;
}

const port = parentPort!;

function signBatch({ key, alg, header, buffer, ends }: SignRequest): void {
  const data = Buffer.from(buffer);
  const at = new Uint32Array(ends);
  const n = at.length / 2;
  const signatures = at[2 * n - 1]!;
  for (let i = 0; i < n; i++) {
    const from = i === 0 ? 0 : at[i - 1]!;
    const start = i === 0 ? at[n - 1]! : at[n + i - 1]!;
    const end = start + data.write(`${header}.${data.toString('base64url', from, at[i])}`, start, 'latin1');
    if (end !== at[n + i]) throw new Error(`signing input ${i} does not fit its room`);
    const input = data.subarray(start, end);
    const signature = alg === 'ES256' ? sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }) : sign(null, input, key);
    if (signature.length !== 64) throw new Error(`unexpected signature length ${signature.length}`);
    signature.copy(data, signatures + 64 * i);
  }
}

port.on('message', (request: SignRequest) => {
  const { id, buffer } = request;
  let error: string | undefined;
  try {
    signBatch(request);
  } catch (err) {
    error = String((err as Error | undefined)?.message ?? err);
  }
  port.postMessage({ id, buffer, ...(error === undefined ? {} : { error }) } satisfies SignReply, [buffer]);
});
