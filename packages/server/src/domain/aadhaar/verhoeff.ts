/** The Aadhaar number rules live in @tijori/rules, shared with the portal. */
export { isValidAadhaar, isVerhoeffValid, maskAadhaar, normaliseAadhaar, verhoeffCheckDigit } from '@tijori/rules';
