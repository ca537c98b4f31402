import { DEMO_RECORDS } from '../../server/src/seed/demo-records.js';
import type { BrowserContext, Page } from 'playwright-core';
import { linkAadhaar, sandboxResidents, signUp } from './support.js';

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

/**
 * Signs up a fresh resident on `page` and links the Aadhaar of one with a marksheet to pull
 * (residentWithMarksheet): the PAN card pushed to that Aadhaar is waited for under Issued.
 */
export async function lockerWithPan(page: Page, context: BrowserContext, baseUrl: string, seen: Set<string>) {
  const { resident, marksheet } = await residentWithMarksheet(baseUrl);
  await signUp(page, context, baseUrl, seen);
  await linkAadhaar(page, context, baseUrl, resident, seen);
  await page.getByRole('navigation').getByTestId('nav-issued').click();
  const pan = page.locator('[data-testid=document][data-doc-type=PANCR]');
  await pan.waitFor();
  return { resident, marksheet, pan };
}
