import { createHash } from 'node:crypto';
import type { CertificateRenderInput } from './certificate-input.js';

/**
 * Three demo documents in the shapes issuers send: a CBSE Class XII marksheet in Hindi, a
 * Gujarat income certificate in Gujarati and a driving licence in English only. Used by the
 * renderer's tests and to make sample pages; the names and numbers are made up.
 */

const VERIFY_URL = 'https://tijori.example/verify';

/** A QR payload shaped like the real one: the verify URL with a compact JWS in the fragment. */
export function sampleQrPayload(uri: string, length = 420): string {
  let token = '';
  for (let i = 0; token.length < length; i++) token += createHash('sha256').update(`${uri}:${i}`).digest('base64url');
  const jws = `${token.slice(0, 36)}.${token.slice(36, length - 87)}.${token.slice(length - 86, length)}`;
  return `${VERIFY_URL}#t=${jws}`;
}

export function sampleHindiMarksheet(photoPng?: Buffer): CertificateRenderInput {
  const uri = 'in.gov.cbse-HSCER-201412345678';
  return {
    issuer: { name: 'Central Board of Secondary Education', nameLocal: 'केन्द्रीय माध्यमिक शिक्षा बोर्ड', orgId: 'in.gov.cbse', state: 'Delhi' },
    docType: { code: 'HSCER', name: 'Class XII Marksheet', nameLocal: 'कक्षा XII अंकपत्र' },
    uri,
    holder: { name: 'Ananya Sharma', nameLocal: 'अनन्या शर्मा', dob: '1996-05-12', ...(photoPng ? { photoPng } : {}) },
    fields: [
      { label: 'Roll number', labelLocal: 'अनुक्रमांक', value: '9123456' },
      { label: "Mother's name", labelLocal: 'माता का नाम', value: 'सुनीता शर्मा' },
      { label: "Father's name", labelLocal: 'पिता का नाम', value: 'राजेश कुमार शर्मा' },
      { label: 'School', labelLocal: 'विद्यालय', value: 'केन्द्रीय विद्यालय क्रमांक 2, दिल्ली छावनी, नई दिल्ली - 110010' },
      { label: 'Examination', labelLocal: 'परीक्षा', value: 'अखिल भारतीय वरिष्ठ विद्यालय प्रमाणपत्र परीक्षा, मार्च 2014' },
      { label: 'Result', labelLocal: 'परिणाम', value: 'उत्तीर्ण (PASS) — प्रथम श्रेणी' },
    ],
    table: {
      columns: ['विषय / Subject', 'सैद्धान्तिक', 'प्रायोगिक', 'प्राप्तांक', 'ग्रेड'],
      rows: [
        ['हिन्दी (केन्द्रिक)', '072', '020', '092', 'A1'],
        ['अंग्रेज़ी (केन्द्रिक)', '065', '020', '085', 'A2'],
        ['गणित', '088', '—', '088', 'A2'],
        ['भौतिकी', '058', '029', '087', 'A2'],
        ['रसायन विज्ञान', '061', '030', '091', 'A1'],
        ['शारीरिक शिक्षा', '064', '030', '094', 'A1'],
        ['कार्य अनुभव / Work experience', '—', '—', '—', 'A1'],
      ],
    },
    issuedOn: '2014-05-26',
    status: 'active',
    verificationCode: 'HX7K-29QM',
    qrPayload: sampleQrPayload(uri),
    verifyUrl: VERIFY_URL,
    language: 'hi',
  };
}

export function sampleGujaratiCertificate(photoPng?: Buffer): CertificateRenderInput {
  const uri = 'in.gov.gujarat.revenue-INCER-AHD2024118842';
  return {
    issuer: { name: 'Revenue Department, Government of Gujarat', nameLocal: 'મહેસૂલ વિભાગ, ગુજરાત સરકાર', orgId: 'in.gov.gujarat.revenue', state: 'Gujarat' },
    docType: { code: 'INCER', name: 'Income Certificate', nameLocal: 'આવકનો દાખલો' },
    uri,
    holder: { name: 'Bhaveshkumar Jigneshbhai Patel', nameLocal: 'ભાવેશકુમાર જિજ્ઞેશભાઈ પટેલ', dob: '1990-08-21', ...(photoPng ? { photoPng } : {}) },
    fields: [
      { label: "Father's name", labelLocal: 'પિતાનું નામ', value: 'જિજ્ઞેશ રમણલાલ પટેલ' },
      { label: 'Address', labelLocal: 'સરનામું', value: '૧૨, શ્રીજી સોસાયટી, નારણપુરા, અમદાવાદ - ૩૮૦૦૧૩' },
      { label: 'Annual family income', labelLocal: 'કુટુંબની વાર્ષિક આવક', value: '₹ 2,40,000 (બે લાખ ચાલીસ હજાર રૂપિયા પૂરા)' },
      { label: 'Financial year', labelLocal: 'નાણાકીય વર્ષ', value: '2024-25' },
      { label: 'Purpose', labelLocal: 'હેતુ', value: 'શૈક્ષણિક શિષ્યવૃત્તિ માટે' },
      { label: 'Issuing officer', labelLocal: 'જારી કરનાર અધિકારી', value: 'મામલતદાર, અમદાવાદ શહેર (પૂર્વ)' },
    ],
    issuedOn: '2024-11-18',
    validFrom: '2024-11-18',
    validTo: '2025-03-31',
    status: 'active',
    verificationCode: 'GJ4P-8WTA',
    qrPayload: sampleQrPayload(uri),
    verifyUrl: VERIFY_URL,
    language: 'gu',
  };
}

export function sampleEnglishLicence(photoPng?: Buffer): CertificateRenderInput {
  const uri = 'in.gov.transport-DRVLC-GJ0620110012345';
  return {
    issuer: { name: 'Ministry of Road Transport and Highways', orgId: 'in.gov.transport' },
    docType: { code: 'DRVLC', name: 'Driving Licence' },
    uri,
    holder: { name: 'Rahul Mehta', dob: '1988-11-02', ...(photoPng ? { photoPng } : {}) },
    fields: [
      { label: 'Licence number', value: 'GJ06 20110012345' },
      { label: 'Son / daughter / wife of', value: 'Suresh Mehta' },
      { label: 'Address', value: 'B-402, Sunrise Apartments, Old Padra Road, Alkapuri, Vadodara, Gujarat 390007' },
      { label: 'Blood group', value: 'B+' },
      { label: 'Classes of vehicle', value: 'LMV (light motor vehicle), MCWG (motorcycle with gear)' },
      { label: 'Licensing authority', value: 'RTO Vadodara (GJ06)' },
    ],
    table: {
      columns: ['Class of vehicle', 'Date of issue', 'Valid until'],
      rows: [
        ['LMV', '03-11-2011', '01-11-2031'],
        ['MCWG', '03-11-2011', '01-11-2031'],
      ],
    },
    issuedOn: '2011-11-03',
    validFrom: '2011-11-03',
    validTo: '2031-11-01',
    status: 'active',
    verificationCode: 'DL3Q-7Z2N',
    qrPayload: sampleQrPayload(uri),
    verifyUrl: VERIFY_URL,
    language: 'en',
  };
}
