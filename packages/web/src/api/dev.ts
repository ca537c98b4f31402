import { api } from './client';
import type { DemoOperatorTotp, OutboxMessage, SandboxResident } from './types';

/** Development stand-ins; both answer 404 on a production server. */
export function listOutbox(to?: string) {
  const query = to ? `?${new URLSearchParams({ to }).toString()}` : '';
  return api<{ messages: OutboxMessage[] }>('GET', `/api/v1/dev/sms-outbox${query}`);
}

export const listSandboxResidents = () => api<{ residents: SandboxResident[] }>('GET', '/api/v1/dev/aadhaar-sandbox');

/** 404 unless the demo is seeded and the demo operator still uses the demo second factor. */
export const demoOperatorTotp = () => api<DemoOperatorTotp>('GET', '/api/v1/dev/demo-operator-totp');
