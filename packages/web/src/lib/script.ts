/**
 * A language tag for text in an ISO 15924 script (from Aadhaar e-KYC's local-language name
 * and address), so that screen readers and fonts treat it right. Devanagari is most often
 * Hindi; Marathi or Nepali readers still get the right script.
 */
const SCRIPT_LANG: Record<string, string> = {
  Deva: 'hi',
  Gujr: 'gu',
  Beng: 'bn',
  Guru: 'pa',
  Orya: 'or',
  Taml: 'ta',
  Telu: 'te',
  Knda: 'kn',
  Mlym: 'ml',
  Arab: 'ur',
};

export function langForScript(script: string | null | undefined, text: string | null | undefined): string | undefined {
  if (script && SCRIPT_LANG[script]) return SCRIPT_LANG[script];
  if (!text) return undefined;
  if (/[\u0900-\u097F]/.test(text)) return 'hi';
  if (/[\u0980-\u09FF]/.test(text)) return 'bn';
  if (/[\u0A80-\u0AFF]/.test(text)) return 'gu';
  if (/[\u0B80-\u0BFF]/.test(text)) return 'ta';
  if (/[\u0C00-\u0C7F]/.test(text)) return 'te';
  if (/[\u0C80-\u0CFF]/.test(text)) return 'kn';
  return undefined;
}
