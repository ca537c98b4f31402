import { SERVER_TEXTS, type DocumentStatus, type LanguageCode, type PdfLabels } from '@tijori/texts';

/**
 * The fixed words printed on a rendered document, in the languages a resident can choose (the
 * words live in @tijori/texts, `<language>/server.ts`, under `pdf`). A document in an Indian
 * language shows the label in that language with the English one beneath it, as bilingual
 * government certificates do.
 */
export type RenderLanguage = LanguageCode;
export type { DocumentStatus };
export type RenderLabels = PdfLabels;

export const LABELS = Object.fromEntries(Object.entries(SERVER_TEXTS).map(([code, texts]) => [code, texts.pdf])) as Record<RenderLanguage, RenderLabels>;
