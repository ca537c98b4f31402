import { describe, expect, it } from 'vitest';
import { isValidAadhaar } from '../../../domain/aadhaar/verhoeff.js';
import { LOCAL_SCRIPTS } from '../aadhaar-adapter.js';
import { DEMO_RESIDENTS, findDemoResident } from './demo-residents.js';
import { listSandboxResidents } from './index.js';

/** Numbers published as examples (UIDAI test data, documentation): none may be a demo resident. */
const FAMOUS = ['234123412346', '999999990019', '999941057058', '999971658847', '999933119405', '999955183433', '999990501894', '499118665246'];

const SCRIPT_OF: Record<string, RegExp> = {
  Deva: /^[\p{Script=Devanagari}\s.:]+$/u,
  Gujr: /^[\p{Script=Gujarati}\s.:]+$/u,
  Taml: /^[\p{Script=Tamil}\s.:]+$/u,
  Beng: /^[\p{Script=Bengali}\s.:]+$/u,
  Knda: /^[\p{Script=Kannada}\s.:]+$/u,
  Guru: /^[\p{Script=Gurmukhi}\s.:]+$/u,
  Mlym: /^[\p{Script=Malayalam}\s.:]+$/u,
};

function ageOn(dob: string, now: Date): number {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age--;
  return age;
}

describe('Tijori Aadhaar sandbox demo residents', () => {
  it('are at least 22, each with a valid, unique, non-famous Aadhaar number', () => {
    expect(DEMO_RESIDENTS.length).toBeGreaterThanOrEqual(22);
    for (const r of DEMO_RESIDENTS) {
      expect(isValidAadhaar(r.aadhaarNumber), r.name).toBe(true);
      expect(FAMOUS).not.toContain(r.aadhaarNumber);
    }
    const numbers = DEMO_RESIDENTS.map((r) => r.aadhaarNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    // Distinct last four digits too, so masked numbers tell them apart on screen.
    expect(new Set(numbers.map((n) => n.slice(-4))).size).toBe(numbers.length);
  });

  it('each have a distinct 10-digit Indian mobile', () => {
    const mobiles = DEMO_RESIDENTS.map((r) => r.mobile);
    for (const m of mobiles) expect(m).toMatch(/^[6-9][0-9]{9}$/);
    expect(new Set(mobiles).size).toBe(mobiles.length);
    expect(new Set(mobiles.map((m) => m.slice(-4))).size).toBe(mobiles.length);
  });

  it('cover the scripts, genders, ages and states the product needs', () => {
    const withScript = (s: string) => DEMO_RESIDENTS.filter((r) => r.localScript === s && r.nameLocal);
    expect(withScript('Deva').length).toBeGreaterThanOrEqual(6);
    expect(withScript('Gujr').length).toBeGreaterThanOrEqual(5);
    expect(DEMO_RESIDENTS.some((r) => !r.nameLocal)).toBe(true);
    const genders = new Set(DEMO_RESIDENTS.map((r) => r.gender));
    expect([...genders].sort()).toEqual(['F', 'M', 'T']);
    const states = new Set(DEMO_RESIDENTS.map((r) => r.address.state));
    expect(states.size).toBeGreaterThanOrEqual(8);
    for (const s of ['Gujarat', 'Maharashtra', 'Uttar Pradesh', 'Bihar', 'Tamil Nadu', 'West Bengal', 'Karnataka', 'Rajasthan']) expect(states).toContain(s);
    const today = new Date();
    expect(DEMO_RESIDENTS.filter((r) => ageOn(r.dob, today) < 18).length).toBeGreaterThanOrEqual(1);
    expect(DEMO_RESIDENTS.filter((r) => ageOn(r.dob, today) >= 70).length).toBeGreaterThanOrEqual(3);
  });

  it('have well-formed details, local names in their own script, and local addresses for Gujarati and Hindi/Marathi', () => {
    for (const r of DEMO_RESIDENTS) {
      expect(r.name.trim()).toBe(r.name);
      expect(r.dob).toMatch(/^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/);
      expect(new Date(`${r.dob}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r.dob);
      for (const a of [r.address, r.addressLocal]) {
        if (!a) continue;
        expect(a.pincode).toMatch(/^[1-9][0-9]{5}$/);
        for (const v of [a.vtc, a.district, a.state]) expect(v.trim().length).toBeGreaterThan(0);
      }
      if (r.nameLocal || r.addressLocal) expect(LOCAL_SCRIPTS).toContain(r.localScript);
      if (r.nameLocal) expect(r.nameLocal, r.name).toMatch(SCRIPT_OF[r.localScript!]!);
      if (r.localScript === 'Gujr' || r.localScript === 'Deva') {
        expect(r.addressLocal, r.name).toBeDefined();
        expect(r.addressLocal!.pincode).toBe(r.address.pincode);
        expect(r.addressLocal!.state).toMatch(SCRIPT_OF[r.localScript]!);
      }
    }
  });

  it('can be found by number', () => {
    const r = DEMO_RESIDENTS[0]!;
    expect(findDemoResident(r.aadhaarNumber)).toBe(r);
    expect(findDemoResident('234123412346')).toBeUndefined();
  });
});

describe('listSandboxResidents', () => {
  it('lists every demo resident for developers, with full and masked number and mobile', () => {
    const list = listSandboxResidents();
    expect(list).toHaveLength(DEMO_RESIDENTS.length);
    for (const [i, row] of list.entries()) {
      const r = DEMO_RESIDENTS[i]!;
      expect(row).toMatchObject({ aadhaarNumber: r.aadhaarNumber, name: r.name, dob: r.dob, gender: r.gender, state: r.address.state, mobile: r.mobile });
      expect(row.nameLocal).toBe(r.nameLocal);
      expect(row.maskedAadhaar).toBe(`XXXX XXXX ${r.aadhaarNumber.slice(-4)}`);
      expect(row.maskedMobile).toBe(`XXXXXX${r.mobile.slice(-4)}`);
    }
  });
});
