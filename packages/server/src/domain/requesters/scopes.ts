/**
 * The grants a requester may ask for. `openid` adds an id_token; `userdetails` the resident's
 * name, date of birth and gender; `files.issueddocs` the issued documents the resident picks;
 * `files.uploadeddocs` reads the resident's uploaded drive (every folder and clean file);
 * `files.upload` (Tijori's own) lets it add files to the drive; `pull` lets it pull documents
 * from issuers into the locker for the resident (Tijori's own); `eaadhaar` the signed e-Aadhaar XML
 * (name, date of birth, gender, address, photo; the number masked).
 */
export const KNOWN_SCOPES = ['openid', 'userdetails', 'files.issueddocs', 'files.uploadeddocs', 'files.upload', 'pull', 'eaadhaar'] as const;
export type Scope = (typeof KNOWN_SCOPES)[number];

/**
 * Grants the operator gives a requester that are not the resident's to consent to: they never
 * appear on a consent screen or in a token. `account.verify` allows the `account/2/verify` meta
 * call (whether a number has a locker); `device.flow` the device flow (`oauth2/1/code` and the
 * device_code grant), off unless granted; `signup.demoauth` lets it sign new residents up by
 * Aadhaar demographic authentication (`signup/2/demoauth`, `signup/1/demoauthverify`).
 */
export const OPERATOR_SCOPES = ['account.verify', 'device.flow', 'signup.demoauth'] as const;

/** Everything an operator may list on a requester. */
export const REQUESTER_SCOPES = [...KNOWN_SCOPES, ...OPERATOR_SCOPES] as const;

export function parseScope(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(' ').filter(Boolean))];
}

export function isKnownScope(s: string): s is Scope {
  return (KNOWN_SCOPES as readonly string[]).includes(s);
}

export function isRequesterScope(s: string): s is (typeof REQUESTER_SCOPES)[number] {
  return (REQUESTER_SCOPES as readonly string[]).includes(s);
}
