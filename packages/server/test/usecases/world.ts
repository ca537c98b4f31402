import { Readable } from 'node:stream';
import { eicarScanner } from '../../src/adapters/antivirus/eicar-scanner.js';
import { createDomainDeps } from '../../src/app.js';
import type { DomainDeps, RequestContext } from '../../src/domain/context.js';
import type { IssuerActor, OperatorActor, ResidentActor } from '../../src/domain/actors.js';
import { findIssuer } from '../../src/domain/issuers/find-issuer.js';
import { authenticateSession } from '../../src/domain/sessions/authenticate-session.js';
import type { UploadDeps } from '../../src/domain/uploads/upload-deps.js';
import { uploadFile } from '../../src/domain/uploads/upload-file.js';
import type { Dialect } from '../../src/db/create-db.js';
import type { IssuerRow } from '../../src/repositories/issuers.repository.js';
import { issueTo } from '../support/requesters.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile } from '../support/upload-fixtures.js';

/** A signed-up resident as the use-cases see them: the actor, plus what a test needs to act as them. */
export interface Resident extends SignedUp {
  actor: ResidentActor;
  /** The session token (the cookie's value). */
  token: string;
}

/**
 * Everything the wrong-actor cases need, on a real database: the demo directory (four issuers,
 * their staff, the operator), a resident who owns things (an issued document, an uploaded PDF)
 * and a stranger who tries to reach them. Cases that change state make their own data.
 */
export interface World {
  t: TestApp;
  deps: DomainDeps;
  uploads: UploadDeps;
  ctx: RequestContext;
  owner: Resident;
  /** Another resident, with a PIN of their own (so the owner's PIN is wrong for them). */
  stranger: Resident;
  newResident(options?: { pin?: string }): Promise<Resident>;
  operator: OperatorActor;
  /** CBSE's console staff; CBSE issued the owner's document. */
  cbse: IssuerActor;
  /** CBSE acting through an API key (a machine). */
  cbseApiKey: IssuerActor;
  /** Another issuer's console staff. */
  transport: IssuerActor;
  cbseIssuer: IssuerRow;
  /** A CBSE document in the owner's locker. */
  ownerDocument: string;
  /** A PDF in the owner's drive (scanned clean). */
  ownerFile: string;
  uploadPdf(r: Resident, seed: number): Promise<string>;
}

export async function buildWorld(dialect: Dialect): Promise<World> {
  const t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
  const deps = createDomainDeps(t.runtime);
  const uploads: UploadDeps = { ...deps, uploads: t.config.uploads, scanner: eicarScanner() };
  const newResident = async (options: { pin?: string } = {}): Promise<Resident> => {
    const r = await signUp(t, options);
    const token = r.cookie.slice('tijori_session='.length);
    return { ...r, token, actor: (await authenticateSession(deps, token)).actor };
  };
  const owner = await newResident();
  const stranger = await newResident({ pin: '731526' });
  const cbseIssuer = await findIssuer(deps, 'in.gov.cbse');
  const transportIssuer = await findIssuer(deps, 'in.gov.transport');
  const uploadPdf = async (r: Resident, seed: number) =>
    (await uploadFile(uploads, r.actor, { body: Readable.from([pdfFile(1, `% ${seed}\n`)]), name: `file-${seed}.pdf` }, null)).id;
  return {
    t,
    deps,
    uploads,
    ctx: { ip: '203.0.113.9', device: 'use-case test' },
    owner,
    stranger,
    newResident,
    operator: { kind: 'operator', staffId: 'usecase-operator' },
    cbse: { kind: 'issuer', issuerId: cbseIssuer.id, via: 'staff', principalId: 'usecase-cbse-staff' },
    cbseApiKey: { kind: 'issuer', issuerId: cbseIssuer.id, via: 'api_key', principalId: 'usecase-cbse-key' },
    transport: { kind: 'issuer', issuerId: transportIssuer.id, via: 'staff', principalId: 'usecase-transport-staff' },
    cbseIssuer,
    ownerDocument: await issueTo(t, owner.mobile),
    ownerFile: await uploadPdf(owner, 1),
    uploadPdf,
  };
}
