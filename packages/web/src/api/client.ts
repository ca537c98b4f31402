import { API_FETCH_INIT } from './early-requests';
import type { CallInput, Method, PathOf, Problem, Success } from './types';

/** Anything the API (or the network on the way) answered instead of what we asked for. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(problem.detail ?? problem.code);
  }

  get code(): string {
    return this.problem.code;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** The server could not be reached (no network, or a gateway in front of it answered for it). */
export function isUnreachable(err: unknown): boolean {
  return isApiError(err) && (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504);
}

/**
 * Who a request speaks for. A resident call that finds the session gone sends the app to
 * /sign-in; a console call tells the console; a public call (verification, the directory)
 * tells nobody, so a visitor's resident session is never ended by someone else's 401.
 */
export type Audience = 'resident' | 'staff' | 'public';

type UnauthenticatedListener = () => void;
const unauthenticatedListeners: Record<Audience, Set<UnauthenticatedListener>> = { resident: new Set(), staff: new Set(), public: new Set() };

/** Called whenever the server says the session (of that audience) is gone. */
export function onUnauthenticated(listener: UnauthenticatedListener, audience: Audience = 'resident'): () => void {
  unauthenticatedListeners[audience].add(listener);
  return () => unauthenticatedListeners[audience].delete(listener);
}

const SESSION_GONE = new Set(['unauthenticated', 'session_expired']);

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export interface RequestOptions {
  audience?: Audience;
  /** A body sent as is (a file), with its media type, instead of JSON. */
  raw?: { body: Blob | ArrayBuffer | string; contentType: string };
  /** The answer of the same request already sent (index.html asks the first ones early: api/early.ts). */
  response?: Promise<Response>;
}

/**
 * One request to the Tijori API. Sessions live in HttpOnly cookies, so every call is
 * same-origin with credentials; the browser's Origin header satisfies the server's CSRF check.
 */
export async function api<T>(method: Uppercase<Method>, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...API_FETCH_INIT.headers };
  const init: RequestInit = { ...API_FETCH_INIT, method, headers };
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    init.body = options.raw.body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await (options.response ?? fetch(path, init));
  } catch {
    throw new ApiError(0, { status: 0, code: 'network_error' }, undefined);
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const problem: Problem =
      data && typeof data === 'object' && typeof (data as Problem).code === 'string'
        ? { ...(data as Problem), status: response.status }
        : { status: response.status, code: `http_${response.status}` };
    if (response.status === 401 && SESSION_GONE.has(problem.code)) {
      for (const listener of unauthenticatedListeners[options.audience ?? 'resident']) listener();
    }
    throw new ApiError(response.status, problem, parseRetryAfter(response.headers.get('retry-after')));
  }
  if (data === undefined) throw new ApiError(response.status, { status: response.status, code: 'invalid_response' }, undefined);
  return data as T;
}

/** Fills a documented path's `{name}` parts, each encoded, and appends the query (empty values left out). */
export function urlOf(path: string, params?: Record<string, string>, query?: Record<string, unknown>): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`${path} needs ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

type CallArgs<P extends PathOf<M>, M extends Method> =
  Partial<CallInput<P, M>> extends CallInput<P, M> ? [input?: CallInput<P, M>, options?: RequestOptions] : [input: CallInput<P, M>, options?: RequestOptions];

/**
 * One call of a documented route, typed end to end from the SDK (generated from the server's
 * OpenAPI document): the path must exist for that method, and its parameters, query, body and
 * answer are the route's own. A route change that breaks the portal breaks its type-check.
 */
export function call<M extends Method, P extends PathOf<M>>(method: M, path: P, ...[input, options]: CallArgs<P, M>): Promise<Success<P, M>> {
  const { params, query, body } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  return api<Success<P, M>>(method.toUpperCase() as Uppercase<Method>, urlOf(path, params, query), body, options);
}

/** The URL of a documented GET route that the browser opens itself (a PDF, a download, an image). */
export function href<P extends PathOf<'get'>>(path: P, ...[input]: CallArgs<P, 'get'>): string {
  const { params, query } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown> };
  return urlOf(path, params, query);
}
