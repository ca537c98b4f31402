/** The portal's message types; the dictionaries themselves live in @tijori/texts, one folder per language. */
export type { Catalogue, MessageKey, ParamsFor, Placeholders, Translation } from '@tijori/texts';
