/** What a requester will read, in the words of the consent SMS texts (device flow, sign-up by demographic authentication). */
const PROFILE_WORDS: Record<string, string> = {
  userdetails: 'your name, date of birth and gender',
  'files.uploadeddocs': 'your uploaded files',
  eaadhaar: 'your e-Aadhaar (name, birth date, gender, address, photo)',
};

/** The SMS's "what it will read", short enough for one message. */
export function describeGrant(scopes: string[], docNames: string[]): string {
  const parts = scopes.filter((s) => PROFILE_WORDS[s]).map((s) => PROFILE_WORDS[s]!);
  if (scopes.includes('files.issueddocs')) {
    const shown = docNames.slice(0, 2).map((n) => n.slice(0, 40));
    const more = docNames.length - shown.length;
    parts.push(
      docNames.length === 0 ? 'no issued documents' : `your issued ${shown.join(', ')}${more > 0 ? ` and ${more} more document${more > 1 ? 's' : ''}` : ''}`,
    );
  }
  return parts.length > 0 ? parts.join('; ') : 'your locker id';
}
