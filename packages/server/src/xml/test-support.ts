/**
 * Helpers for this folder's tests (not imported by production code; no test-framework import,
 * so the production build compiles it harmlessly).
 */
import { AppError } from '../lib/errors.js';

function check(caught: unknown): AppError {
  if (!(caught instanceof AppError)) throw new Error(`expected AppError(bad_request), got ${caught === undefined ? 'no error' : String(caught)}`);
  if (caught.code !== 'bad_request' || caught.status !== 400) throw new Error(`expected bad_request, got ${caught.code}`);
  return caught;
}

/** Runs `fn`, asserts it throws `AppError('bad_request')`, and returns the error. */
export function expectBadRequest(fn: () => unknown): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  return check(caught);
}

/** Async version, for iterators. */
export async function expectBadRequestAsync(fn: () => Promise<unknown>): Promise<AppError> {
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  return check(caught);
}

/** Milliseconds `fn` takes (it may throw; the error is swallowed). */
export function timed(fn: () => unknown): number {
  const t0 = performance.now();
  try {
    fn();
  } catch {
    /* timing only */
  }
  return performance.now() - t0;
}

/** Smallest valid PNG / JPEG / PDF headers, for payload checks. */
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest-of-png')]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('rest-of-jpeg')]);
export const PDF = Buffer.from('%PDF-1.7\n% test\n%%EOF\n');
