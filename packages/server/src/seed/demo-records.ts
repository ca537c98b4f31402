import { createHash } from 'node:crypto';
import { DEMO_RESIDENTS, type DemoResident } from '../adapters/aadhaar/sandbox/demo-residents.js';

/**
 * DEMO DATA: the records that the demo issuers hold about the Aadhaar sandbox's residents,
 * derived deterministically from each resident so every installation has the same ones.
 */
export interface DemoRecord {
  orgId: string;
  docType: string;
  parameters: Record<string, string>;
  docId: string;
  holder: { name: string; nameLocal?: string; dob: string };
  fields: Record<string, string>;
  issuedOn: string;
  validFrom?: string;
  validTo?: string;
  /** The sandbox resident it belongs to (for the developer listing). */
  aadhaarNumber: string;
}

const STATE_CODES: Record<string, string> = {
  Gujarat: 'GJ',
  Maharashtra: 'MH',
  'Uttar Pradesh': 'UP',
  Bihar: 'BR',
  'Tamil Nadu': 'TN',
  'West Bengal': 'WB',
  Karnataka: 'KA',
  Rajasthan: 'RJ',
  Kerala: 'KL',
  Punjab: 'PB',
  Delhi: 'DL',
  'Madhya Pradesh': 'MP',
  Odisha: 'OD',
  Telangana: 'TS',
  Assam: 'AS',
};
const SUBJECTS_XII = ['English Core', 'Hindi Core', 'Mathematics', 'Physics', 'Chemistry'];
const SUBJECTS_X = ['English', 'Hindi', 'Mathematics', 'Science', 'Social Science'];
const TODAY = '2026-11-23';

function rng(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest();
  let i = 0;
  return () => {
    if (i + 4 > state.length) {
      state = createHash('sha256').update(state).digest();
      i = 0;
    }
    const v = state.readUInt32BE(i) / 2 ** 32;
    i += 4;
    return v;
  };
}

function digits(r: () => number, n: number): string {
  return Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
}

function addYears(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
}

function marks(r: () => number, subjects: string[]): { fields: Record<string, string>; percent: string } {
  const fields: Record<string, string> = {};
  let total = 0;
  subjects.forEach((s, i) => {
    const m = 55 + Math.floor(r() * 45);
    total += m;
    fields[`subject${i + 1}`] = `${s}: ${m}`;
  });
  return { fields, percent: (total / subjects.length).toFixed(1) };
}

function recordsFor(p: DemoResident): DemoRecord[] {
  const r = rng(p.aadhaarNumber);
  const holder = { name: p.name, ...(p.nameLocal ? { nameLocal: p.nameLocal } : {}), dob: p.dob };
  const born = Number(p.dob.slice(0, 4));
  const out: DemoRecord[] = [];
  const base = { holder, aadhaarNumber: p.aadhaarNumber };
  const school = `${p.address.vtc} Public School, ${p.address.district}`;

  for (const [docType, age, subjects, title] of [
    ['SSCER', 16, SUBJECTS_X, 'Secondary School Examination'],
    ['HSCER', 18, SUBJECTS_XII, 'Senior School Certificate Examination'],
  ] as const) {
    const year = born + age;
    if (year > 2026 || year < 1990) continue;
    const roll = digits(r, 8);
    const { fields, percent } = marks(r, [...subjects]);
    out.push({
      ...base,
      orgId: 'in.gov.cbse',
      docType,
      parameters: { RollNo: roll, Year: String(year) },
      docId: `${year}${roll}`,
      fields: { examination: `${title} ${year}`, school, rollNo: roll, ...fields, percentage: percent, result: 'PASS' },
      issuedOn: `${year}-05-${String(10 + Math.floor(r() * 15)).padStart(2, '0')}`,
    });
  }

  const adult = addYears(p.dob, 18) <= TODAY;
  if (adult) {
    const state = STATE_CODES[p.address.state] ?? 'DL';
    const issued = addYears(p.dob, 18 + Math.floor(r() * 8));
    const dl = `${state}${String(1 + Math.floor(r() * 30)).padStart(2, '0')}${issued.slice(0, 4)}${digits(r, 7)}`;
    out.push({
      ...base,
      orgId: 'in.gov.transport',
      docType: 'DRVLC',
      parameters: { DLNo: dl },
      docId: dl,
      fields: {
        licenceNo: dl,
        classes: 'LMV, MCWG',
        rto: `RTO ${p.address.district}`,
        bloodGroup: ['A+', 'B+', 'O+', 'AB+'][Math.floor(r() * 4)]!,
        address: `${p.address.vtc}, ${p.address.state} ${p.address.pincode}`,
      },
      issuedOn: issued > TODAY ? TODAY : issued,
      validFrom: issued > TODAY ? TODAY : issued,
      validTo: addYears(p.dob, 50) > addYears(issued, 20) ? addYears(issued, 20) : addYears(p.dob, 50),
    });

    const surname = p.name.split(' ').at(-1)!.toUpperCase();
    const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
    const pan = `${letters[Math.floor(r() * 24)]}${letters[Math.floor(r() * 24)]}${letters[Math.floor(r() * 24)]}P${surname[0]}${digits(r, 4)}${letters[Math.floor(r() * 24)]}`;
    out.push({
      ...base,
      orgId: 'in.gov.pan',
      docType: 'PANCR',
      parameters: { PAN: pan },
      docId: pan,
      fields: { pan, fatherName: p.address.careOf?.replace(/^[A-Z]\/O:\s*/, '') ?? '—', dateOfBirth: p.dob },
      issuedOn: addYears(p.dob, 19),
    });

    if (p.address.state === 'Gujarat') {
      const cert = `GJ${p.address.pincode.slice(0, 3)}${digits(r, 9)}`;
      const income = 60_000 + Math.floor(r() * 400) * 1000;
      out.push({
        ...base,
        orgId: 'in.gov.gujarat.edistrict',
        docType: 'INCER',
        parameters: { CertificateNo: cert },
        docId: cert,
        fields: { annualIncome: `₹${income.toLocaleString('en-IN')}`, financialYear: '2025-26', taluka: p.address.vtc, district: p.address.district },
        issuedOn: '2026-04-15',
        validFrom: '2026-04-15',
        validTo: '2027-03-31',
      });
    }
  }
  return out;
}

export const DEMO_RECORDS: readonly DemoRecord[] = DEMO_RESIDENTS.flatMap(recordsFor);
