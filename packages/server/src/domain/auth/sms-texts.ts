/** The SMS texts. They carry the purpose, so a code read out of context is not misused. */
export const SMS = {
  signUp: (code: string) => `${code} is your Tijori sign-up OTP. It expires in 10 minutes. Never share it with anyone.`,
  alreadyRegistered: () =>
    'Someone asked to sign up for Tijori with this number. You already have a Tijori account: sign in, or use "Forgot PIN" on the sign-in page. No code was sent.',
  signIn: (code: string) => `${code} is your Tijori sign-in OTP. It expires in 10 minutes. Never share it with anyone.`,
  changePin: (code: string) => `${code} is your Tijori OTP to change your security PIN. If you did not ask for this, sign in and end other sessions.`,
  changeMobile: (code: string) => `${code} is your Tijori OTP to move your account to this mobile number.`,
  esign: (code: string, document: string) => `${code} is your Tijori OTP to eSign "${document}" in your name. Do not share it.`,
  deleteAccount: (code: string) => `${code} is your Tijori OTP to DELETE your account and everything in it. Do not share it.`,
  consentGrant: (code: string, requester: string) => `${code} is your Tijori OTP to SHARE documents with ${requester}. Enter it only if you asked to share.`,
  consentDevice: (code: string, requester: string, what: string, until: string) =>
    `${code} is your Tijori OTP to let ${requester} READ ${what} until ${until}. Enter it only on a device you are using to share. It is not a sign-in code.`,
  signupDemoauth: (code: string, requester: string, aadhaar: string, what: string, until: string) =>
    `${code} is your Tijori OTP to let ${requester} OPEN a Tijori locker for you with Aadhaar ${aadhaar} and READ ${what} until ${until}. Enter it only if you asked ${requester} for this.`,
  signupDemoauthDone: (requester: string) =>
    `Your Tijori locker was opened through ${requester}. To sign in, set your security PIN: "Forgot PIN" on the sign-in page, with the OTP UIDAI sends to your Aadhaar mobile.`,
  pinRecovery: (code: string) =>
    `${code} is your Tijori OTP to reset your security PIN. If you did not ask for this, ignore this SMS and never share the code.`,
  pinRecoveryNoAccount: () => 'Someone asked to reset a Tijori PIN for this number, but no Tijori account uses it. No code was sent. To make one, sign up.',
  pinRecoveryWaiting: (when: string) =>
    `Someone asked to reset your Tijori PIN without Aadhaar or password. A new PIN can be set after ${when}. If this was not you, sign in to Tijori now: that cancels it.`,
  pinReset: () => 'Your Tijori security PIN was reset and every other session was signed out. If this was not you, sign in and change your PIN now.',
};

/** A moment as an SMS states it: Indian time, unambiguous in any locale. */
export function smsTime(ms: number): string {
  return `${new Date(ms).toLocaleString('en-IN', { timeZone: 'Asia/Kolkata', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' })} IST`;
}
