import type { DomainDeps } from '../domain/context.js';
import type { HostActor, OperatorActor } from '../domain/actors.js';
import { createDocumentType, type CreateDocumentTypeInput } from '../domain/issuers/create-document-type.js';
import { createIssuer, type CreateIssuerInput } from '../domain/issuers/create-issuer.js';
import { findIssuer } from '../domain/issuers/find-issuer.js';
import { issueDocuments } from '../domain/documents/issue-documents.js';
import { uploadHostedRecords } from '../domain/pull/hosted-records.js';
import { createStaffUser } from '../domain/staff/staff-accounts.js';
import { enrolDemoOperatorTotp } from './demo-operator-totp.js';
import { DEMO_RECORDS } from './demo-records.js';
import { AppError } from '../lib/errors.js';

/** DEMO DATA, for the embedded development default only (never in production mode). */
export const DEMO_OPERATOR = { username: 'operator', password: 'tijori-operator-demo' };
export const DEMO_ISSUER_STAFF_PASSWORD = 'tijori-issuer-demo';

const text = (en: string, hi: string, gu: string) => ({ en, hi, gu });

const ISSUERS: (CreateIssuerInput & { staff: string; types: CreateDocumentTypeInput[] })[] = [
  {
    orgId: 'in.gov.cbse',
    names: text('Central Board of Secondary Education (demo)', 'केंद्रीय माध्यमिक शिक्षा बोर्ड (डेमो)', 'કેન્દ્રીય માધ્યમિક શિક્ષણ બોર્ડ (ડેમો)'),
    category: 'Education',
    pullMode: 'hosted',
    staff: 'cbse',
    types: (['HSCER', 'SSCER'] as const).map((code) => ({
      code,
      names: code === 'HSCER' ? text('Class XII Marksheet', 'कक्षा XII अंकपत्र', 'ધોરણ XII ગુણપત્રક') : text('Class X Marksheet', 'कक्षा X अंकपत्र', 'ધોરણ X ગુણપત્રક'),
      template: 'marksheet' as const,
      parameters: [
        { name: 'RollNo', label: text('Roll number', 'अनुक्रमांक', 'રોલ નંબર'), example: '12345678', pattern: '[0-9]{8}' },
        { name: 'Year', label: text('Year of passing', 'उत्तीर्ण होने का वर्ष', 'પાસ થયાનું વર્ષ'), example: '2014', pattern: '(19|20)[0-9]{2}' },
      ],
      fields: [
        { key: 'examination', label: text('Examination', 'परीक्षा', 'પરીક્ષા'), required: true },
        { key: 'school', label: text('School', 'विद्यालय', 'શાળા') },
        { key: 'rollNo', label: text('Roll number', 'अनुक्रमांक', 'રોલ નંબર'), required: true },
        ...[1, 2, 3, 4, 5].map((n) => ({ key: `subject${n}`, label: text(`Subject ${n}`, `विषय ${n}`, `વિષય ${n}`), group: 'subjects' })),
        { key: 'percentage', label: text('Percentage', 'प्रतिशत', 'ટકાવારી') },
        { key: 'result', label: text('Result', 'परिणाम', 'પરિણામ'), required: true },
      ],
    })),
  },
  {
    orgId: 'in.gov.transport',
    names: text('Ministry of Road Transport and Highways (demo)', 'सड़क परिवहन और राजमार्ग मंत्रालय (डेमो)', 'માર્ગ પરિવહન અને ધોરીમાર્ગ મંત્રાલય (ડેમો)'),
    category: 'Transport',
    pullMode: 'hosted',
    staff: 'transport',
    types: [
      {
        code: 'DRVLC',
        names: text('Driving Licence', 'ड्राइविंग लाइसेंस', 'ડ્રાઇવિંગ લાયસન્સ'),
        template: 'licence',
        parameters: [
          {
            name: 'DLNo',
            label: text('Driving licence number', 'ड्राइविंग लाइसेंस संख्या', 'ડ્રાઇવિંગ લાયસન્સ નંબર'),
            example: 'GJ0120140012345',
            pattern: '[A-Z]{2}[0-9]{13}',
          },
        ],
        fields: [
          { key: 'licenceNo', label: text('Licence number', 'लाइसेंस संख्या', 'લાયસન્સ નંબર'), required: true },
          { key: 'classes', label: text('Vehicle classes', 'वाहन श्रेणियाँ', 'વાહન વર્ગો') },
          { key: 'rto', label: text('Licensing authority', 'लाइसेंस प्राधिकारी', 'લાયસન્સ સત્તામંડળ') },
          { key: 'bloodGroup', label: text('Blood group', 'रक्त समूह', 'રક્ત જૂથ') },
          { key: 'address', label: text('Address', 'पता', 'સરનામું') },
        ],
      },
    ],
  },
  {
    orgId: 'in.gov.pan',
    names: text('Income Tax Department (demo)', 'आयकर विभाग (डेमो)', 'આવકવેરા વિભાગ (ડેમો)'),
    category: 'Finance',
    pullMode: 'hosted',
    staff: 'pan',
    types: [
      {
        code: 'PANCR',
        names: text('PAN Card', 'पैन कार्ड', 'પાન કાર્ડ'),
        template: 'card',
        parameters: [{ name: 'PAN', label: text('PAN', 'पैन', 'પાન'), example: 'ABCPE1234F', pattern: '[A-Z]{5}[0-9]{4}[A-Z]' }],
        fields: [
          { key: 'pan', label: text('Permanent Account Number', 'स्थायी खाता संख्या', 'કાયમી ખાતા નંબર'), required: true },
          { key: 'fatherName', label: text("Father's / spouse's name", 'पिता / पति का नाम', 'પિતા / પતિનું નામ') },
          { key: 'dateOfBirth', label: text('Date of birth', 'जन्म तिथि', 'જન્મ તારીખ') },
        ],
      },
    ],
  },
  {
    orgId: 'in.gov.gujarat.edistrict',
    names: text('e-District, Government of Gujarat (demo)', 'ई-डिस्ट्रिक्ट, गुजरात सरकार (डेमो)', 'ઈ-ડિસ્ટ્રિક્ટ, ગુજરાત સરકાર (ડેમો)'),
    category: 'Revenue',
    state: 'Gujarat',
    pullMode: 'hosted',
    staff: 'edistrict',
    types: [
      {
        code: 'INCER',
        names: text('Income Certificate', 'आय प्रमाण पत्र', 'આવકનો દાખલો'),
        template: 'certificate',
        parameters: [
          { name: 'CertificateNo', label: text('Certificate number', 'प्रमाण पत्र संख्या', 'દાખલા નંબર'), example: 'GJ380123456789', pattern: 'GJ[0-9]{12}' },
        ],
        fields: [
          { key: 'annualIncome', label: text('Annual family income', 'वार्षिक पारिवारिक आय', 'વાર્ષિક કૌટુંબિક આવક'), required: true },
          { key: 'financialYear', label: text('Financial year', 'वित्तीय वर्ष', 'નાણાકીય વર્ષ') },
          { key: 'taluka', label: text('Taluka', 'तालुका', 'તાલુકો') },
          { key: 'district', label: text('District', 'ज़िला', 'જિલ્લો') },
        ],
      },
    ],
  },
];

/** The demo's console accounts are made by the host, as `create-operator` makes an operator's. */
const SEED: HostActor = { kind: 'host', command: 'seed-demo' };

/**
 * Seeds the demo directory once: four issuers with document types, console accounts, hosted
 * records for the sandbox residents (to pull), and PAN cards pushed by Aadhaar (which appear
 * by themselves when a resident links that Aadhaar). Does nothing if already seeded.
 */
export async function seedDemoDirectory(deps: DomainDeps): Promise<boolean> {
  if (await deps.repos.issuers.findByOrgId('in.gov.cbse')) {
    // A data folder seeded before operators needed a second factor: the demo operator gets it now.
    await enrolDemoOperatorTotp(deps, DEMO_OPERATOR);
    return false;
  }
  const operator: OperatorActor = { kind: 'operator', staffId: 'seed' };
  // Several processes may start at once on one database: every step tolerates another
  // process having done it first, and issuing and record upload are idempotent anyway.
  if ((await deps.repos.staff.countOperators()) === 0) {
    await alreadyDone(createStaffUser(deps, SEED, { ...DEMO_OPERATOR, name: 'Demo operator', role: 'operator' }));
  }
  await enrolDemoOperatorTotp(deps, DEMO_OPERATOR);
  for (const { types, staff, ...issuer } of ISSUERS) {
    await alreadyDone(createIssuer(deps, operator, issuer));
    const created = await findIssuer(deps, issuer.orgId);
    for (const type of types) await alreadyDone(createDocumentType(deps, operator, issuer.orgId, type));
    await alreadyDone(
      createStaffUser(deps, SEED, {
        username: staff,
        password: DEMO_ISSUER_STAFF_PASSWORD,
        name: `${issuer.names.en} staff`,
        role: 'issuer',
        issuerId: created.id,
      }),
    );
  }
  const byType = new Map<string, (typeof DEMO_RECORDS)[number][]>();
  for (const r of DEMO_RECORDS) byType.set(`${r.orgId}|${r.docType}`, [...(byType.get(`${r.orgId}|${r.docType}`) ?? []), r]);
  for (const [key, records] of byType) {
    const [orgId, docType] = key.split('|') as [string, string];
    if (docType === 'PANCR') {
      const issuer = await findIssuer(deps, orgId);
      await issueDocuments(
        deps,
        operator,
        issuer,
        records.map((r) => ({
          docType,
          docId: r.docId,
          holder: { aadhaar: r.aadhaarNumber, name: r.holder.name, dob: r.holder.dob },
          fields: r.fields,
          issuedOn: r.issuedOn,
        })),
      );
    }
    await uploadHostedRecords(deps, operator, orgId, docType, records);
  }
  return true;
}

async function alreadyDone(step: Promise<unknown>): Promise<void> {
  try {
    await step;
  } catch (err) {
    if (!(err instanceof AppError && (err.code === 'conflict' || err.code === 'username_taken'))) throw err;
  }
}
