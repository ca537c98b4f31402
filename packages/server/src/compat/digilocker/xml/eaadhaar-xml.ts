import type { Address } from '../../../adapters/aadhaar/aadhaar-adapter.js';
import type { EaadhaarFacts } from '../../../domain/consents/requester-eaadhaar.js';
import { signEnveloped, type SignOptions } from '../../../xml/xml-dsig.js';
import { element, serializeXml } from '../../../xml/xml-tree.js';
import type { KeyObject } from 'node:crypto';

/** YYYY-MM-DD → DD-MM-YYYY, as UIDAI's e-KYC writes dates. */
const uidaiDate = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : '');

/** UIDAI's address attributes. */
const addressAttributes = (a: Address) => ({
  co: a.careOf,
  house: a.house,
  street: a.street,
  lm: a.landmark,
  loc: a.locality,
  vtc: a.vtc,
  dist: a.district,
  state: a.state,
  pc: a.pincode,
});

/**
 * The e-Aadhaar XML in UIDAI's e-KYC shape: `KycRes` → `UidData` (`uid` masked, `tkn` the
 * requester's token for the number) with `Poi`, `Poa`, `LData` (the local-language name and
 * address; `lang` is the script's ISO 15924 code, which is what e-KYC gives), `Pht` (photo) and
 * `Prn` (a printable PDF, base64), and an enveloped XML-DSig signature (URI="") over the whole
 * document.
 */
export function signedEaadhaarXml(f: EaadhaarFacts, print: Buffer | null, key: KeyObject, options: SignOptions = {}): string {
  const a = f.address;
  const local = f.local;
  const root = element('KycRes', { ret: 'Y', code: f.consentId, txn: f.consentId, ts: new Date(f.at).toISOString() }, [
    element('UidData', { uid: f.maskedUid, tkn: f.uidToken }, [
      element('Poi', { name: f.name, dob: uidaiDate(f.dob), gender: f.gender }),
      a ? element('Poa', { ...addressAttributes(a), country: 'India' }) : element('Poa'),
      local ? element('LData', { lang: local.script, name: local.name ?? undefined, ...(local.address ? addressAttributes(local.address) : {}) }) : undefined,
      f.photo ? element('Pht', {}, [f.photo.toString('base64')]) : undefined,
      print ? element('Prn', { type: 'pdf' }, [print.toString('base64')]) : undefined,
    ]),
  ]);
  return signEnveloped(serializeXml(root), key, options);
}
