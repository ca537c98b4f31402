import type { EaadhaarFacts } from '../../../domain/consents/requester-eaadhaar.js';
import { signEnveloped, type SignOptions } from '../../../xml/xml-dsig.js';
import { element, serializeXml } from '../../../xml/xml-tree.js';
import type { KeyObject } from 'node:crypto';

/** YYYY-MM-DD → DD-MM-YYYY, as UIDAI's e-KYC writes dates. */
const uidaiDate = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : '');

/**
 * The e-Aadhaar XML in UIDAI's e-KYC shape: `KycRes` → `UidData` (`Poi`, `Poa`, `Pht`) with the
 * number masked, and an enveloped XML-DSig signature (URI="") over the whole document.
 */
export function signedEaadhaarXml(f: EaadhaarFacts, key: KeyObject, options: SignOptions = {}): string {
  const a = f.address;
  const root = element('KycRes', { ret: 'Y', code: f.consentId, txn: f.consentId, ts: new Date(f.at).toISOString() }, [
    element('UidData', { uid: f.maskedUid, tkn: '' }, [
      element('Poi', { name: f.name, dob: uidaiDate(f.dob), gender: f.gender }),
      a
        ? element('Poa', {
            co: a.careOf,
            house: a.house,
            street: a.street,
            lm: a.landmark,
            loc: a.locality,
            vtc: a.vtc,
            dist: a.district,
            state: a.state,
            country: 'India',
            pc: a.pincode,
          })
        : element('Poa'),
      f.photo ? element('Pht', {}, [f.photo.toString('base64')]) : undefined,
    ]),
  ]);
  return signEnveloped(serializeXml(root), key, options);
}
