import type { LanguageCode } from './languages';

/**
 * Names of India's states and union territories. The directory stores them in English (its
 * filter value); readers see them in their own script.
 */
const STATES: Record<string, { hi: string; gu: string }> = {
  'Andhra Pradesh': { hi: 'आंध्र प्रदेश', gu: 'આંધ્ર પ્રદેશ' },
  'Arunachal Pradesh': { hi: 'अरुणाचल प्रदेश', gu: 'અરુણાચલ પ્રદેશ' },
  Assam: { hi: 'असम', gu: 'આસામ' },
  Bihar: { hi: 'बिहार', gu: 'બિહાર' },
  Chhattisgarh: { hi: 'छत्तीसगढ़', gu: 'છત્તીસગઢ' },
  Goa: { hi: 'गोवा', gu: 'ગોવા' },
  Gujarat: { hi: 'गुजरात', gu: 'ગુજરાત' },
  Haryana: { hi: 'हरियाणा', gu: 'હરિયાણા' },
  'Himachal Pradesh': { hi: 'हिमाचल प्रदेश', gu: 'હિમાચલ પ્રદેશ' },
  Jharkhand: { hi: 'झारखंड', gu: 'ઝારખંડ' },
  Karnataka: { hi: 'कर्नाटक', gu: 'કર્ણાટક' },
  Kerala: { hi: 'केरल', gu: 'કેરળ' },
  'Madhya Pradesh': { hi: 'मध्य प्रदेश', gu: 'મધ્ય પ્રદેશ' },
  Maharashtra: { hi: 'महाराष्ट्र', gu: 'મહારાષ્ટ્ર' },
  Manipur: { hi: 'मणिपुर', gu: 'મણિપુર' },
  Meghalaya: { hi: 'मेघालय', gu: 'મેઘાલય' },
  Mizoram: { hi: 'मिज़ोरम', gu: 'મિઝોરમ' },
  Nagaland: { hi: 'नगालैंड', gu: 'નાગાલેન્ડ' },
  Odisha: { hi: 'ओडिशा', gu: 'ઓડિશા' },
  Punjab: { hi: 'पंजाब', gu: 'પંજાબ' },
  Rajasthan: { hi: 'राजस्थान', gu: 'રાજસ્થાન' },
  Sikkim: { hi: 'सिक्किम', gu: 'સિક્કિમ' },
  'Tamil Nadu': { hi: 'तमिलनाडु', gu: 'તમિલનાડુ' },
  Telangana: { hi: 'तेलंगाना', gu: 'તેલંગાણા' },
  Tripura: { hi: 'त्रिपुरा', gu: 'ત્રિપુરા' },
  'Uttar Pradesh': { hi: 'उत्तर प्रदेश', gu: 'ઉત્તર પ્રદેશ' },
  Uttarakhand: { hi: 'उत्तराखंड', gu: 'ઉત્તરાખંડ' },
  'West Bengal': { hi: 'पश्चिम बंगाल', gu: 'પશ્ચિમ બંગાળ' },
  'Andaman and Nicobar Islands': { hi: 'अंडमान और निकोबार द्वीपसमूह', gu: 'આંદામાન અને નિકોબાર ટાપુઓ' },
  Chandigarh: { hi: 'चंडीगढ़', gu: 'ચંડીગઢ' },
  'Dadra and Nagar Haveli and Daman and Diu': { hi: 'दादरा और नगर हवेली और दमन और दीव', gu: 'દાદરા અને નગર હવેલી અને દમણ અને દીવ' },
  Delhi: { hi: 'दिल्ली', gu: 'દિલ્હી' },
  'Jammu and Kashmir': { hi: 'जम्मू और कश्मीर', gu: 'જમ્મુ અને કાશ્મીર' },
  Ladakh: { hi: 'लद्दाख', gu: 'લદ્દાખ' },
  Lakshadweep: { hi: 'लक्षद्वीप', gu: 'લક્ષદ્વીપ' },
  Puducherry: { hi: 'पुदुच्चेरी', gu: 'પુડુચેરી' },
};

export function stateName(state: string, lang: LanguageCode): string {
  if (lang === 'en') return state;
  return STATES[state]?.[lang] ?? state;
}
