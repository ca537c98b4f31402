import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../support/test-app.js';

/** Uploads `bytes` as the raw body. */
export function uploadRaw(
  t: TestApp,
  cookie: string,
  bytes: Buffer,
  query: Record<string, string> = {},
  contentType = 'application/octet-stream',
): Promise<LightMyRequestResponse> {
  const qs = new URLSearchParams({ name: 'file', ...query }).toString();
  return t.app.inject({ method: 'POST', url: `/api/v1/me/files?${qs}`, headers: { cookie, 'content-type': contentType }, payload: bytes });
}

/** Uploads `bytes` as multipart/form-data with fields before the file part. */
export function uploadMultipart(
  t: TestApp,
  cookie: string,
  bytes: Buffer,
  filename: string,
  fields: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const boundary = '----tijori' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  );
  parts.push(bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/me/files',
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

/** Makes a folder in the resident's drive (inside `parentId` if given); its id. */
export async function makeFolder(t: TestApp, cookie: string, name: string, parentId?: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/folders', headers: { cookie }, payload: { name, ...(parentId ? { parentId } : {}) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
