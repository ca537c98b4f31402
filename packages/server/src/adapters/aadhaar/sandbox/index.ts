import type { Gender, LocalScript } from '../aadhaar-adapter.js';
import { maskAadhaar } from '../../../domain/aadhaar/verhoeff.js';
import { DEMO_RESIDENTS } from './demo-residents.js';

export {
  createSandboxAadhaarAdapter,
  ed25519PrivateKeyFromSeed,
  SANDBOX_ISSUER,
  SANDBOX_OTP_TTL_MS,
  type SandboxAadhaarAdapterOptions,
} from './sandbox-aadhaar-adapter.js';
export { DEMO_RESIDENTS, findDemoResident, type DemoResident } from './demo-residents.js';
export { renderAvatarPng, encodePng, crc32, AVATAR_WIDTH, AVATAR_HEIGHT } from './photo.js';

/** One line of the developer listing of Tijori Aadhaar sandbox residents. */
export interface SandboxResidentListing {
  /** The full demo number: a developer types it to link Aadhaar in the sandbox. */
  aadhaarNumber: string;
  maskedAadhaar: string;
  name: string;
  nameLocal?: string;
  localScript?: LocalScript;
  dob: string;
  gender: Gender;
  district: string;
  state: string;
  /** The full registered mobile: where the OTP lands in the development SMS outbox. */
  mobile: string;
  maskedMobile: string;
}

/**
 * DEVELOPMENT ONLY — the Tijori Aadhaar sandbox's demo residents, with full demo numbers and
 * mobiles, for developers to sign up and link Aadhaar with. Never serve this in production.
 */
export function listSandboxResidents(): SandboxResidentListing[] {
  return DEMO_RESIDENTS.map((r) => ({
    aadhaarNumber: r.aadhaarNumber,
    maskedAadhaar: maskAadhaar(r.aadhaarNumber),
    name: r.name,
    ...(r.nameLocal !== undefined ? { nameLocal: r.nameLocal } : {}),
    ...(r.localScript !== undefined ? { localScript: r.localScript } : {}),
    dob: r.dob,
    gender: r.gender,
    district: r.address.district,
    state: r.address.state,
    mobile: r.mobile,
    maskedMobile: `XXXXXX${r.mobile.slice(-4)}`,
  }));
}
