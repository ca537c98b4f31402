import { LANGUAGE_CODES } from '@tijori/texts';
import type { Address } from '../../adapters/aadhaar/aadhaar-adapter.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import type { DomainDeps } from '../context.js';

export interface Me {
  id: string;
  mobile: string;
  username: string | null;
  language: string;
  createdAt: string;
  aadhaar: { linked: boolean; masked: string | null };
  profile: null | {
    name: string;
    nameLocal: string | null;
    localScript: string | null;
    dob: string;
    gender: string;
    address: Address;
    addressLocal: Address | null;
    hasPhoto: boolean;
  };
}

/** The languages a resident may choose: every language with its texts in @tijori/texts. */
export const SUPPORTED_LANGUAGES = LANGUAGE_CODES;

/** The resident's own view of their account: Aadhaar only ever masked. */
export async function toMe(deps: Pick<DomainDeps, 'repos'>, r: ResidentRow): Promise<Me> {
  const vault = r.aadhaar_ref ? await deps.repos.vault.findByRef(r.aadhaar_ref) : undefined;
  return {
    id: r.id,
    mobile: r.mobile ?? '',
    username: r.username,
    language: r.language,
    createdAt: new Date(r.created_at).toISOString(),
    aadhaar: { linked: vault !== undefined, masked: vault ? `XXXX XXXX ${vault.last4}` : null },
    profile:
      r.name && r.dob && r.gender && r.address
        ? {
            name: r.name,
            nameLocal: r.name_local,
            localScript: r.local_script,
            dob: r.dob,
            gender: r.gender,
            address: r.address,
            addressLocal: r.address_local,
            hasPhoto: r.photo_sha256 !== null,
          }
        : null,
  };
}
