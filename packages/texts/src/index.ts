/**
 * Every word Tijori shows or sends, one folder per language (`src/<code>/`): `portal.ts` is
 * the portal's dictionary, `server.ts` the texts the server makes (SMS, the inbox, the PDF's
 * fixed words, upload tags, device names). English is the reference for both; tsc checks each
 * language's shape and `texts.test.ts` names any key a language lacks.
 *
 * This entry point holds the server's texts of every language (small); the portal loads its
 * dictionaries one at a time through `@tijori/texts/<code>/portal`.
 */
import { bn } from './bn/server.js';
import { en } from './en/server.js';
import { gu } from './gu/server.js';
import { hi } from './hi/server.js';
import { kn } from './kn/server.js';
import { mr } from './mr/server.js';
import type { ServerTexts } from './server-types.js';
import { ta } from './ta/server.js';
import { te } from './te/server.js';

export type * from './server-types.js';
export { DOC_TAG_CODES } from './server-types.js';
export type * from './portal-types.js';

/** The server's texts per language code; adding a language is one line here and its folder. */
export const SERVER_TEXTS = { en, hi, gu, mr, bn, ta, te, kn } as const satisfies Record<string, ServerTexts>;

export type LanguageCode = keyof typeof SERVER_TEXTS;

/** Every language the server speaks (a resident's `language`), English first. */
export const LANGUAGE_CODES = Object.keys(SERVER_TEXTS) as LanguageCode[];

/** The texts in a language, or English for a language Tijori does not have. */
export function serverTexts(language: string | undefined): ServerTexts {
  return (language !== undefined && Object.hasOwn(SERVER_TEXTS, language) ? SERVER_TEXTS[language as LanguageCode] : undefined) ?? en;
}
