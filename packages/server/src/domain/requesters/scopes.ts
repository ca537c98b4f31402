/**
 * The grants a requester may ask for. `openid` adds an id_token; `userdetails` the resident's
 * name, date of birth and gender; `files.issueddocs` the issued documents the resident picks;
 * `files.uploadeddocs` reads the resident's uploaded drive (every folder and clean file);
 * `files.upload` (Tijori's own) lets it add files to the drive; `pull` lets it pull documents
 * from issuers into the locker for the resident (Tijori's own).
 */
export const KNOWN_SCOPES = ['openid', 'userdetails', 'files.issueddocs', 'files.uploadeddocs', 'files.upload', 'pull'] as const;
export type Scope = (typeof KNOWN_SCOPES)[number];

export function parseScope(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(' ').filter(Boolean))];
}

export function isKnownScope(s: string): s is Scope {
  return (KNOWN_SCOPES as readonly string[]).includes(s);
}
