import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../support/test-app.js';

/** An NSS database trusting only the given root, as the reference suggests for pdfsig. */
export async function nssWithRoot(rootPem: string): Promise<string> {
  const dir = await tempDir('tijori-nss-');
  await fs.writeFile(path.join(dir, 'root.pem'), rootPem);
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'tijori-root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]);
  return dir;
}

/** pdfsig's report of a PDF (it exits non-zero for an invalid signature; the text says why). */
export async function pdfsig(nssDir: string, pdf: Buffer): Promise<string> {
  const dir = await tempDir('tijori-pdfsig-');
  const file = path.join(dir, 'doc.pdf');
  await fs.writeFile(file, pdf);
  const res = spawnSync('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8' });
  return `${res.stdout}${res.stderr}`;
}

/** Runs openssl; returns its exit status and output. */
export function openssl(args: string[]): { status: number | null; output: string } {
  const res = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}
