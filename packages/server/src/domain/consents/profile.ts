import type { ResidentRow } from '../../repositories/residents.repository.js';

/** DigiLocker's profile fields: dob as DDMMYYYY, gender M/F/T, eaadhaar Y/N (both spellings sent). */
export function partnerProfile(r: ResidentRow) {
  const dob = r.dob && /^\d{4}-\d{2}-\d{2}$/.test(r.dob) ? `${r.dob.slice(8, 10)}${r.dob.slice(5, 7)}${r.dob.slice(0, 4)}` : '';
  const eaadhaar = r.aadhaar_ref ? 'Y' : 'N';
  return { name: r.name ?? '', dob, gender: r.gender ?? '', eaadhaar, eaadhar: eaadhaar };
}
