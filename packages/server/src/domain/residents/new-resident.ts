import type { ResidentRow } from '../../repositories/residents.repository.js';

type Given = Pick<ResidentRow, 'id' | 'mobile' | 'pin_hash' | 'created_at'> & Partial<ResidentRow>;

/** A new active account's row: whatever is not given is empty (no username, no Aadhaar, no profile). */
export function newResidentRow(given: Given): ResidentRow {
  return {
    username: null,
    password_hash: null,
    status: 'active',
    language: 'en',
    aadhaar_ref: null,
    name: null,
    name_local: null,
    local_script: null,
    dob: null,
    gender: null,
    address: null,
    address_local: null,
    photo_sha256: null,
    updated_at: given.created_at,
    deleted_at: null,
    ...given,
  };
}
