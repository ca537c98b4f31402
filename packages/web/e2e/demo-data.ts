import { DEMO_RECORDS } from '../../server/src/seed/demo-records.js';
import { sandboxResidents } from './support.js';

/** A sandbox resident with a CBSE class XII marksheet to pull and a PAN card pushed to their Aadhaar. */
export async function residentWithMarksheet(baseUrl: string, skip = 0) {
  const residents = await sandboxResidents(baseUrl);
  const fit = residents.filter((r) => {
    const records = DEMO_RECORDS.filter((d) => d.aadhaarNumber === r.aadhaarNumber);
    return records.some((d) => d.docType === 'HSCER') && records.some((d) => d.docType === 'PANCR');
  });
  const resident = fit[skip]!;
  const marksheet = DEMO_RECORDS.find((d) => d.aadhaarNumber === resident.aadhaarNumber && d.docType === 'HSCER')!;
  return { resident, marksheet };
}
