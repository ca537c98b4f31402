import { AppError } from '../lib/errors.js';
import type { DriveGrant } from '../repositories/consents.repository.js';

/**
 * Who acts, for every use-case in one place. Each use-case names the actors it accepts in its
 * signature, so passing the wrong kind fails the type-check before a guard below refuses it.
 */

/** A signed-in resident, as established by the session (or by a consent: `sessionId` "consent:<id>"). */
export interface ResidentActor {
  kind: 'resident';
  residentId: string;
  sessionId: string;
}

/** A platform operator (the "Digital Locker Directory"), signed in to the console. */
export interface OperatorActor {
  kind: 'operator';
  staffId: string;
}

/** An issuer, acting through an API key, a DigiLocker client credential, or its console staff. */
export interface IssuerActor {
  kind: 'issuer';
  issuerId: string;
  via: 'api_key' | 'digilocker' | 'staff';
  principalId: string;
}

/** Whoever reaches the directory from outside: an operator or an issuer. */
export type DirectoryActor = OperatorActor | IssuerActor;

/** A requester (a bank, an employer) acting under one live consent, as a bearer access token establishes. */
export interface RequesterActor {
  kind: 'requester';
  consentId: string;
  requesterId: string;
  clientId: string;
  residentId: string;
  scopes: string[];
  documents: string[];
  /** The drive files and folders its consent covers under files.uploadeddocs; null: the whole drive. */
  uploads: DriveGrant | null;
}

/**
 * Tijori itself, doing on an issuer's behalf what someone asked for. Nobody signed in as it and
 * no credential stands behind it, so it is neither a person nor an issuer's machine: only the
 * use-cases its tasks need (issuing) accept it, and only for `issuerId`.
 */
export type SystemActor = PullSystemActor | BulkSystemActor;

/**
 * A resident's pull: the issuer's record (hosted here, or fetched from its endpoint: "pull-remote")
 * issued into that resident's locker, and no other.
 */
export interface PullSystemActor {
  kind: 'system';
  task: 'pull' | 'pull-remote';
  issuerId: string;
  /** The resident whose pull this is: the only holder it may issue to. */
  residentId: string;
}

/** A bulk job the issuer uploaded (audited then, with who did it), run by the bulk worker. */
export interface BulkSystemActor {
  kind: 'system';
  task: 'bulk';
  issuerId: string;
  jobId: string;
}

/** Nobody known (a failed console sign-in): the audit log still records the attempt. */
export interface AnonymousActor {
  kind: 'anonymous';
}

/** A requester calling a meta API with its client credentials: no resident's consent behind it. */
export interface RequesterClientActor {
  kind: 'requester_client';
  requesterId: string;
  clientId: string;
}

/**
 * Someone at the server's own command line (`create-operator`) or the demo seed: whoever can run
 * commands on the host, with no console account behind it. Recorded as "system:cli:<command>".
 */
export interface HostActor {
  kind: 'host';
  command: 'create-operator' | 'seed-demo';
}

/** Who the audit log records as having acted. */
export type AuditActor = DirectoryActor | SystemActor | AnonymousActor | RequesterClientActor | HostActor;

/** Operators may act for any issuer; an issuer (or Tijori on its behalf) only for itself. */
export function assertActsFor(actor: DirectoryActor | SystemActor, issuerId: string): void {
  if (actor.kind === 'operator') return;
  // Another issuer's object looks the same as a missing one.
  if (actor.issuerId !== issuerId) throw new AppError('not_found', 'No such issuer.');
}

/**
 * An issuer (or an operator) issues to whoever it names; Tijori, pulling for a resident, only
 * into that resident's own locker.
 */
export function assertMayIssueTo(actor: DirectoryActor | SystemActor, holders: { lockerId?: string; mobile?: string; aadhaar?: string }[]): void {
  if (actor.kind !== 'system' || actor.task === 'bulk') return;
  if (holders.some((h) => h.lockerId !== actor.residentId || h.mobile !== undefined || h.aadhaar !== undefined)) {
    throw new AppError('forbidden', 'A pull issues only into the locker of the resident who pulls.');
  }
}

export function assertOperator(actor: DirectoryActor): asserts actor is OperatorActor {
  if (actor.kind !== 'operator') throw new AppError('forbidden', 'Only a platform operator may do this.');
}

/**
 * Minting credentials and rotating signing keys are for people (operators and issuer console
 * staff): a leaked API key must not be able to entrench itself by creating more. (The system
 * actor is not a DirectoryActor: those use-cases do not accept it at all.)
 */
export function assertNotMachine(actor: DirectoryActor): void {
  if (actor.kind === 'issuer' && actor.via !== 'staff')
    throw new AppError('forbidden', 'An API key cannot do this; sign in to the console as an issuer administrator or operator.');
}

/**
 * "staff:<id>", "api_key:<id>", "digilocker:<id>", "system:pull", "system:pull-remote" or
 * "system:bulk:<job id>": who acted, as credentials and the audit log record it.
 */
export function actorRef(actor: DirectoryActor | SystemActor): { kind: 'staff' | 'api_key' | 'digilocker' | 'system'; id: string } {
  if (actor.kind === 'operator') return { kind: 'staff', id: actor.staffId };
  if (actor.kind === 'system') return { kind: 'system', id: actor.task === 'bulk' ? `bulk:${actor.jobId}` : actor.task };
  return { kind: actor.via, id: actor.principalId };
}
