/**
 * The fixed words printed on a rendered document, in the languages a resident can choose.
 * A document in Hindi or Gujarati shows the label in that language with the English one
 * beneath it, as bilingual government certificates do.
 */

export type RenderLanguage = 'en' | 'hi' | 'gu';
export type DocumentStatus = 'active' | 'suspended' | 'revoked' | 'expired';

export interface RenderLabels {
  issuedTo: string;
  dateOfBirth: string;
  details: string;
  documentType: string;
  dateOfIssue: string;
  validFrom: string;
  validUntil: string;
  status: string;
  statuses: Record<DocumentStatus, string>;
  documentUri: string;
  verificationCode: string;
  scanToVerify: string;
  photo: string;
  page: (n: number, of: number) => string;
  continued: string;
  signedBy: (issuer: string, verifyUrl: string) => string;
  notice: string;
}

const en: RenderLabels = {
  issuedTo: 'Issued to',
  dateOfBirth: 'Date of birth',
  details: 'Particulars',
  documentType: 'Document type',
  dateOfIssue: 'Date of issue',
  validFrom: 'Valid from',
  validUntil: 'Valid until',
  status: 'Status',
  statuses: { active: 'Active', suspended: 'Suspended', revoked: 'Revoked', expired: 'Expired' },
  documentUri: 'Document URI',
  verificationCode: 'Verification code',
  scanToVerify: 'Scan to verify',
  photo: 'Photo',
  page: (n, of) => `Page ${n} of ${of}`,
  continued: 'continued',
  signedBy: (issuer, url) => `Digitally signed by ${issuer}. Verify at ${url}`,
  notice: 'This is a rendering of a digitally signed electronic document; it needs no physical signature. The signed electronic form prevails.',
};

const hi: RenderLabels = {
  issuedTo: 'प्राप्तकर्ता',
  dateOfBirth: 'जन्म तिथि',
  details: 'विवरण',
  documentType: 'दस्तावेज़ प्रकार',
  dateOfIssue: 'जारी करने की तिथि',
  validFrom: 'प्रभावी तिथि',
  validUntil: 'वैधता समाप्ति',
  status: 'स्थिति',
  statuses: { active: 'सक्रिय', suspended: 'निलंबित', revoked: 'निरस्त', expired: 'अवधि समाप्त' },
  documentUri: 'दस्तावेज़ URI',
  verificationCode: 'सत्यापन कोड',
  scanToVerify: 'सत्यापन हेतु स्कैन करें',
  photo: 'फ़ोटो',
  page: (n, of) => `पृष्ठ ${n} / ${of}`,
  continued: 'जारी',
  signedBy: (issuer, url) => `${issuer} द्वारा डिजिटल रूप से हस्ताक्षरित। ${url} पर सत्यापित करें।`,
  notice: 'यह डिजिटल रूप से हस्ताक्षरित इलेक्ट्रॉनिक दस्तावेज़ का प्रारूप है; इस पर भौतिक हस्ताक्षर आवश्यक नहीं है।',
};

const gu: RenderLabels = {
  issuedTo: 'પ્રાપ્તકર્તા',
  dateOfBirth: 'જન્મ તારીખ',
  details: 'વિગતો',
  documentType: 'દસ્તાવેજ પ્રકાર',
  dateOfIssue: 'જારી કર્યાની તારીખ',
  validFrom: 'અમલી તારીખ',
  validUntil: 'માન્યતા સમાપ્તિ',
  status: 'સ્થિતિ',
  statuses: { active: 'સક્રિય', suspended: 'સ્થગિત', revoked: 'રદ', expired: 'મુદત પૂર્ણ' },
  documentUri: 'દસ્તાવેજ URI',
  verificationCode: 'ચકાસણી કોડ',
  scanToVerify: 'ચકાસવા માટે સ્કેન કરો',
  photo: 'ફોટો',
  page: (n, of) => `પાનું ${n} / ${of}`,
  continued: 'ચાલુ',
  signedBy: (issuer, url) => `${issuer} દ્વારા ડિજિટલ રીતે સહી કરેલ. ${url} પર ચકાસો.`,
  notice: 'આ ડિજિટલ રીતે સહી કરેલા ઇલેક્ટ્રોનિક દસ્તાવેજનું સ્વરૂપ છે; તેના પર હસ્તાક્ષરની જરૂર નથી.',
};

export const LABELS: Record<RenderLanguage, RenderLabels> = { en, hi, gu };
