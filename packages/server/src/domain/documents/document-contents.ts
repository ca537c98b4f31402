import type { DocumentCredential } from '../../artifacts/credential.js';
import type { DocumentTypeRow } from '../../repositories/issuers.repository.js';
import { pick } from '../issuers/localized.js';

/** What is printed on a document: the holder as named on it, and its fields as issued. */
export interface DocumentContents {
  holder: { name: string; nameLocal?: string; birthDate?: string };
  fields: { key: string; label: string; value: string }[];
}

/** A credential's fields with the document type's labels in `language` (the key where a type has no label). */
export function labelledFields(type: Pick<DocumentTypeRow, 'fields'> | undefined, fields: Record<string, string>, language: string | undefined) {
  const labels = new Map((type ? type.fields : []).map((f) => [f.key, pick(f.label, language)]));
  return Object.entries(fields).map(([key, value]) => ({ key, label: labels.get(key) ?? key, value }));
}

export function documentContents(
  credential: DocumentCredential,
  type: Pick<DocumentTypeRow, 'fields'> | undefined,
  language: string | undefined,
): DocumentContents {
  const s = credential.credentialSubject;
  return { holder: s.holder, fields: labelledFields(type, s.fields, language) };
}
