import { call } from './client';
import type { Answer, BodyOf } from './types';

const STAFF = { audience: 'staff' } as const;

export type Requester = Answer<'/api/v1/requesters', 'get'>['requesters'][number];
export type NewRequester = BodyOf<'/api/v1/requesters', 'post'>;

export const listRequesters = () => call('get', '/api/v1/requesters', {}, STAFF);
export const registerRequester = (input: NewRequester) => call('post', '/api/v1/requesters', { body: input }, STAFF);
export const setRequesterStatus = (clientId: string, action: 'suspend' | 'resume') =>
  call('post', action === 'suspend' ? '/api/v1/requesters/{clientId}/suspend' : '/api/v1/requesters/{clientId}/resume', { params: { clientId } }, STAFF);
export const setVerifiedMobileTrust = (clientId: string, trusted: boolean) =>
  call('post', '/api/v1/requesters/{clientId}/verified-mobile-trust', { params: { clientId }, body: { trusted } }, STAFF);
export const rotateRequesterSecret = (clientId: string) => call('post', '/api/v1/requesters/{clientId}/rotate-secret', { params: { clientId } }, STAFF);
/** The bytes decide the type on the server; the declared one only lets them in. */
export const setRequesterLogo = (clientId: string, file: Blob) =>
  call(
    'post',
    '/api/v1/requesters/{clientId}/logo',
    { params: { clientId } },
    { ...STAFF, raw: { body: file, contentType: file.type || 'application/octet-stream' } },
  );
