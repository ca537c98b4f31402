/** Names in several languages; English is always present. */
export interface LocalizedText {
  en: string;
  hi?: string;
  gu?: string;
  [language: string]: string | undefined;
}

export function pick(text: LocalizedText, language: string | undefined): string {
  return (language && text[language]) || text.en;
}

export interface PullParameter {
  /** Sent to the issuer as-is (e.g. RollNo); also the form field name. */
  name: string;
  label: LocalizedText;
  example?: string;
  /** A regular expression the value must match, anchored. */
  pattern?: string;
}

export interface DocumentField {
  key: string;
  label: LocalizedText;
  required?: boolean;
  /** Fields of one group (e.g. "subjects") render as a table. */
  group?: string;
}

export interface MatchRules {
  /** Compare the record's name with the resident's e-KYC name (tolerant of case, spacing, initials). */
  name: boolean;
  /** Compare the date of birth exactly. */
  dob: boolean;
}
