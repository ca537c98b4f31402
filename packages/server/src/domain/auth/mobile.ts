/** The mobile number rules live in @tijori/rules, shared with the portal. */
export { isValidMobile, maskMobile, MOBILE_PATTERN, normaliseMobile } from '@tijori/rules';
