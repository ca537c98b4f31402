import { DOC_TAG_CODES, SERVER_TEXTS, type DocTag, type LanguageCode } from '@tijori/texts';

/** What kind of document an upload is, for sorting and search, named in every language (the names live in @tijori/texts). */
export const DOC_TAGS = Object.fromEntries(
  DOC_TAG_CODES.map((code) => [code, Object.fromEntries(Object.entries(SERVER_TEXTS).map(([lang, texts]) => [lang, texts.docTags[code]]))]),
) as Record<DocTag, Record<LanguageCode, string>>;

export type { DocTag };
export { DOC_TAG_CODES };

/** Tags whose name, in any language, contains `query` (search matches tags by their names). */
export function tagsMatching(query: string): DocTag[] {
  const q = query.toLocaleLowerCase();
  return DOC_TAG_CODES.filter((code) => code.includes(q) || Object.values(DOC_TAGS[code]).some((label) => label.toLocaleLowerCase().includes(q)));
}
