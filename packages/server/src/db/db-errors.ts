/** Database errors that mean something to the domain, recognised once for both dialects. */

interface CodedError {
  code?: unknown;
  message?: unknown;
}

export function isUniqueViolation(err: unknown): boolean {
  const code = (err as CodedError | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const PG_UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/** True when the database cannot be reached or is refusing work: the client should retry later. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const { code, message } = err as CodedError;
  if (typeof code === 'string' && (PG_UNAVAILABLE_CODES.has(code) || NET_CODES.has(code))) return true;
  // Extended codes too (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_FSYNC, …): the same trouble, more precisely named.
  if (typeof code === 'string' && /^SQLITE_(BUSY|IOERR|CANTOPEN)(_|$)/.test(code)) return true;
  if (typeof message === 'string') {
    return (
      message.includes('Connection terminated') ||
      message.includes('timeout exceeded when trying to connect') ||
      message.includes('Client has encountered a connection error') ||
      message.includes('database ping timed out') ||
      message.includes('The database connection is not open')
    );
  }
  return false;
}

export function isStorageFull(err: unknown): boolean {
  const code = (err as CodedError | null)?.code;
  return code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC';
}
