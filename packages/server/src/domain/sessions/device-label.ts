import { serverTexts } from '@tijori/texts';

/** "Chrome on Android": enough for a resident to recognise a session, no fingerprinting. */
export function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device';
  const ua = userAgent.slice(0, 512);
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /SamsungBrowser/.test(ua)
        ? 'Samsung Internet'
        : /UCBrowser/.test(ua)
          ? 'UC Browser'
          : /Firefox\//.test(ua)
            ? 'Firefox'
            : /Chrome\/|Chromium\//.test(ua)
              ? 'Chrome'
              : /Safari\//.test(ua)
                ? 'Safari'
                : /curl\//.test(ua)
                  ? 'curl'
                  : /node|undici/i.test(ua)
                    ? 'API client'
                    : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? 'Unknown device';
}

/**
 * A label made by `deviceLabel` (stored in English) in a reader's language: "Chrome on
 * Android" keeps the browser's and system's names and translates the words around them.
 */
export function localDeviceLabel(label: string, language: string | undefined): string {
  const words = serverTexts(language).device;
  const english = (name: string) => (name === 'Unknown device' ? words.unknown : name === 'API client' ? words.apiClient : name);
  const m = / on /.exec(label);
  return m ? words.on(english(label.slice(0, m.index)), label.slice(m.index + 4)) : english(label);
}
