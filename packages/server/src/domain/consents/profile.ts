import type { ResidentRow } from '../../repositories/residents.repository.js';

/**
 * Whether the linked Aadhaar came with e-KYC (name, address, photo from UIDAI), which the
 * e-Aadhaar is made of. e-KYC always carries an address; a locker opened by a requester's
 * demographic authentication has its Aadhaar linked but only the three fields it confirmed.
 */
export function hasEkyc(r: Pick<ResidentRow, 'aadhaar_ref' | 'address'>): boolean {
  return r.aadhaar_ref !== null && r.address !== null;
}

/** DigiLocker's profile fields: dob as DDMMYYYY, gender M/F/T, eaadhaar Y/N (both spellings sent): whether an e-Aadhaar is available. */
export function partnerProfile(r: ResidentRow) {
  const dob = r.dob && /^\d{4}-\d{2}-\d{2}$/.test(r.dob) ? `${r.dob.slice(8, 10)}${r.dob.slice(5, 7)}${r.dob.slice(0, 4)}` : '';
  const eaadhaar = hasEkyc(r) ? 'Y' : 'N';
  return { name: r.name ?? '', dob, gender: r.gender ?? '', eaadhaar, eaadhar: eaadhaar };
}
