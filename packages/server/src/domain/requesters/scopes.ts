/**
 * The grants a requester may ask for. `openid` adds an id_token; `userdetails` the resident's
 * name, date of birth and gender; `files.issueddocs` the issued documents the resident picks.
 * `files.uploadeddocs` is accepted but lists nothing yet (uploaded documents are not in this round).
 */
export const KNOWN_SCOPES = ['openid', 'userdetails', 'files.issueddocs', 'files.uploadeddocs'] as const;
export type Scope = (typeof KNOWN_SCOPES)[number];

export function parseScope(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(' ').filter(Boolean))];
}

export function isKnownScope(s: string): s is Scope {
  return (KNOWN_SCOPES as readonly string[]).includes(s);
}
