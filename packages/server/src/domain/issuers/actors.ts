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
