/** The SMS texts. They carry the purpose, so a code read out of context is not misused. */
export const SMS = {
  signUp: (code: string) => `${code} is your Tijori sign-up OTP. It expires in 10 minutes. Never share it with anyone.`,
  alreadyRegistered: () =>
    'Someone asked to sign up for Tijori with this number, which already has an account. If it was you, sign in instead. No code was sent.',
  signIn: (code: string) => `${code} is your Tijori sign-in OTP. It expires in 10 minutes. Never share it with anyone.`,
  changePin: (code: string) => `${code} is your Tijori OTP to change your security PIN. If you did not ask for this, sign in and end other sessions.`,
  changeMobile: (code: string) => `${code} is your Tijori OTP to move your account to this mobile number.`,
  esign: (code: string, document: string) => `${code} is your Tijori OTP to eSign "${document}" in your name. Do not share it.`,
  deleteAccount: (code: string) => `${code} is your Tijori OTP to DELETE your account and everything in it. Do not share it.`,
  consentGrant: (code: string, requester: string) => `${code} is your Tijori OTP to SHARE documents with ${requester}. Enter it only if you asked to share.`,
};
