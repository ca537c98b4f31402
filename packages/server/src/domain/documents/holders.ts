import { aadhaarLookupHmac } from '../../crypto/aadhaar-vault.js';
import { hmacHex } from '../../crypto/secrets.js';
import type { MasterKey } from '../../crypto/master-key.js';
import type { DomainDeps } from '../context.js';

/** Who a document is for, as an issuer names them. */
export interface HolderRef {
  aadhaar?: string;
  mobile?: string;
  /** The resident's Tijori id (DigiLocker's "digilockerid"). */
  lockerId?: string;
}

export interface ResolvedHolder {
  residentId: string | null;
  /** Set when nobody holds the document yet: the keyed hash it waits under. */
  holderLookup: string | null;
}

/** The keyed hash a document for someone without an account is held under. */
export function mobileLookup(master: MasterKey, mobile: string): string {
  return hmacHex(master.derive('holder-mobile/v1'), mobile);
}

/**
 * Resolves many holders at once (bulk issuance): Aadhaar numbers through the vault's HMAC
 * index, mobiles and locker ids directly. Never stores or returns an Aadhaar number.
 */
export async function resolveHolders(deps: Pick<DomainDeps, 'repos' | 'masterKey'>, refs: HolderRef[]): Promise<ResolvedHolder[]> {
  const aadhaarLookups = refs.map((r) => (r.aadhaar ? aadhaarLookupHmac(deps.masterKey, r.aadhaar) : null));
  const vault = await deps.repos.vault.findManyByLookup([...new Set(aadhaarLookups.filter((x): x is string => x !== null))]);
  const refByLookup = new Map(vault.map((v) => [v.lookup_hmac, v.ref]));
  const byRef = new Map((await deps.repos.residents.findActiveByAadhaarRefs([...refByLookup.values()])).map((r) => [r.aadhaar_ref!, r.id]));
  const mobiles = [...new Set(refs.filter((r) => !r.aadhaar && r.mobile).map((r) => r.mobile!))];
  const byMobile = new Map((await deps.repos.residents.findActiveByMobiles(mobiles)).map((r) => [r.mobile!, r.id]));
  const lockerIds = [...new Set(refs.filter((r) => r.lockerId).map((r) => r.lockerId!))];
  const known = new Set((await deps.repos.residents.findActiveByIds(lockerIds)).map((r) => r.id));

  return refs.map((r, i) => {
    const lookup = aadhaarLookups[i];
    if (lookup) {
      const ref = refByLookup.get(lookup);
      const residentId = ref ? byRef.get(ref) : undefined;
      return residentId ? { residentId, holderLookup: null } : { residentId: null, holderLookup: lookup };
    }
    if (r.mobile) {
      const residentId = byMobile.get(r.mobile);
      return residentId ? { residentId, holderLookup: null } : { residentId: null, holderLookup: mobileLookup(deps.masterKey, r.mobile) };
    }
    if (r.lockerId && known.has(r.lockerId)) return { residentId: r.lockerId, holderLookup: null };
    return { residentId: null, holderLookup: null };
  });
}
