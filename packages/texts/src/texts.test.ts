import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en as enPortal } from './en/portal.js';
import { LANGUAGE_CODES, SERVER_TEXTS } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Every language folder there is, whether or not it is registered anywhere yet. */
const folders = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Every key path in a value: 'sms.signUp', 'pdf.statuses.active' … */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

function missingFrom(reference: unknown, other: unknown): string[] {
  const have = new Set(keyPaths(other));
  return keyPaths(reference).filter((k) => !have.has(k));
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('every language has every text English has', () => {
  it('finds the eight language folders, each with its server texts registered', () => {
    expect(folders).toEqual(['bn', 'en', 'gu', 'hi', 'kn', 'mr', 'ta', 'te']);
    for (const code of folders) expect(existsSync(join(here, code, 'server.ts')), `${code}/server.ts`).toBe(true);
    expect([...LANGUAGE_CODES].sort()).toEqual(folders);
  });

  for (const code of folders.filter((c) => c !== 'en')) {
    it(`${code}: server texts (SMS, inbox, PDF, tags, devices) lack no key`, () => {
      expect(missingFrom(SERVER_TEXTS.en, SERVER_TEXTS[code as keyof typeof SERVER_TEXTS])).toEqual([]);
    });

    it(`${code}: every SMS keeps its code and names, and the inbox texts their document and issuer`, () => {
      const t = SERVER_TEXTS[code as keyof typeof SERVER_TEXTS];
      const args = ['482913', 'REQUESTER', 'WHAT', 'UNTIL'];
      for (const [name, fn] of Object.entries(t.sms)) {
        if (typeof fn !== 'function') continue;
        const text = (fn as (...a: string[]) => string)(...args);
        for (const arg of args.slice(0, fn.length)) expect(text, `sms.${name}`).toContain(arg);
      }
      const p = {
        document: 'DOC',
        issuer: 'ISSUER',
        reason: 'REASON',
        device: 'DEVICE',
        time: 'TIME',
        count: 7,
        requester: 'BANK',
        access: 'file',
        link: 'LINK',
      };
      for (const [kind, fn] of Object.entries(t.notifications)) {
        const text = fn(p);
        if (kind === 'documents_received') expect(text, kind).toContain('7');
        else if (kind === 'new_sign_in') expect(text, kind).toMatch(/DEVICE[\s\S]*TIME|TIME[\s\S]*DEVICE/);
        else if (kind === 'consent_used') expect(text, kind).toMatch(/BANK[\s\S]*DOC|DOC[\s\S]*BANK/);
        else expect(text, kind).toMatch(/ISSUER[\s\S]*DOC|DOC[\s\S]*ISSUER/);
      }
      expect(t.sms.grant.issued('PAN', 3)).toMatch(/PAN[\s\S]*3/);
      expect(t.pdf.page(2, 3)).toMatch(/2[\s\S]*3/);
      expect(t.device.on('Chrome', 'Android')).toMatch(/Chrome/);
    });
  }

  const portals = folders.filter((c) => c !== 'en' && existsSync(join(here, c, 'portal.ts')));
  for (const code of portals) {
    it(`${code}: the portal dictionary lacks no key and keeps every {placeholder}`, async () => {
      const dictionary = (await import(`./${code}/portal.ts`))[code] as Record<string, string>;
      expect(Object.keys(enPortal).filter((k) => !(k in dictionary))).toEqual([]);
      expect(Object.keys(dictionary).filter((k) => !(k in enPortal))).toEqual([]);
      const wrong = Object.entries(enPortal).filter(([k, v]) => dictionary[k] !== undefined && placeholders(dictionary[k]).join() !== placeholders(v).join());
      expect(wrong.map(([k]) => k)).toEqual([]);
    });
  }
});
