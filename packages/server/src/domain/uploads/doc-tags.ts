/** What kind of document an upload is, for sorting and search: the same list in three languages. */
export const DOC_TAGS = {
  aadhaar: { en: 'Aadhaar', hi: 'आधार', gu: 'આધાર' },
  pan: { en: 'PAN card', hi: 'पैन कार्ड', gu: 'પાન કાર્ડ' },
  voter_id: { en: 'Voter ID', hi: 'मतदाता पहचान पत्र', gu: 'મતદાર ઓળખપત્ર' },
  passport: { en: 'Passport', hi: 'पासपोर्ट', gu: 'પાસપોર્ટ' },
  driving_licence: { en: 'Driving licence', hi: 'ड्राइविंग लाइसेंस', gu: 'ડ્રાઇવિંગ લાઇસન્સ' },
  vehicle_rc: { en: 'Vehicle registration', hi: 'वाहन पंजीकरण', gu: 'વાહન નોંધણી' },
  marksheet: { en: 'Marksheet', hi: 'अंकतालिका', gu: 'માર્કશીટ' },
  certificate: { en: 'Certificate', hi: 'प्रमाणपत्र', gu: 'પ્રમાણપત્ર' },
  birth_certificate: { en: 'Birth certificate', hi: 'जन्म प्रमाणपत्र', gu: 'જન્મ પ્રમાણપત્ર' },
  caste_certificate: { en: 'Caste certificate', hi: 'जाति प्रमाणपत्र', gu: 'જાતિ પ્રમાણપત્ર' },
  income_certificate: { en: 'Income certificate', hi: 'आय प्रमाणपत्र', gu: 'આવકનો દાખલો' },
  ration_card: { en: 'Ration card', hi: 'राशन कार्ड', gu: 'રેશન કાર્ડ' },
  insurance: { en: 'Insurance policy', hi: 'बीमा पॉलिसी', gu: 'વીમા પૉલિસી' },
  bank: { en: 'Bank document', hi: 'बैंक दस्तावेज़', gu: 'બેંક દસ્તાવેજ' },
  medical: { en: 'Medical record', hi: 'चिकित्सा रिकॉर्ड', gu: 'તબીબી રેકોર્ડ' },
  property: { en: 'Property document', hi: 'संपत्ति दस्तावेज़', gu: 'મિલકત દસ્તાવેજ' },
  other: { en: 'Other', hi: 'अन्य', gu: 'અન્ય' },
} as const;

export type DocTag = keyof typeof DOC_TAGS;
export const DOC_TAG_CODES = Object.keys(DOC_TAGS) as DocTag[];

/** Tags whose name, in any language, contains `query` (search matches tags by their names). */
export function tagsMatching(query: string): DocTag[] {
  const q = query.toLocaleLowerCase();
  return DOC_TAG_CODES.filter((code) => code.includes(q) || Object.values(DOC_TAGS[code]).some((label) => label.toLocaleLowerCase().includes(q)));
}
