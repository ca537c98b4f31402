import { AppError } from '../../lib/errors.js';

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

export type DirectoryActor = OperatorActor | IssuerActor;

/** Operators may act for any issuer; an issuer only for itself. */
export function assertActsFor(actor: DirectoryActor, issuerId: string): void {
  if (actor.kind === 'operator') return;
  // Another issuer's object looks the same as a missing one.
  if (actor.issuerId !== issuerId) throw new AppError('not_found', 'No such issuer.');
}

export function assertOperator(actor: DirectoryActor): asserts actor is OperatorActor {
  if (actor.kind !== 'operator') throw new AppError('forbidden', 'Only a platform operator may do this.');
}

/**
 * Minting credentials and rotating signing keys are for people (operators and issuer console
 * staff): a leaked API key must not be able to entrench itself by creating more.
 */
export function assertNotMachine(actor: DirectoryActor): void {
  if (actor.kind === 'issuer' && actor.via !== 'staff') throw new AppError('forbidden', 'An API key cannot do this; sign in to the console as an issuer administrator or operator.');
}

/** "staff:<id>", "api_key:<id>" or "digilocker:<id>": who acted, as credentials and the audit log record it. */
export function actorRef(actor: DirectoryActor): { kind: 'staff' | 'api_key' | 'digilocker'; id: string } {
  if (actor.kind === 'operator') return { kind: 'staff', id: actor.staffId };
  return { kind: actor.via, id: actor.principalId };
}
