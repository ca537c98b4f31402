import type { SmsTexts } from '@tijori/texts';

/**
 * The consent SMS's "what it will read" (device flow, sign-up by demographic authentication),
 * short enough for one message, in the words of the reader's language.
 */
export function describeGrant(scopes: string[], docNames: string[], words: SmsTexts['grant']): string {
  const profile: Record<string, string> = { userdetails: words.userdetails, 'files.uploadeddocs': words.uploadedFiles, eaadhaar: words.eaadhaar };
  const parts = scopes.filter((s) => profile[s]).map((s) => profile[s]!);
  if (scopes.includes('files.issueddocs')) {
    const shown = docNames.slice(0, 2).map((n) => n.slice(0, 40));
    parts.push(docNames.length === 0 ? words.noIssued : words.issued(shown.join(', '), docNames.length - shown.length));
  }
  return parts.length > 0 ? parts.join('; ') : words.lockerId;
}
