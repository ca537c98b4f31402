/** What a pull answers: the document is in the locker, or the issuer will answer later. */
export type PullOutcome = { status: 'issued'; uri: string; alreadyHeld: boolean } | { status: 'pending'; requestId: string };
