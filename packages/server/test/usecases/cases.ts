import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { listActivity } from '../../src/domain/activity/list-activity.js';
import { verifyActivityChain } from '../../src/domain/activity/verify-activity.js';
import { listAudit, verifyAudit } from '../../src/domain/audit/audit-log.js';
import { completePinRecovery } from '../../src/domain/auth/complete-pin-recovery.js';
import { startRecoveryAadhaarOtp, verifyRecoveryAadhaarOtp } from '../../src/domain/auth/pin-recovery-factors.js';
import { resendOtp } from '../../src/domain/auth/resend-otp.js';
import { startPinRecovery, verifyPinRecovery } from '../../src/domain/auth/start-pin-recovery.js';
import { createBulkJob, getBulkJob, listBulkJobs, listRejections } from '../../src/domain/bulk/bulk-jobs.js';
import { createStatusJob, runStatusJob } from '../../src/domain/bulk/status-jobs.js';
import { confirmConsentRequest, denyConsentRequest, verifyConsentRequest, viewConsentRequest } from '../../src/domain/consents/consent-requests.js';
import {
  authenticateRequesterToken,
  requesterFile,
  requesterIssuedFiles,
  requesterUserDetails,
  requesterXml,
} from '../../src/domain/consents/requester-access.js';
import type { BulkSystemActor, PullSystemActor, RequesterActor } from '../../src/domain/actors.js';
import { exportConsents } from '../../src/domain/consents/export-consents.js';
import { requesterEaadhaar } from '../../src/domain/consents/requester-eaadhaar.js';
import { requesterDriveFolder, requesterUploadedFile, uploadedFileUri } from '../../src/domain/consents/requester-drive.js';
import { requesterPullDocument } from '../../src/domain/consents/requester-pull.js';
import { requesterUpload } from '../../src/domain/consents/requester-upload.js';
import { listConsents, withdrawConsent } from '../../src/domain/consents/resident-consents.js';
import { exchangeCode, refreshTokens, revokeToken } from '../../src/domain/consents/tokens.js';
import { exchangeDeviceCode, startDeviceAuthorization } from '../../src/domain/consents/device-flow.js';
import { changeDocumentStatus } from '../../src/domain/documents/change-document-status.js';
import { ownedDocument } from '../../src/domain/documents/document-artifacts.js';
import { documentPdf } from '../../src/domain/documents/document-pdf.js';
import { documentXml } from '../../src/domain/documents/document-xml.js';
import type { HolderRef } from '../../src/domain/documents/holders.js';
import { issueDocuments, prepareDocuments } from '../../src/domain/documents/issue-documents.js';
import { listResidentDocuments } from '../../src/domain/documents/list-resident-documents.js';
import { applyPushRecords } from '../../src/domain/documents/push-uri-records.js';
import { pushUriToLocker } from '../../src/domain/documents/push-uri-account.js';
import { reclaimPulledDocument } from '../../src/domain/documents/reclaim-document.js';
import { searchIssuedDocuments } from '../../src/domain/documents/search-issued-documents.js';
import { updateDocument } from '../../src/domain/documents/update-document.js';
import { confirmEsign } from '../../src/domain/esign/confirm-esign.js';
import { loadOwned, startEsign } from '../../src/domain/esign/start-esign.js';
import { tijoriEsp } from '../../src/domain/esign/tijori-esp.js';
import { createDocumentType } from '../../src/domain/issuers/create-document-type.js';
import { createIssuer } from '../../src/domain/issuers/create-issuer.js';
import { createIssuerCredential, listIssuerCredentials, revokeIssuerCredential, setCredentialLegacy } from '../../src/domain/issuers/issuer-credentials.js';
import { readIssuerStats } from '../../src/domain/issuers/read-issuer-stats.js';
import { rotateSigningKey } from '../../src/domain/issuers/signing.js';
import { getIssuerSettings, updateIssuer } from '../../src/domain/issuers/update-issuer.js';
import { listNotifications, markNotificationsRead } from '../../src/domain/notifications/list-notifications.js';
import { uploadHostedRecords } from '../../src/domain/pull/hosted-records.js';
import { pullDocument } from '../../src/domain/pull/pull-document.js';
import {
  listRequesters,
  registerRequester,
  rotateRequesterSecret,
  setRequesterStatus,
  setVerifiedMobileTrust,
} from '../../src/domain/requesters/manage-requesters.js';
import { removeRequesterLogo, setRequesterLogo } from '../../src/domain/requesters/requester-logo.js';
import { authenticateClient } from '../../src/domain/requesters/requester-secret.js';
import { startMobileChange, verifyMobileChange } from '../../src/domain/residents/change-mobile.js';
import { startPinChange, verifyPinChange } from '../../src/domain/residents/change-pin.js';
import { startAccountDeletion, verifyAccountDeletion } from '../../src/domain/residents/delete-account.js';
import { getMe, updateMe } from '../../src/domain/residents/get-me.js';
import { resendAadhaarOtp, startAadhaarLink, verifyAadhaarLink } from '../../src/domain/residents/link-aadhaar.js';
import { readPhoto } from '../../src/domain/residents/read-photo.js';
import { reauthenticateWithPin } from '../../src/domain/residents/reauthenticate.js';
import { authenticateSession } from '../../src/domain/sessions/authenticate-session.js';
import { endSession, signOutEverywhere } from '../../src/domain/sessions/end-session.js';
import { listSessions } from '../../src/domain/sessions/list-sessions.js';
import { createShare } from '../../src/domain/shares/create-share.js';
import { extendShare } from '../../src/domain/shares/extend-share.js';
import { listShares } from '../../src/domain/shares/list-shares.js';
import { downloadSharedFile, openShare } from '../../src/domain/shares/open-share.js';
import { revokeAllShares, revokeShare } from '../../src/domain/shares/revoke-share.js';
import { readStatistics } from '../../src/domain/statistics/read-statistics.js';
import { binUploadedFile, restoreUploadedFile } from '../../src/domain/uploads/bin-file.js';
import { combinePhotos } from '../../src/domain/uploads/combine-photos.js';
import { uploadedEsignDocuments } from '../../src/domain/uploads/esign-uploads.js';
import { findOwnedFile, findOwnedFolder } from '../../src/domain/uploads/find-owned.js';
import { createFolder, deleteFolder, listFolders, updateFolder } from '../../src/domain/uploads/folders.js';
import { listDrive } from '../../src/domain/uploads/list-drive.js';
import { getUploadedFile, getUploadedFileForOwner, openUploadedFile } from '../../src/domain/uploads/read-file.js';
import { updateUploadedFile } from '../../src/domain/uploads/update-file.js';
import { uploadFile } from '../../src/domain/uploads/upload-file.js';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { consent, pkce, REDIRECT, registerRequester as registerRequesterOverHttp, token } from '../support/requesters.js';
import { latestOtp, linkAadhaar, sandboxResident } from '../support/residents.js';
import { pngFile } from '../support/upload-fixtures.js';
import type { Resident, World } from './world.js';

/**
 * A use-case that acts on someone's data: how it is called by the wrong actor (another resident,
 * another issuer's staff, a requester outside its consent, a stranger with no account), and
 * that it refuses. The route in front of it is not involved.
 */
export interface Refusal {
  refuses: string;
  run(w: World): Promise<void>;
}

/**
 * A use-case with no wrong actor to try: public by design (anyone may verify a document), or a
 * step of another use-case that takes rows that use-case already checked. Says why.
 */
export interface NoActor {
  exempt: string;
}

export type Case = Refusal | NoActor;

/** Tijori pulling from `issuerId` for resident `r` (the system actor a pull issues with). */
const pullFor = (issuerId: string, r: Resident): PullSystemActor => ({ kind: 'system', task: 'pull', issuerId, residentId: r.id });
/** Tijori running a bulk job of `issuerId`. */
const bulkFor = (issuerId: string): BulkSystemActor => ({ kind: 'system', task: 'bulk', issuerId, jobId: 'usecase-job' });

/** `expect(p).rejects` with the stable error code a client would see. */
const refused = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });

const anon = (why: string): NoActor => ({ exempt: `anonymous by design: ${why}` });
const own = (whose: string): NoActor => ({ exempt: `acts only on ${whose}` });
const step = (of: string): NoActor => ({ exempt: `a step of ${of}, given rows that use-case has already checked; never reached with an actor of its own` });
const PUBLIC_VERIFY = anon('anyone holding a document (QR, credential, URI + code, PDF) may verify it; the answer carries what the holder chose to show');

/** Starts a PIN change for `r` (their own, right PIN): an open challenge bound to them, and its OTP. */
async function ownChallenge(w: World, r: Resident): Promise<{ challengeId: string; otp: string }> {
  const { challengeId } = await startPinChange(w.deps, r.actor, { currentPin: r.pin }, w.ctx);
  return { challengeId, otp: await latestOtp(w.t, r.mobile) };
}

/** A consent of the owner to a fresh requester, covering the owner's document; the tokens and the requester. */
async function grantedConsent(w: World, documents = [w.ownerDocument]) {
  const client = await registerRequesterOverHttp(w.t);
  const { verifier, challenge } = pkce();
  const code = await consent(w.t, w.owner, client.clientId, challenge, documents);
  const tokens = (await token(w.t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json() as {
    access_token: string;
    refresh_token: string;
  };
  const access = await authenticateRequesterToken(w.deps, tokens.access_token);
  return { client, tokens, access, requester: await authenticateClient(w.deps, client.clientId, client.clientSecret) };
}

/** An authorize request waiting for a resident (the consent screen's id). */
async function openConsentRequest(w: World): Promise<string> {
  const client = await registerRequesterOverHttp(w.t);
  const { challenge } = pkce();
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT,
    state: 's',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const res = await w.t.app.inject({ method: 'GET', url: `/public/oauth2/1/authorize?${q}` });
  return /^\/app\/consent\/([A-Za-z0-9_-]+)/.exec(res.headers.location as string)![1]!;
}

async function ownerShare(w: World, extra: { pin?: string; allowDownload?: boolean } = {}) {
  return createShare(w.deps, w.owner.actor, w.ctx, { target: { kind: 'issued', uri: w.ownerDocument }, ...extra });
}

const eventIds = async (w: World, r: Resident) => new Set((await listActivity(w.deps, r.actor, { limit: 500 })).events.map((e) => e.id));
const disjoint = (a: Iterable<string>, b: Set<string>) => [...a].filter((x) => b.has(x));

/**
 * Every exported function of `src/domain/` whose first parameter is `deps`, by file. The
 * coverage test fails when a use-case is added without saying here how a wrong actor is refused.
 */
export const CASES: Record<string, Record<string, Case>> = {
  'activity/list-activity.ts': {
    listActivity: {
      refuses: "another resident's timeline (lists only the actor's own events)",
      run: async (w) => expect(disjoint(await eventIds(w, w.stranger), await eventIds(w, w.owner))).toEqual([]),
    },
  },
  'activity/record-activity.ts': {
    recordActivity: step('every use-case that records an event for its actor'),
    recordActivities: step('bulk issuance and claims'),
    inChainTransaction: step('share opens and requester access records, in the chain of the resident their use-case checked'),
  },
  'activity/verify-activity.ts': {
    verifyActivityChain: {
      refuses: "to check another resident's chain (checks only the actor's)",
      run: async (w) => {
        const mine = await verifyActivityChain(w.deps, w.stranger.actor);
        expect(mine.head).toBe((await listActivity(w.deps, w.stranger.actor, { limit: 1 })).head);
        expect(mine.head).not.toBe((await listActivity(w.deps, w.owner.actor, { limit: 1 })).head);
      },
    },
  },
  'audit/audit-log.ts': {
    recordAudit: step('every directory use-case'),
    auditDraft: step('the use-cases that write their audit entry in their own transaction (issuance, status changes, keys)'),
    listAudit: { refuses: 'the audit log to issuer staff (operators only)', run: (w) => refused(listAudit(w.deps, w.cbse, 0, 10), 'forbidden') },
    verifyAudit: { refuses: 'checking the audit log to issuer staff', run: (w) => refused(verifyAudit(w.deps, w.cbse), 'forbidden') },
  },
  'audit/audit-names.ts': { nameAuditEntries: step('listAudit (names the entries an operator was allowed to read)') },
  'blobs/purge-blobs.ts': {
    purgeBlobs: step('purgeBin, for the blobs of the files it purged'),
    finishPurges: step('purgeBin (housekeeping): blob purges a stopped process left half-done'),
  },
  'blobs/record-blobs.ts': { recordBlobs: step('every use-case that stores bytes, in the transaction that records what names them') },
  'blobs/read-blob.ts': { readStoredBlob: step('every use-case that reads a stored file’s bytes, once it has checked whose file it is') },
  'auth/challenges.ts': {
    openSmsChallenge: step('the sign-in, sign-up and re-authentication use-cases'),
    openExternalChallenge: step('Aadhaar linking and PIN recovery'),
    answerChallenge: step('every verify-* use-case (covered through them: a challenge bound to another resident is not found)'),
    resendChallenge: step('resendOtp'),
  },
  'auth/complete-pin-recovery.ts': {
    completePinRecovery: {
      refuses: 'a new PIN from a ticket whose second factor is not done (a stranger who only saw the mobile OTP)',
      run: async (w) => {
        const r = await w.newResident();
        const { challengeId } = await startPinRecovery(w.deps, { mobile: r.mobile, ip: w.ctx.ip });
        const started = await verifyPinRecovery(w.deps, { challengeId, otp: await latestOtp(w.t, r.mobile) }, w.ctx);
        await refused(completePinRecovery(w.deps, { recoveryTicket: started.recoveryTicket, newPin: '615243' }, w.ctx), 'forbidden');
        await refused(
          completePinRecovery(w.deps, { recoveryTicket: `${started.recoveryTicket.split('.')[0]}.forged`, newPin: '615243' }, w.ctx),
          'ticket_invalid',
        );
        expect((await reauthenticateWithPin(w.deps, r.actor, r.pin)).id).toBe(r.id);
      },
    },
    cancelPinRecoveries: step('sign-in (the resident proved their PIN)'),
  },
  'auth/complete-sign-up.ts': { completeSignUp: anon('the sign-up ticket is the proof of the mobile number') },
  'auth/otp-send-caps.ts': { enforceOtpSendCaps: step('every use-case that sends an OTP') },
  'auth/pin-recovery-factors.ts': {
    startRecoveryAadhaarOtp: anon('the recovery ticket (from the mobile OTP) names the account'),
    resendRecoveryAadhaarOtp: anon('a challenge of PIN recovery is bound to its ticket, checked at verify'),
    verifyRecoveryAadhaarOtp: {
      refuses: "another account's Aadhaar OTP as the second factor of this recovery",
      run: async (w) => {
        const recover = async (index: number) => {
          const r = await linkedResident(w, index);
          const { challengeId } = await startPinRecovery(w.deps, { mobile: r.mobile, ip: w.ctx.ip });
          const { recoveryTicket } = await verifyPinRecovery(w.deps, { challengeId, otp: await latestOtp(w.t, r.mobile) }, w.ctx);
          return { recoveryTicket, aadhaar: await startRecoveryAadhaarOtp(w.deps, { recoveryTicket }), person: await sandboxResident(w.t, index) };
        };
        const victim = await recover(12);
        const attacker = await recover(13);
        const otp = await latestOtp(w.t, attacker.person.mobile);
        await refused(
          verifyRecoveryAadhaarOtp(w.deps, { recoveryTicket: victim.recoveryTicket, challengeId: attacker.aadhaar.challengeId, otp }),
          'challenge_not_found',
        );
        await refused(completePinRecovery(w.deps, { recoveryTicket: victim.recoveryTicket, newPin: '615243' }, w.ctx), 'forbidden');
      },
    },
    verifyRecoveryPassword: anon('the recovery ticket names the account; wrong passwords count towards its lock'),
    startRecoveryWait: anon('the recovery ticket names the account'),
  },
  'auth/pin-recovery-ticket.ts': { openRecovery: step('every PIN recovery step') },
  'auth/rate-limit.ts': {
    enforceLimit: step('use-cases that limit a key'),
    takeGuess: step('use-cases that check a secret'),
    decideGuess: step('use-cases that check a secret'),
    isLocked: step('use-cases that check a secret'),
  },
  'auth/resend-otp.ts': {
    resendOtp: {
      refuses: "a new code for another resident's challenge, signed in or not",
      run: async (w) => {
        const r = await w.newResident();
        const { challengeId } = await ownChallenge(w, r);
        await refused(resendOtp(w.deps, { challengeId, ip: w.ctx.ip }, w.stranger.actor), 'challenge_not_found');
        await refused(resendOtp(w.deps, { challengeId, ip: w.ctx.ip }, null), 'challenge_not_found');
      },
    },
  },
  'auth/start-pin-recovery.ts': { startPinRecovery: anon('the OTP goes to the account’s own mobile'), verifyPinRecovery: anon('the OTP proves the mobile') },
  'auth/start-sign-in.ts': { startSignIn: anon('the PIN or password is the proof (lockouts: test/abuse)') },
  'auth/start-sign-up.ts': { startSignUp: anon('the OTP proves the mobile') },
  'auth/verify-sign-in.ts': { verifySignIn: anon('the challenge and its OTP are the proof') },
  'auth/verify-sign-up.ts': { verifySignUp: anon('the challenge and its OTP are the proof') },
  'bulk/bulk-jobs.ts': {
    createBulkJob: {
      refuses: 'a bulk job for another issuer to issuer staff',
      run: (w) => refused(createBulkJob(w.deps, w.transport, 'in.gov.cbse', 'csv', Readable.from([Buffer.from('docType,docId\n')])), 'not_found'),
    },
    getBulkJob: {
      refuses: "another issuer's bulk job",
      run: async (w) => {
        const job = await createBulkJob(w.deps, w.cbse, 'in.gov.cbse', 'csv', Readable.from([Buffer.from('docType,docId\n')]));
        await refused(getBulkJob(w.deps, w.transport, 'in.gov.cbse', job.id), 'not_found');
        // Naming one's own issuer does not reach another issuer's job either.
        await refused(getBulkJob(w.deps, w.transport, 'in.gov.transport', job.id), 'not_found');
      },
    },
    listBulkJobs: { refuses: "another issuer's bulk jobs", run: (w) => refused(listBulkJobs(w.deps, w.transport, 'in.gov.cbse'), 'not_found') },
    listRejections: {
      refuses: "another issuer's rejected rows",
      run: async (w) => {
        const job = await createBulkJob(w.deps, w.cbse, 'in.gov.cbse', 'csv', Readable.from([Buffer.from('docType,docId\n')]));
        await refused(listRejections(w.deps, w.transport, 'in.gov.cbse', job.id, 0, 10), 'not_found');
      },
    },
    runBulkJob: step('the bulk worker, for a job createBulkJob accepted'),
    discardSource: step('runBulkJob and runStatusJob, for the job they finished'),
  },
  'bulk/status-jobs.ts': {
    createStatusJob: {
      refuses: "a bulk revocation in another issuer's name",
      run: (w) => refused(createStatusJob(w.deps, w.transport, 'in.gov.cbse', { status: 'revoked', reason: 'not mine', uris: [w.ownerDocument] }), 'not_found'),
    },
    runStatusJob: {
      refuses: "to revoke another issuer's document listed in an issuer's own job (refused per row)",
      run: async (w) => {
        const { job } = await createStatusJob(w.deps, w.transport, 'in.gov.transport', { status: 'revoked', reason: 'not mine', uris: [w.ownerDocument] });
        expect(await runStatusJob(w.deps, job.id)).toBe('done');
        expect((await listRejections(w.deps, w.transport, 'in.gov.transport', job.id, 0, 10)).map((r) => r.code)).toEqual(['not_issuer_document']);
        expect((await ownedDocument(w.deps, w.owner.actor, w.ownerDocument)).doc.status).toBe('active');
      },
    },
  },
  'bulk/bulk-worker.ts': { startBulkWorker: step('the server process') },
  'consents/authorize.ts': { startAuthorization: anon('a requester’s authorize request; no resident is involved until the consent screen') },
  'consents/consent-uploads.ts': {
    // The drive part of the consent screen: each reads and checks the signed-in resident's own drive.
    driveChoices: step('viewConsentRequest'),
    missingDocTypes: step('viewConsentRequest and confirmConsentRequest'),
    checkDriveGrant: step('confirmConsentRequest'),
  },
  'consents/consent-requests.ts': {
    consentRequestSignInHint: anon(
      'the sign-in page on the way to a consent, before anyone is signed in: it names only the mobile the trusted requester itself sent',
    ),
    viewConsentRequest: {
      refuses: "to show another resident's documents on the consent screen, or a request another resident has opened",
      run: async (w) => {
        const view = await viewConsentRequest(w.deps, w.stranger.actor, await openConsentRequest(w));
        expect(view.documents.map((d) => d.uri)).not.toContain(w.ownerDocument);
        const owners = await openConsentRequest(w);
        expect((await viewConsentRequest(w.deps, w.owner.actor, owners)).documents.map((d) => d.uri)).toContain(w.ownerDocument);
        await refused(viewConsentRequest(w.deps, w.stranger.actor, owners), 'consent_request_not_found');
      },
    },
    confirmConsentRequest: {
      refuses: "to share another resident's document",
      run: async (w) => {
        const id = await openConsentRequest(w);
        await refused(confirmConsentRequest(w.deps, w.stranger.actor, id, { pin: w.stranger.pin, documents: [w.ownerDocument] }, w.ctx), 'validation_failed');
      },
    },
    verifyConsentRequest: {
      refuses: "the owner's consent OTP to another resident, on the owner's request or on their own",
      run: async (w) => {
        const id = await openConsentRequest(w);
        const { challengeId } = await confirmConsentRequest(w.deps, w.owner.actor, id, { pin: w.owner.pin, documents: [w.ownerDocument] }, w.ctx);
        const otp = await latestOtp(w.t, w.owner.mobile);
        await refused(verifyConsentRequest(w.deps, w.stranger.actor, id, { challengeId, otp }, w.ctx), 'consent_request_not_found');
        await refused(verifyConsentRequest(w.deps, w.stranger.actor, await openConsentRequest(w), { challengeId, otp }, w.ctx), 'challenge_not_found');
        // The owner's own answer still works.
        expect((await verifyConsentRequest(w.deps, w.owner.actor, id, { challengeId, otp }, w.ctx)).redirectTo).toContain('code=');
      },
    },
    denyConsentRequest: {
      refuses: 'to let another resident refuse a request the owner has opened',
      run: async (w) => {
        const id = await openConsentRequest(w);
        await viewConsentRequest(w.deps, w.owner.actor, id);
        await refused(denyConsentRequest(w.deps, w.stranger.actor, id), 'consent_request_not_found');
        // Still open for the owner, who may refuse it.
        expect((await viewConsentRequest(w.deps, w.owner.actor, id)).requestId).toBe(id);
        expect((await denyConsentRequest(w.deps, w.owner.actor, id)).redirectTo).toContain('error=access_denied');
      },
    },
  },
  'consents/export-consents.ts': {
    exportConsents: {
      refuses: "another resident's consent records in a resident's export",
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        const theirs = await exportConsents(w.deps, w.stranger.actor);
        expect(theirs.consents.map((c) => c.id)).not.toContain(access.consentId);
        expect(theirs.digilockerid).toBe(w.stranger.id);
      },
    },
  },
  'consents/requester-eaadhaar.ts': {
    requesterEaadhaar: {
      refuses: 'the e-Aadhaar XML to a consent without the eaadhaar scope',
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        await refused(requesterEaadhaar(w.deps, access), 'insufficient_scope');
      },
    },
  },
  'consents/requester-access.ts': {
    audit: step('the requester-access use-cases (records an access they allowed)'),
    authenticateRequesterToken: {
      refuses: 'a token whose consent was withdrawn, or has run out',
      run: async (w) => {
        const granted = await grantedConsent(w);
        const later = { ...w.deps, clock: { now: () => Date.parse('2100-01-01') } };
        await refused(authenticateRequesterToken(later, granted.tokens.access_token), 'invalid_token');
        await withdrawConsent(w.deps, w.owner.actor, granted.access.consentId, w.ctx);
        await refused(authenticateRequesterToken(w.deps, granted.tokens.access_token), 'invalid_token');
      },
    },
    requesterUserDetails: {
      refuses: 'the profile under a consent without the userdetails scope',
      run: async (w) => {
        const { access } = await grantedConsent(w);
        await refused(requesterUserDetails(w.deps, { ...access, scopes: access.scopes.filter((s) => s !== 'userdetails') }), 'insufficient_scope');
      },
    },
    requesterIssuedFiles: {
      refuses: "to list a document of another resident, even if the consent's list were to name it",
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        const forged: RequesterActor = { ...access, residentId: w.stranger.id, documents: [w.ownerDocument] };
        expect(await requesterIssuedFiles(w.deps, forged, 2)).toEqual([]);
        expect(await requesterIssuedFiles(w.deps, access, 2)).toEqual([]);
      },
    },
    requesterFile: {
      refuses: "a document the consent does not cover, or another resident's",
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        await refused(requesterFile(w.deps, access, w.ownerDocument), 'invalid_uri');
        await refused(requesterFile(w.deps, { ...access, residentId: w.stranger.id, documents: [w.ownerDocument] }, w.ownerDocument), 'invalid_uri');
      },
    },
    requesterXml: {
      refuses: "a document the consent does not cover, or another resident's",
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        await refused(requesterXml(w.deps, access, w.ownerDocument), 'invalid_uri');
        await refused(requesterXml(w.deps, { ...access, residentId: w.stranger.id, documents: [w.ownerDocument] }, w.ownerDocument), 'invalid_uri');
      },
    },
  },
  'consents/requester-drive.ts': {
    requesterDriveFolder: {
      refuses: "another resident's folder, even to a consent with files.uploadeddocs; and the drive without that scope",
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        const folder = await createFolder(w.deps, w.owner.actor, { name: 'Private' });
        const forged: RequesterActor = { ...access, residentId: w.stranger.id, scopes: [...access.scopes, 'files.uploadeddocs'] };
        await refused(requesterDriveFolder(w.deps, forged, folder.id), 'invalid_id');
        expect((await requesterDriveFolder(w.deps, forged)).items.map((i) => i.id)).not.toContain(folder.id);
        await refused(requesterDriveFolder(w.deps, access), 'insufficient_scope');
      },
    },
    requesterUploadedFile: {
      refuses: "another resident's uploaded file, and any file without files.uploadeddocs",
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        await refused(
          requesterUploadedFile(
            w.deps,
            { ...access, residentId: w.stranger.id, scopes: [...access.scopes, 'files.uploadeddocs'] },
            uploadedFileUri(w.ownerFile),
          ),
          'invalid_uri',
        );
        await refused(requesterUploadedFile(w.deps, access, uploadedFileUri(w.ownerFile)), 'insufficient_scope');
      },
    },
  },
  'consents/requester-pull.ts': {
    pullParameters: anon('a meta call (its route authenticates the requester by client id and HMAC); it reads only the issuer directory'),
    requesterPullDocument: {
      refuses: 'a pull under a consent without the pull scope',
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        await refused(
          requesterPullDocument(w.deps, access, { orgId: 'in.gov.cbse', docType: 'HSCER', consent: true, parameters: { RollNo: '12345678', Year: '2014' } }),
          'insufficient_scope',
        );
      },
    },
  },
  'consents/requester-upload.ts': {
    requesterUpload: {
      refuses: 'a write into the drive under a consent without the files.upload scope',
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        await refused(
          requesterUpload(w.uploads, access, {
            folders: [],
            name: 'x.png',
            mediaType: 'image/png',
            hmac: Buffer.alloc(32),
            body: Readable.from([pngFile(10, 10)]),
          }),
          'insufficient_scope',
        );
      },
    },
  },
  'consents/resident-consents.ts': {
    listConsents: {
      refuses: "another resident's consents",
      run: async (w) => {
        const { access } = await grantedConsent(w, []);
        expect((await listConsents(w.deps, w.stranger.actor)).map((c) => c.id)).not.toContain(access.consentId);
      },
    },
    withdrawConsent: {
      refuses: "to withdraw another resident's consent",
      run: async (w) => {
        const { access, tokens } = await grantedConsent(w, []);
        await refused(withdrawConsent(w.deps, w.stranger.actor, access.consentId, w.ctx), 'not_found');
        expect((await authenticateRequesterToken(w.deps, tokens.access_token)).consentId).toBe(access.consentId);
      },
    },
  },
  'consents/signup-demoauth.ts': {
    startDemoauthSignup: anon(
      'the requester’s HMAC is the proof; the operator’s signup.demoauth grant is checked inside (test/partner/signup-demoauth.test.ts)',
    ),
    completeDemoauthSignup: anon(
      'the requester’s HMAC is the proof; only the OTP its own demoauth sent to that mobile opens a locker (test/partner/signup-demoauth.test.ts)',
    ),
  },
  'consents/access-records.ts': {
    writeAccessRecord: step('audit (requester-access): the access record of a request whose token was checked'),
  },
  'consents/record-consent.ts': {
    recordConsent: step('confirmConsentRequest, exchangeDeviceCode and completeDemoauthSignup, for the resident their PIN and OTP proved'),
    noteConsentGranted: step('the same three, after the consent is recorded'),
    driveAsItIs: step('exchangeDeviceCode and completeDemoauthSignup: the drive of the resident the OTP proved'),
  },
  'consents/device-flow.ts': {
    identifyDeviceClient: anon('the client id names the requester (and its secret, when sent, is checked)'),
    startDeviceAuthorization: anon(
      'the operator’s device.flow grant on the requester is checked inside; the OTP goes to the resident (test/partner/device-flow.test.ts)',
    ),
    exchangeDeviceCode: {
      refuses: "another requester's device code, even with the right consent OTP",
      run: async (w) => {
        const client = await registerRequesterOverHttp(w.t, { scopes: ['userdetails', 'device.flow'] });
        const thief = await registerRequesterOverHttp(w.t, { scopes: ['userdetails', 'device.flow'] });
        const row = await authenticateClient(w.deps, client.clientId, client.clientSecret);
        const { device_code } = await startDeviceAuthorization(w.deps, row, { response_type: 'device_code', dl_mobile: w.owner.mobile }, w.ctx);
        const thiefRow = await authenticateClient(w.deps, thief.clientId, thief.clientSecret);
        await refused(exchangeDeviceCode(w.deps, thiefRow, { device_code, dl_otp: await latestOtp(w.t, w.owner.mobile) }, w.ctx), 'invalid_grant');
      },
    },
  },
  'consents/tokens.ts': {
    mintTokens: step('exchangeCode, refreshTokens and exchangeDeviceCode, given a consent they have checked is live and the requester’s'),
    exchangeCode: {
      refuses: "another requester's authorisation code",
      run: async (w) => {
        const client = await registerRequesterOverHttp(w.t);
        const thief = await registerRequesterOverHttp(w.t);
        const { verifier, challenge } = pkce();
        const code = await consent(w.t, w.owner, client.clientId, challenge, []);
        const thiefRow = await authenticateClient(w.deps, thief.clientId, thief.clientSecret);
        await refused(exchangeCode(w.deps, thiefRow, { code, redirect_uri: REDIRECT, code_verifier: verifier }), 'invalid_grant');
      },
    },
    refreshTokens: {
      refuses: "another requester's refresh token",
      run: async (w) => {
        const { tokens } = await grantedConsent(w, []);
        const thief = await registerRequesterOverHttp(w.t);
        await refused(
          refreshTokens(w.deps, await authenticateClient(w.deps, thief.clientId, thief.clientSecret), { refresh_token: tokens.refresh_token }),
          'invalid_grant',
        );
      },
    },
    revokeToken: {
      refuses: "to revoke another requester's grant (the call succeeds, the grant lives)",
      run: async (w) => {
        const { tokens, access } = await grantedConsent(w, []);
        const thief = await registerRequesterOverHttp(w.t);
        await revokeToken(w.deps, await authenticateClient(w.deps, thief.clientId, thief.clientSecret), { token: tokens.access_token });
        expect((await authenticateRequesterToken(w.deps, tokens.access_token)).consentId).toBe(access.consentId);
      },
    },
  },
  'documents/change-document-status.ts': {
    changeDocumentStatus: {
      refuses: "to revoke another issuer's document",
      run: async (w) => {
        await refused(changeDocumentStatus(w.deps, w.transport, w.ownerDocument, { status: 'revoked', reason: 'not mine' }), 'not_found');
        expect((await ownedDocument(w.deps, w.owner.actor, w.ownerDocument)).doc.status).toBe('active');
      },
    },
  },
  'documents/search-issued-documents.ts': {
    searchIssuedDocuments: {
      refuses: "to search another issuer's documents",
      run: async (w) => {
        await refused(searchIssuedDocuments(w.deps, w.transport, w.cbseIssuer.id, { limit: 10 }), 'not_found');
        expect((await searchIssuedDocuments(w.deps, w.cbse, w.cbseIssuer.id, { limit: 100 })).documents.map((d) => d.uri)).toContain(w.ownerDocument);
      },
    },
  },
  'documents/claim-held-documents.ts': {
    claimHeldDocuments: step('Aadhaar linking and sign-up (the lookups are the resident’s own verified Aadhaar and mobile)'),
  },
  'documents/document-artifacts.ts': {
    ownedDocument: {
      refuses: "another resident's document",
      run: (w) => refused(ownedDocument(w.deps, w.stranger.actor, w.ownerDocument), 'document_not_found'),
    },
    withCurrentVersion: step('ownedDocument and share opening'),
    qrPayload: step('ownedDocument and share opening'),
  },
  'documents/document-pdf.ts': {
    documentPdf: {
      refuses: "another resident's document as PDF",
      run: (w) => refused(documentPdf(w.deps, w.stranger.actor, w.ownerDocument), 'document_not_found'),
    },
    versionPdf: step('documentPdf and share opening'),
  },
  'documents/document-xml.ts': {
    documentXml: {
      refuses: "another resident's document as XML",
      run: (w) => refused(documentXml(w.deps, w.stranger.actor, w.ownerDocument), 'document_not_found'),
    },
  },
  'documents/find-document.ts': { findDocumentByUri: step('the document use-cases, which check the owner or issuer of what it finds') },
  'documents/holders.ts': { resolveHolders: step('issuance') },
  'documents/issue-documents.ts': {
    issueDocuments: {
      refuses: "to issue in another issuer's name (staff, or Tijori pulling for another issuer), or on a pull into another locker than the puller's",
      run: async (w) => {
        const row = (docId: string, holder: HolderRef) => [{ docType: 'HSCER', docId, holder: { ...holder, name: 'X' }, fields: {}, issuedOn: '2024-05-01' }];
        await refused(issueDocuments(w.deps, w.transport, w.cbseIssuer, row('990000000001', { mobile: w.stranger.mobile })), 'not_found');
        await refused(issueDocuments(w.deps, pullFor(w.transport.issuerId, w.owner), w.cbseIssuer, row('990000000003', { lockerId: w.owner.id })), 'not_found');
        const cbsePull = pullFor(w.cbse.issuerId, w.owner);
        await refused(issueDocuments(w.deps, cbsePull, w.cbseIssuer, row('990000000004', { lockerId: w.stranger.id })), 'forbidden');
        await refused(issueDocuments(w.deps, cbsePull, w.cbseIssuer, row('990000000005', { lockerId: w.owner.id, mobile: w.stranger.mobile })), 'forbidden');
      },
    },
    prepareDocuments: {
      refuses: "to prepare documents in another issuer's name (staff, or a bulk job of another issuer), or on a pull for another locker than the puller's",
      run: async (w) => {
        const row = (holder: HolderRef) => [{ docType: 'HSCER', docId: '990000000002', holder: { ...holder, name: 'X' }, fields: {}, issuedOn: '2024-05-01' }];
        await refused(prepareDocuments(w.deps, w.transport, w.cbseIssuer, row({ mobile: w.stranger.mobile })), 'not_found');
        await refused(prepareDocuments(w.deps, bulkFor(w.transport.issuerId), w.cbseIssuer, row({ mobile: w.stranger.mobile })), 'not_found');
        await refused(prepareDocuments(w.deps, pullFor(w.cbse.issuerId, w.owner), w.cbseIssuer, row({ lockerId: w.stranger.id })), 'forbidden');
      },
    },
  },
  'documents/issuer-originals.ts': {
    keepIssuerOriginals: step('a remote pull and a push (for the document they have just issued)'),
    issuerOriginal: step('documentXml and documentPdf (after their ownership check)'),
  },
  'documents/pushed-content.ts': { pushedContent: step('applyPushRecords (for the issuer its message authenticated)') },
  'documents/list-resident-documents.ts': {
    summarizeDocuments: step('listResidentDocuments and the requester lists: names rows already chosen for their owner or consent'),
    listResidentDocuments: {
      refuses: "another resident's documents",
      run: async (w) =>
        expect((await listResidentDocuments(w.deps, w.stranger.actor, { limit: 100 })).documents.map((d) => d.uri)).not.toContain(w.ownerDocument),
    },
  },
  'documents/push-uri-account.ts': {
    authenticateIssuerMetaCall: anon('the issuer’s DigiLocker client (meta hmac and body hmac) is the proof'),
    pushUriToLocker: {
      refuses: "an account/1/pushuri delete of another issuer's document",
      run: async (w) => {
        const digilocker = { ...w.transport, via: 'digilocker' as const };
        const docId = w.ownerDocument.split('-').at(-1)!;
        await refused(
          pushUriToLocker(w.deps, w.cbseIssuer, digilocker, { digilockerid: w.owner.id, uri: w.ownerDocument, doctype: 'HSCER', docid: docId, action: 'D' }),
          'invalid_parameter',
        );
        expect((await ownedDocument(w.deps, w.owner.actor, w.ownerDocument)).doc.status).toBe('active');
      },
    },
  },
  'documents/push-uri-records.ts': {
    authenticatePushMessage: anon('the issuer’s DigiLocker credential (keyhash or HMAC) is the proof'),
    applyPushRecords: {
      refuses: "a Push URI delete of another issuer's document",
      run: async (w) => {
        const digilocker = { ...w.transport, via: 'digilocker' as const };
        const [outcome] = await applyPushRecords(w.deps, w.cbseIssuer, digilocker, [
          {
            action: 'D',
            aadhaar: '',
            uri: w.ownerDocument,
            issuerId: 'in.gov.cbse',
            docType: 'HSCER',
            docId: w.ownerDocument.split('-').at(-1)!,
            issuedOn: '2024-05-01',
          },
        ]);
        expect(outcome).toMatchObject({ ok: false, code: 'not_found' });
        expect((await ownedDocument(w.deps, w.owner.actor, w.ownerDocument)).doc.status).toBe('active');
      },
    },
  },
  'documents/reclaim-document.ts': {
    reclaimPulledDocument: {
      refuses: "to move a live resident's document to the one who pulled a matching record",
      run: async (w) => {
        const { doc } = await ownedDocument(w.deps, w.owner.actor, w.ownerDocument);
        const notFound = () => Object.assign(new Error('record not found'), { code: 'record_not_found' });
        await refused(reclaimPulledDocument(w.deps, w.stranger.actor, doc, { matchedProfile: true }, notFound as never), 'record_not_found');
        expect((await ownedDocument(w.deps, w.owner.actor, w.ownerDocument)).doc.resident_id).toBe(w.owner.id);
      },
    },
  },
  'documents/update-document.ts': {
    updateDocument: {
      refuses: "to change another issuer's document",
      run: (w) => refused(updateDocument(w.deps, w.transport, w.ownerDocument, { issuedOn: '2020-01-01' }), 'not_found'),
    },
  },
  'documents/verify-document.ts': { verifyQrToken: PUBLIC_VERIFY, verifyCredential: PUBLIC_VERIFY, verifyByCode: PUBLIC_VERIFY },
  'documents/verify-pdf.ts': { verifyPdf: PUBLIC_VERIFY },
  'esign/confirm-esign.ts': {
    confirmEsign: {
      refuses: "the owner's eSign OTP to another resident",
      run: async (w) => {
        const owner = await linkedResident(w, 2);
        const file = await w.uploadPdf(owner, 101);
        const started = await startEsign(w.deps, owner.actor, uploadedEsignDocuments(w.uploads, owner.actor, null), { documentId: file, ip: w.ctx.ip });
        const otp = await latestOtp(w.t, owner.mobile);
        const stranger = await linkedResident(w, 3);
        const services = { documents: uploadedEsignDocuments(w.uploads, stranger.actor, null), esp: tijoriEsp(w.deps) };
        await refused(
          confirmEsign(w.deps, stranger.actor, services, { documentId: file, challengeId: started.challengeId, otp }, w.ctx),
          'challenge_not_found',
        );
      },
    },
  },
  'esign/start-esign.ts': {
    startEsign: {
      refuses: "to sign another resident's file",
      run: async (w) => {
        const stranger = await linkedResident(w, 4);
        await refused(
          startEsign(w.deps, stranger.actor, uploadedEsignDocuments(w.uploads, stranger.actor, null), { documentId: w.ownerFile, ip: w.ctx.ip }),
          'document_not_found',
        );
      },
    },
    loadOwned: {
      refuses: "another resident's file",
      run: (w) => refused(loadOwned(w.deps, w.stranger.actor, uploadedEsignDocuments(w.uploads, w.stranger.actor, null), w.ownerFile), 'document_not_found'),
    },
  },
  'esign/tijori-esp.ts': { tijoriEsp: step('confirmEsign') },
  'issuers/create-document-type.ts': {
    createDocumentType: {
      refuses: 'a document type for another issuer',
      run: (w) =>
        refused(
          createDocumentType(w.deps, w.transport, 'in.gov.cbse', { code: 'XXCER', names: { en: 'X' }, fields: [], parameters: [], matchRules: {} } as never),
          'not_found',
        ),
    },
  },
  'issuers/create-issuer.ts': {
    createIssuer: {
      refuses: 'a new issuer to issuer staff',
      run: (w) => refused(createIssuer(w.deps, w.cbse, { orgId: 'in.gov.nobody', names: { en: 'Nobody' } } as never), 'forbidden'),
    },
  },
  'issuers/directory-names.ts': { issuerNames: anon('the directory is public'), typeNames: anon('the directory is public') },
  'issuers/find-issuer.ts': { findIssuer: anon('the directory is public'), findDocumentType: anon('the directory is public') },
  'issuers/issuer-credentials.ts': {
    createIssuerCredential: {
      refuses: 'a credential for another issuer, or one minted by an API key',
      run: async (w) => {
        await refused(createIssuerCredential(w.deps, w.transport, 'in.gov.cbse', { kind: 'api_key', label: 'x' }), 'not_found');
        await refused(createIssuerCredential(w.deps, w.cbseApiKey, 'in.gov.cbse', { kind: 'api_key', label: 'x' }), 'forbidden');
      },
    },
    authenticateIssuerApiKey: anon('the API key is the proof'),
    listIssuerCredentials: {
      refuses: "another issuer's credentials",
      run: (w) => refused(listIssuerCredentials(w.deps, w.transport, 'in.gov.cbse'), 'not_found'),
    },
    revokeIssuerCredential: {
      refuses: "to revoke another issuer's credential",
      run: async (w) => {
        const cred = await createIssuerCredential(w.deps, w.cbse, 'in.gov.cbse', { kind: 'api_key', label: 'kept' });
        await refused(revokeIssuerCredential(w.deps, w.transport, 'in.gov.cbse', cred.id), 'not_found');
        await refused(revokeIssuerCredential(w.deps, w.transport, 'in.gov.transport', cred.id), 'not_found');
        expect((await listIssuerCredentials(w.deps, w.cbse, 'in.gov.cbse')).find((c) => c.id === cred.id)?.revokedAt).toBeNull();
      },
    },
    setCredentialLegacy: {
      refuses: 'the legacy switch to issuer staff',
      run: async (w) => {
        const cred = await createIssuerCredential(w.deps, w.cbse, 'in.gov.cbse', { kind: 'digilocker', label: 'legacy' });
        await refused(setCredentialLegacy(w.deps, w.cbse, 'in.gov.cbse', cred.id, true), 'forbidden');
      },
    },
    digilockerSecret: step('DigiLocker request authentication (the client id names the credential)'),
  },
  'issuers/key-cache.ts': { verificationKey: anon('public keys are published') },
  'issuers/publish-keys.ts': { issuerJwks: anon('public keys are published'), issuerDidDocument: anon('public keys are published') },
  'issuers/read-issuer-stats.ts': {
    readIssuerStats: {
      refuses: "an issuer's counts to another issuer's staff",
      run: async (w) => {
        await refused(readIssuerStats(w.deps, w.transport, 'in.gov.cbse'), 'not_found');
        expect((await readIssuerStats(w.deps, w.cbse, 'in.gov.cbse')).documents.active).toBeGreaterThan(0);
      },
    },
  },
  'issuers/search-issuers.ts': { searchIssuers: anon('the directory is public'), getIssuer: anon('the directory is public') },
  'issuers/search-directory.ts': { searchDirectory: anon('the directory is public'), forgetDirectoryIndex: anon('drops a cache; reads and reveals nothing') },
  'issuers/signing.ts': {
    activeSigner: step('issuance and rendering'),
    signerByKid: step('issuance and rendering'),
    rotateSigningKey: {
      refuses: "to rotate another issuer's key, or by API key",
      run: async (w) => {
        await refused(rotateSigningKey(w.deps, w.transport, 'in.gov.cbse'), 'not_found');
        await refused(rotateSigningKey(w.deps, w.cbseApiKey, 'in.gov.cbse'), 'forbidden');
      },
    },
  },
  'issuers/update-issuer.ts': {
    updateIssuer: {
      refuses: "an issuer's settings to its staff (operators only)",
      run: (w) => refused(updateIssuer(w.deps, w.cbse, 'in.gov.cbse', {} as never), 'forbidden'),
    },
    getIssuerSettings: { refuses: "an issuer's settings to its staff", run: (w) => refused(getIssuerSettings(w.deps, w.cbse, 'in.gov.cbse'), 'forbidden') },
  },
  'maintenance/purge-expired.ts': { purgeExpired: step('the housekeeping timer') },
  'notifications/list-notifications.ts': {
    listNotifications: {
      refuses: "another resident's inbox",
      run: async (w) => {
        const owners = new Set((await listNotifications(w.deps, w.owner.actor, { limit: 100 })).notifications.map((n) => n.id));
        expect(owners.size).toBeGreaterThan(0); // the issued document's notice
        expect(
          disjoint(
            (await listNotifications(w.deps, w.stranger.actor, { limit: 100 })).notifications.map((n) => n.id),
            owners,
          ),
        ).toEqual([]);
      },
    },
    markNotificationsRead: {
      refuses: "to mark another resident's inbox read",
      run: async (w) => {
        const before = (await listNotifications(w.deps, w.owner.actor, { limit: 1 })).unread;
        expect(before).toBeGreaterThan(0);
        await markNotificationsRead(w.deps, w.stranger.actor);
        expect((await listNotifications(w.deps, w.owner.actor, { limit: 1 })).unread).toBe(before);
      },
    },
  },
  'notifications/invite-holders.ts': { inviteHolders: step('issuance (documents that wait for a holder the issuer named)') },
  'notifications/notify.ts': {
    notify: step('issuance and status changes'),
    documentNames: step('notify'),
    storeNotices: step('notify and bulk status jobs'),
    smsNotices: step('notify and bulk status jobs'),
  },
  'platform/read-platform-info.ts': { readPlatformInfo: anon('platform information is public') },
  'pull/complete-pending-pulls.ts': { completePendingPulls: step('issuance (into lockers it already resolved)') },
  'pull/hosted-records.ts': {
    uploadHostedRecords: {
      refuses: "records into another issuer's repository",
      run: (w) => refused(uploadHostedRecords(w.deps, w.transport, 'in.gov.cbse', 'HSCER', []), 'not_found'),
    },
  },
  'pull/pull-document.ts': {
    pullDocument: {
      refuses: "another person's record to a resident whose Aadhaar profile does not match it",
      run: async (w) => {
        const someoneElse = await sandboxResident(w.t, 6);
        const record = DEMO_RECORDS.find((r) => r.orgId === 'in.gov.cbse' && r.aadhaarNumber === someoneElse.aadhaarNumber)!;
        const puller = await linkedResident(w, 5);
        await refused(
          pullDocument(w.deps, puller.actor, { orgId: 'in.gov.cbse', docType: record.docType, parameters: record.parameters, consent: true }),
          'record_not_found',
        );
      },
    },
  },
  'pull/issuer-endpoint.ts': { issuerEndpoint: step('a remote pull and a push (for the issuer they act for)') },
  'pull/pull-remote.ts': { pullFromIssuerEndpoint: step('pullDocument (its ownership decision is reclaimPulledDocument, covered above)') },
  'requesters/manage-requesters.ts': {
    registerRequester: {
      refuses: 'registering a requester to issuer staff',
      run: (w) =>
        refused(
          registerRequester(w.deps, w.cbse, {
            names: { en: 'X' },
            purpose: { en: 'x' },
            redirectUris: [REDIRECT],
            scopes: ['openid'],
            docTypes: [],
            consentDays: 30,
          } as never),
          'forbidden',
        ),
    },
    listRequesters: { refuses: 'the requester directory to issuer staff', run: (w) => refused(listRequesters(w.deps, w.cbse), 'forbidden') },
    setRequesterStatus: {
      refuses: 'suspending a requester to issuer staff',
      run: async (w) => refused(setRequesterStatus(w.deps, w.cbse, (await registerRequesterOverHttp(w.t)).clientId, 'suspended'), 'forbidden'),
    },
    rotateRequesterSecret: {
      refuses: "rotating a requester's secret to issuer staff",
      run: async (w) => refused(rotateRequesterSecret(w.deps, w.cbse, (await registerRequesterOverHttp(w.t)).clientId), 'forbidden'),
    },
    setVerifiedMobileTrust: {
      refuses: 'trusting a requester’s verified_mobile to issuer staff',
      run: async (w) => refused(setVerifiedMobileTrust(w.deps, w.cbse, (await registerRequesterOverHttp(w.t)).clientId, true), 'forbidden'),
    },
  },
  'requesters/requester-logo.ts': {
    setRequesterLogo: {
      refuses: "setting a requester's logo to issuer staff",
      run: async (w) => refused(setRequesterLogo(w.deps, w.cbse, (await registerRequesterOverHttp(w.t)).clientId, Buffer.alloc(16)), 'forbidden'),
    },
    removeRequesterLogo: {
      refuses: "removing a requester's logo to issuer staff",
      run: async (w) => refused(removeRequesterLogo(w.deps, w.cbse, (await registerRequesterOverHttp(w.t)).clientId), 'forbidden'),
    },
    readRequesterLogo: anon('a logo is public: the consent screen shows it to anyone the requester sends there'),
  },
  'requesters/meta-auth.ts': {
    authenticateMetaCall: anon('the requester’s HMAC is the proof'),
    assertMetaHmac: step('authenticateMetaCall and authenticateIssuerMetaCall, given the caller’s live secrets'),
  },
  'requesters/requester-secret.ts': { authenticateClient: anon('the client secret is the proof') },
  'requesters/client-assertion.ts': {
    authenticateClientAssertion: anon('the client assertion signed with the registered key is the proof (test/partner/private-key-jwt.test.ts)'),
  },
  'requesters/audit-requester-call.ts': {
    auditRequesterCall: step('account/2/verify and the sign-up meta calls, for the requester their HMAC authenticated'),
  },
  'requesters/verify-account.ts': {
    verifyAccount: anon('the requester’s HMAC is the proof; the operator’s account.verify grant on it is checked inside (test/partner/account-verify.test.ts)'),
  },
  'residents/change-mobile.ts': {
    startMobileChange: {
      refuses: "the owner's PIN as proof for another account",
      run: (w) => refused(startMobileChange(w.deps, w.stranger.actor, { pin: w.owner.pin, newMobile: '9999999001' }, w.ctx), 'invalid_credentials'),
    },
    verifyMobileChange: {
      refuses: "the owner's mobile-change OTP to another resident",
      run: async (w) => {
        const r = await w.newResident();
        const newMobile = `8${r.mobile.slice(1)}`;
        const { challengeId } = await startMobileChange(w.deps, r.actor, { pin: r.pin, newMobile }, w.ctx);
        const otp = await latestOtp(w.t, newMobile);
        await refused(verifyMobileChange(w.deps, w.stranger.actor, { challengeId, otp }, w.ctx), 'challenge_not_found');
        expect((await getMe(w.deps, w.stranger.actor)).mobile).not.toBe(newMobile);
      },
    },
  },
  'residents/change-pin.ts': {
    startPinChange: {
      refuses: "the owner's PIN as proof for another account",
      run: (w) => refused(startPinChange(w.deps, w.stranger.actor, { currentPin: w.owner.pin }, w.ctx), 'invalid_credentials'),
    },
    verifyPinChange: {
      refuses: "the owner's PIN-change OTP to another resident",
      run: async (w) => {
        const r = await w.newResident();
        const { challengeId, otp } = await ownChallenge(w, r);
        await refused(verifyPinChange(w.deps, w.stranger.actor, { challengeId, otp, newPin: '615243' }, w.ctx), 'challenge_not_found');
        expect((await reauthenticateWithPin(w.deps, w.stranger.actor, w.stranger.pin)).id).toBe(w.stranger.id);
      },
    },
  },
  'residents/delete-account.ts': {
    startAccountDeletion: {
      refuses: "the owner's PIN as proof for another account",
      run: (w) => refused(startAccountDeletion(w.deps, w.stranger.actor, { pin: w.owner.pin }, w.ctx), 'invalid_credentials'),
    },
    verifyAccountDeletion: {
      refuses: "the owner's deletion OTP to another resident",
      run: async (w) => {
        const r = await w.newResident();
        const { challengeId } = await startAccountDeletion(w.deps, r.actor, { pin: r.pin }, w.ctx);
        const otp = await latestOtp(w.t, r.mobile);
        const victim = await w.newResident();
        await refused(verifyAccountDeletion(w.deps, victim.actor, { challengeId, otp }, w.ctx), 'challenge_not_found');
        expect((await getMe(w.deps, victim.actor)).id).toBe(victim.id);
      },
    },
  },
  'residents/get-me.ts': {
    getMe: {
      refuses: "another resident's profile (answers only the actor's)",
      run: async (w) => expect((await getMe(w.deps, w.stranger.actor)).id).toBe(w.stranger.id),
    },
    updateMe: {
      refuses: "to change another resident's settings",
      run: async (w) => {
        const before = (await getMe(w.deps, w.owner.actor)).language;
        await updateMe(w.deps, w.stranger.actor, { language: before === 'hi' ? 'gu' : 'hi' });
        expect((await getMe(w.deps, w.owner.actor)).language).toBe(before);
      },
    },
  },
  'residents/link-aadhaar.ts': {
    startAadhaarLink: {
      refuses: "an Aadhaar already linked to another resident's locker",
      run: async (w) => {
        const linked = await sandboxResident(w.t, 8);
        const holder = await w.newResident();
        expect((await linkAadhaar(w.t, holder.cookie, linked.aadhaarNumber, linked.mobile)).statusCode).toBe(200);
        const other = await w.newResident();
        const { challengeId } = await startAadhaarLink(w.deps, other.actor, { aadhaarNumber: linked.aadhaarNumber, consent: true });
        await refused(verifyAadhaarLink(w.deps, other.actor, { challengeId, otp: await latestOtp(w.t, linked.mobile) }, w.ctx), 'aadhaar_already_linked');
      },
    },
    resendAadhaarOtp: {
      refuses: "a new code for another resident's Aadhaar challenge",
      run: async (w) => {
        const r = await w.newResident();
        const { challengeId } = await startAadhaarLink(w.deps, r.actor, { aadhaarNumber: (await sandboxResident(w.t, 9)).aadhaarNumber, consent: true });
        await refused(resendAadhaarOtp(w.deps, w.stranger.actor, challengeId, w.ctx.ip), 'challenge_not_found');
      },
    },
    verifyAadhaarLink: {
      refuses: "the owner's Aadhaar OTP to another resident",
      run: async (w) => {
        const r = await w.newResident();
        const person = await sandboxResident(w.t, 10);
        const { challengeId } = await startAadhaarLink(w.deps, r.actor, { aadhaarNumber: person.aadhaarNumber, consent: true });
        const otp = await latestOtp(w.t, person.mobile);
        const thief = await w.newResident();
        await refused(verifyAadhaarLink(w.deps, thief.actor, { challengeId, otp }, w.ctx), 'challenge_not_found');
        expect((await getMe(w.deps, thief.actor)).aadhaar.linked).toBe(false);
      },
    },
  },
  'residents/me.ts': { toMe: step('getMe and the sign-in use-cases') },
  'residents/read-photo.ts': {
    readPhoto: {
      refuses: "another resident's photo (reads only the actor's)",
      run: async (w) => {
        await linkedResident(w, 11); // someone has a photo
        await refused(readPhoto(w.deps, w.stranger.actor), 'not_found');
      },
    },
  },
  'residents/reauthenticate.ts': {
    reauthenticateWithPin: {
      refuses: "another resident's PIN",
      run: (w) => refused(reauthenticateWithPin(w.deps, w.stranger.actor, w.owner.pin), 'invalid_credentials'),
    },
  },
  'sessions/authenticate-session.ts': {
    authenticateSession: {
      refuses: 'a signed-out session',
      run: async (w) => {
        const r = await w.newResident();
        await endSession(w.deps, r.actor, w.ctx);
        await refused(authenticateSession(w.deps, r.token), 'unauthenticated');
      },
    },
  },
  'sessions/create-session.ts': { createSession: step('sign-in and sign-up, after the OTP') },
  'sessions/end-session.ts': {
    endSession: {
      refuses: "to end another resident's session",
      run: async (w) => {
        await refused(endSession(w.deps, w.stranger.actor, w.ctx, w.owner.actor.sessionId), 'not_found');
        expect((await authenticateSession(w.deps, w.owner.token)).actor.residentId).toBe(w.owner.id);
      },
    },
    signOutEverywhere: {
      refuses: "to end another resident's sessions",
      run: async (w) => {
        const r = await w.newResident();
        await signOutEverywhere(w.deps, r.actor, w.ctx);
        expect((await authenticateSession(w.deps, w.owner.token)).actor.residentId).toBe(w.owner.id);
      },
    },
  },
  'sessions/list-sessions.ts': {
    listSessions: {
      refuses: "another resident's sessions",
      run: async (w) => expect((await listSessions(w.deps, w.stranger.actor)).map((s) => s.id)).not.toContain(w.owner.actor.sessionId),
    },
  },
  'shares/create-share.ts': {
    createShare: {
      refuses: "a link to another resident's document or file",
      run: async (w) => {
        await refused(createShare(w.deps, w.stranger.actor, w.ctx, { target: { kind: 'issued', uri: w.ownerDocument } }), 'document_not_found');
        await refused(createShare(w.deps, w.stranger.actor, w.ctx, { target: { kind: 'uploaded', fileId: w.ownerFile } }), 'not_found');
      },
    },
  },
  'shares/extend-share.ts': {
    extendShare: {
      refuses: "to extend another resident's link",
      run: async (w) => refused(extendShare(w.deps, w.stranger.actor, w.ctx, (await ownerShare(w)).id, 24), 'not_found'),
    },
  },
  'shares/list-shares.ts': {
    listShares: {
      refuses: "another resident's links",
      run: async (w) => {
        const share = await ownerShare(w);
        const { live, past } = await listShares(w.deps, w.stranger.actor);
        expect([...live, ...past].map((s) => s.id)).not.toContain(share.id);
      },
    },
  },
  'shares/open-share.ts': {
    openShare: {
      refuses: 'a stranger without the link’s PIN, and anyone after a revocation',
      run: async (w) => {
        const guarded = await ownerShare(w, { pin: '246810' });
        await refused(openShare(w.deps, w.ctx, { token: guarded.token, language: 'en' }), 'share_pin_required');
        await refused(openShare(w.deps, w.ctx, { token: guarded.token, pin: '135790', language: 'en' }), 'share_pin_wrong');
        const share = await ownerShare(w);
        await revokeShare(w.deps, w.owner.actor, w.ctx, share.id);
        await refused(openShare(w.deps, w.ctx, { token: share.token, language: 'en' }), 'share_revoked');
      },
    },
    downloadSharedFile: {
      refuses: 'the file to a viewer when download was not allowed, or after a revocation',
      run: async (w) => {
        const viewOnly = await ownerShare(w, { allowDownload: false });
        const opened = await openShare(w.deps, w.ctx, { token: viewOnly.token, language: 'en' });
        expect(opened.downloadGrant).toBeNull();
        const share = await ownerShare(w, { allowDownload: true });
        const grant = (await openShare(w.deps, w.ctx, { token: share.token, language: 'en' })).downloadGrant!;
        await revokeShare(w.deps, w.owner.actor, w.ctx, share.id);
        await refused(downloadSharedFile(w.deps, grant, 'original'), 'share_revoked');
        await refused(downloadSharedFile(w.deps, 'forged-grant', 'original'), 'share_not_found');
      },
    },
  },
  'shares/revoke-share.ts': {
    revokeShare: {
      refuses: "to revoke another resident's link",
      run: async (w) => {
        const share = await ownerShare(w);
        await refused(revokeShare(w.deps, w.stranger.actor, w.ctx, share.id), 'not_found');
        expect((await openShare(w.deps, w.ctx, { token: share.token, language: 'en' })).share).toBeDefined();
      },
    },
    revokeAllShares: {
      refuses: "to revoke another resident's links",
      run: async (w) => {
        const share = await ownerShare(w);
        await revokeAllShares(w.deps, w.stranger.actor, w.ctx);
        expect((await openShare(w.deps, w.ctx, { token: share.token, language: 'en' })).share).toBeDefined();
      },
    },
  },
  'shares/share-view.ts': { shareView: step('the share use-cases') },
  'signatures/issuer-document-signer.ts': { issuerDocumentSigner: step('PDF signing') },
  'signatures/answer-ocsp.ts': { answerOcsp: anon('certificate status is published (OCSP), like the CRL') },
  'signatures/published-ca.ts': { publishedCaFile: anon('CA certificates and CRLs are published') },
  'signatures/sign-issued-pdf.ts': { signIssuedPdf: step('documentPdf') },
  'signatures/tijori-ca.ts': {
    tijoriCa: step('PDF signing and eSign'),
    timestampAuthority: step('PDF signing'),
    currentCrl: anon('CRLs are published'),
    tijoriTrust: anon('the trust list is published'),
    platformXmlSigner: step('requesterEaadhaar (its certificate is published)'),
  },
  'staff/complete-staff-sign-in.ts': {
    completeStaffSignIn: anon('the pending sign-in ticket and the second factor are the proof (lockouts and replay: test/console/console-totp)'),
  },
  'staff/enrol-totp.ts': {
    startTotpEnrolment: own('the staff user its console token names: it has no other account to act on'),
    confirmTotpEnrolment: own('the staff user its console token names: it has no other account to act on'),
  },
  'staff/manage-totp.ts': {
    totpStatus: own('the staff user its console token names: it has no other account to act on'),
    disableTotp: own('the staff user its console token names: it has no other account to act on'),
    renewStaffRecoveryCodes: own('the staff user its console token names: it has no other account to act on'),
  },
  'staff/second-factor.ts': {
    checkSecondFactor: step('the console sign-in and TOTP use-cases'),
    newRecoveryCodes: step('TOTP enrolment and renewal'),
    recordFailedSignIn: step('the console sign-in and TOTP use-cases'),
  },
  'statistics/closed-days.ts': { dailyCounts: step('readStatistics'), issuerCounts: step('readStatistics') },
  'staff/staff-accounts.ts': {
    startStaffSession: step('signInStaff and completeStaffSignIn'),
    authenticateStaffUser: anon('the console token is the proof'),
    createStaffUser: step('the create-operator command and seeding (no network route)'),
    signInStaff: anon('the password is the proof (lockouts: test/abuse)'),
    authenticateStaff: anon('the console token is the proof'),
    signOutStaff: step('the console sign-out, for the session the token named'),
  },
  'statistics/count-pull.ts': { countPull: step('pullDocument') },
  'statistics/fresh-answers.ts': { freshAnswer: step('readStatistics') },
  'statistics/count-verification.ts': { countVerification: step('verification') },
  'statistics/partner-counts.ts': { partnerCounts: anon('aggregate counts, no personal data; any authenticated requester') },
  'statistics/read-statistics.ts': {
    readStatistics: { refuses: 'platform statistics to issuer staff', run: (w) => refused(readStatistics(w.deps, w.cbse, { days: 7 }), 'forbidden') },
  },
  'status/status-lists.ts': {
    allocateStatusEntries: step('issuance'),
    markStatusChanged: step('status changes'),
    publishedStatusList: anon('status lists are published'),
    readPublishedStatus: step('verification'),
  },
  'uploads/bin-file.ts': {
    binUploadedFile: {
      refuses: "to bin another resident's file",
      run: (w) => refused(binUploadedFile(w.deps, w.stranger.actor, w.ownerFile, null), 'not_found'),
    },
    restoreUploadedFile: {
      refuses: "to restore another resident's binned file",
      run: async (w) => {
        const file = await w.uploadPdf(w.owner, 102);
        await binUploadedFile(w.deps, w.owner.actor, file, null);
        await refused(restoreUploadedFile(w.deps, w.stranger.actor, file, null), 'not_found');
      },
    },
  },
  'uploads/combine-photos.ts': {
    combinePhotos: {
      refuses: "another resident's photos in a PDF",
      run: async (w) => {
        const photo = await uploadFile(w.uploads, w.owner.actor, { body: Readable.from([pngFile(20, 20)]), name: 'photo.png' }, null);
        await refused(combinePhotos(w.uploads, w.stranger.actor, { fileIds: [photo.id], name: 'stolen.pdf' }, null), 'not_found');
      },
    },
  },
  'uploads/drive-worker.ts': { startDriveWorker: step('the server process') },
  'uploads/esign-uploads.ts': {
    uploadedEsignDocuments: {
      refuses: "another resident's file as an eSign document",
      run: async (w) => expect(await uploadedEsignDocuments(w.uploads, w.stranger.actor, null).find(w.ownerFile)).toBeUndefined(),
    },
  },
  'uploads/find-owned.ts': {
    findOwnedFile: { refuses: "another resident's file", run: (w) => refused(findOwnedFile(w.deps, w.stranger.actor, w.ownerFile), 'not_found') },
    findOwnedFolder: {
      refuses: "another resident's folder",
      run: async (w) => refused(findOwnedFolder(w.deps, w.stranger.actor, (await createFolder(w.deps, w.owner.actor, { name: 'Mine' })).id), 'not_found'),
    },
  },
  'uploads/folders.ts': {
    listFolders: {
      refuses: "another resident's folders",
      run: async (w) => {
        const folder = await createFolder(w.deps, w.owner.actor, { name: 'Private' });
        expect((await listFolders(w.deps, w.stranger.actor)).map((f) => f.id)).not.toContain(folder.id);
      },
    },
    createFolder: {
      refuses: "a folder inside another resident's folder",
      run: async (w) =>
        refused(
          createFolder(w.deps, w.stranger.actor, { name: 'In', parentId: (await createFolder(w.deps, w.owner.actor, { name: 'Parent' })).id }),
          'not_found',
        ),
    },
    updateFolder: {
      refuses: "to rename another resident's folder",
      run: async (w) =>
        refused(updateFolder(w.deps, w.stranger.actor, (await createFolder(w.deps, w.owner.actor, { name: 'Kept' })).id, { name: 'x' }), 'not_found'),
    },
    deleteFolder: {
      refuses: "to delete another resident's folder",
      run: async (w) =>
        refused(deleteFolder(w.deps, w.stranger.actor, (await createFolder(w.deps, w.owner.actor, { name: 'Kept too' })).id, null), 'not_found'),
    },
  },
  'uploads/list-drive.ts': {
    listDrive: {
      refuses: "another resident's drive, folder or bin",
      run: async (w) => {
        const folder = await createFolder(w.deps, w.owner.actor, { name: 'Hidden' });
        await refused(listDrive(w.uploads, w.stranger.actor, { folderId: folder.id }), 'not_found');
        const all = await listDrive(w.uploads, w.stranger.actor, { q: 'file' });
        expect(JSON.stringify(all)).not.toContain(w.ownerFile);
      },
    },
  },
  'uploads/purge-bin.ts': { purgeBin: step('the drive housekeeping worker') },
  'uploads/read-file.ts': {
    getUploadedFile: { refuses: "another resident's file", run: (w) => refused(getUploadedFile(w.deps, w.stranger.actor, w.ownerFile), 'not_found') },
    getUploadedFileForOwner: {
      refuses: "another resident's file",
      run: (w) => refused(getUploadedFileForOwner(w.deps, w.stranger.actor, w.ownerFile), 'not_found'),
    },
    openUploadedFile: {
      refuses: "another resident's file's content",
      run: (w) => refused(openUploadedFile(w.deps, w.stranger.actor, w.ownerFile, null), 'not_found'),
    },
  },
  'uploads/scan-file.ts': { scanStoredFile: step('uploadFile and the drive worker') },
  'uploads/update-file.ts': {
    updateUploadedFile: {
      refuses: "to rename another resident's file",
      run: (w) => refused(updateUploadedFile(w.deps, w.stranger.actor, w.ownerFile, { name: 'x' }, null), 'not_found'),
    },
  },
  'uploads/upload-file.ts': {
    uploadFile: {
      refuses: "an upload into another resident's folder",
      run: async (w) => {
        const folder = await createFolder(w.deps, w.owner.actor, { name: 'Inbox' });
        await refused(
          uploadFile(w.uploads, w.stranger.actor, { body: Readable.from([pngFile(10, 10)]), name: 'x.png', folderId: folder.id }, null),
          'not_found',
        );
      },
    },
  },
};

/** A new resident with the sandbox's Aadhaar number `index` linked (a name, a photo). */
async function linkedResident(w: World, index: number): Promise<Resident> {
  const r = await w.newResident();
  const person = await sandboxResident(w.t, index);
  const res = await linkAadhaar(w.t, r.cookie, person.aadhaarNumber, person.mobile);
  expect(res.statusCode, res.body).toBe(200);
  return r;
}
