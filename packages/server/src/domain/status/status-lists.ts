import { signCompactJwsJson } from '../../crypto/signing-keys.js';
import {
  decodeStatusList,
  encodeStatusList,
  permutationKeys,
  permutedIndex,
  statusBit,
  STATUS_LIST_CAPACITY,
  type StatusPurpose,
} from '../../artifacts/bitstring-status-list.js';
import { verifyJws } from '../../artifacts/credential.js';
import { AppError } from '../../lib/errors.js';
import type { StatusListRow } from '../../repositories/status-lists.repository.js';
import type { DomainDeps } from '../context.js';
import { verificationKey } from '../issuers/key-cache.js';
import { issuerDid } from '../issuers/publish-keys.js';
import { activeSigner } from '../issuers/signing.js';

/** How long a verifier may use a fetched list (the credential's `ttl`, and HTTP max-age). */
export const STATUS_LIST_TTL_MS = 5 * 60 * 1000;
/** A list credential is valid for a day and re-signed after half of it, even when nothing changed. */
const VALIDITY_MS = 24 * 60 * 60 * 1000;

export interface StatusEntry {
  listId: string;
  index: number;
}

/** The stable public URL of one list credential. */
export function statusListUrl(publicUrl: string, listId: string, purpose: StatusPurpose): string {
  return `${publicUrl.replace(/\/$/, '')}/status/${listId}/${purpose}`;
}

/**
 * Hands out `count` status-list entries for new documents of an issuer. Each list's counter is
 * reserved with one atomic UPDATE (safe across processes); the counter is mapped to an index by
 * the list's keyed permutation, so indexes look random and never collide. Entries reserved for
 * a batch that is then not stored are simply never used.
 */
export async function allocateStatusEntries(deps: DomainDeps, issuerId: string, count: number): Promise<StatusEntry[]> {
  const out: StatusEntry[] = [];
  while (out.length < count) {
    let list = await deps.repos.statusLists.openList(issuerId);
    if (!list) {
      const now = deps.clock.now();
      const row = {
        id: deps.ids.uuid(),
        issuer_id: issuerId,
        capacity: STATUS_LIST_CAPACITY,
        allocated: 0,
        permutation_key: deps.random.bytes(16).toString('hex'),
        revision: 0,
        built_revision: null,
        revocation_jwt: null,
        suspension_jwt: null,
        built_at: null,
        created_at: now,
      };
      await deps.repos.statusLists.insert(row);
      list = row;
    }
    const take = Math.min(count - out.length, list.capacity - list.allocated);
    const start = await deps.repos.statusLists.reserve(list.id, take);
    if (start === undefined) continue; // another writer took the room: look again
    const keys = permutationKeys(list.permutation_key);
    for (let n = start; n < start + take; n++) out.push({ listId: list.id, index: permutedIndex(n, keys, list.capacity) });
  }
  return out;
}

/** A document on this list was revoked, suspended or reinstated: the published lists are rebuilt on their next fetch. */
export async function markStatusChanged(deps: DomainDeps, listId: string | null): Promise<void> {
  if (listId) await deps.repos.statusLists.bump(listId);
}

async function build(deps: DomainDeps, list: StatusListRow): Promise<{ revocation: string; suspension: string }> {
  const revision = list.revision;
  const flagged = await deps.repos.statusLists.flagged(list.id);
  const issuer = await deps.repos.issuers.findById(list.issuer_id);
  if (!issuer) throw new AppError('not_found', 'No such status list.');
  const signer = await activeSigner(deps, issuer.id);
  const did = issuerDid(deps.publicUrl, issuer.org_id);
  const now = deps.clock.now();
  const sign = (purpose: StatusPurpose) => {
    const set = flagged.filter((f) => f.status_index !== null && f.status === (purpose === 'revocation' ? 'revoked' : 'suspended')).map((f) => f.status_index!);
    const url = statusListUrl(deps.publicUrl, list.id, purpose);
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: did,
      validFrom: new Date(now).toISOString(),
      validUntil: new Date(now + VALIDITY_MS).toISOString(),
      credentialSubject: {
        id: `${url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: purpose,
        encodedList: encodeStatusList(set, list.capacity),
        ttl: STATUS_LIST_TTL_MS,
      },
    };
    return signCompactJwsJson(
      signer.key,
      { alg: signer.alg, typ: 'vc+jwt', kid: `${did}#${signer.kid}` },
      JSON.stringify({ ...credential, iss: did, iat: Math.floor(now / 1000) }),
    );
  };
  const jwts = { revocation: sign('revocation'), suspension: sign('suspension') };
  await deps.repos.statusLists.storeBuilt(list.id, revision, jwts, now);
  return jwts;
}

interface Published {
  /** The revision the copy shows. */
  revision: number;
  builtAt: number;
  revocation: string;
  suspension: string;
}

/** Per database: the signed copies this process serves, and the builds under way (one per list). */
const cache = new WeakMap<object, { copies: Map<string, Published>; building: Map<string, { revision: number; done: Promise<Published> }> }>();

/** What a status list's row says of its published copy: the revision it is at, and the one built. */
export type ListFreshness = NonNullable<Awaited<ReturnType<DomainDeps['repos']['statusLists']['freshness']>>>;

/**
 * The signed list credential (vc+jwt) for a purpose, as published. Served from this process's
 * copy while the list's revision (one small read) says it is current; else from the copy stored
 * with the list, rebuilt (one query over the list's revoked and suspended documents) only when a
 * status changed since or the copy is half-way to its validUntil. Requests that find the list
 * stale at the same time wait for one build, not one each.
 */
export async function publishedStatusList(
  deps: DomainDeps,
  listId: string,
  purpose: StatusPurpose,
  /** The list's freshness when the caller read it already (a verification reads both purposes' lists after one read). */
  known?: { state: ListFreshness | undefined },
): Promise<{ jwt: string; builtAt: number }> {
  const state = known ? known.state : await deps.repos.statusLists.freshness(listId);
  if (!state) throw new AppError('not_found', 'No such status list.');
  let mine = cache.get(deps.db);
  if (!mine) cache.set(deps.db, (mine = { copies: new Map(), building: new Map() }));
  const usable = (p: Published) => p.revision >= state.revision && deps.clock.now() - p.builtAt < VALIDITY_MS / 2;
  let copy = mine.copies.get(listId);
  if (!copy || !usable(copy)) {
    let build = mine.building.get(listId);
    if (!build || build.revision < state.revision) {
      const done = load(deps, listId);
      build = { revision: state.revision, done };
      mine.building.set(listId, build);
      const own = build;
      void done.then(
        () => mine.building.get(listId) === own && mine.building.delete(listId),
        () => mine.building.get(listId) === own && mine.building.delete(listId),
      );
    }
    copy = await build.done;
    if (mine.copies.size >= 10_000) mine.copies.clear();
    const held = mine.copies.get(listId);
    if (!held || held.revision <= copy.revision) mine.copies.set(listId, copy);
  }
  return { jwt: purpose === 'revocation' ? copy.revocation : copy.suspension, builtAt: copy.builtAt };
}

/** The list's stored copy when it is current, else a fresh build (stored for every process). */
async function load(deps: DomainDeps, listId: string): Promise<Published> {
  const list = await deps.repos.statusLists.find(listId);
  if (!list) throw new AppError('not_found', 'No such status list.');
  const fresh =
    list.built_revision !== null && list.built_revision >= list.revision && list.built_at !== null && deps.clock.now() - list.built_at < VALIDITY_MS / 2;
  if (fresh && list.revocation_jwt && list.suspension_jwt)
    return { revision: list.built_revision!, builtAt: list.built_at!, revocation: list.revocation_jwt, suspension: list.suspension_jwt };
  const built = await build(deps, list);
  return { revision: list.revision, builtAt: deps.clock.now(), ...built };
}

/** Decoded lists by their JWT: a verification re-reads the bits, not the GZIP. */
const decoded = new Map<string, Uint8Array | null>();

/**
 * Reads an entry's status the way an outside verifier does: take the published list credential,
 * check its signature against the issuer's published key and that it is this list of this
 * issuer, check it is still valid, decode `encodedList` and read the bit.
 */
export async function readPublishedStatus(
  deps: DomainDeps,
  issuerId: string,
  entry: StatusEntry,
  purpose: StatusPurpose,
  known?: { state: ListFreshness | undefined },
): Promise<{ set: boolean; listedAt: number } | null> {
  let published;
  try {
    published = await publishedStatusList(deps, entry.listId, purpose, known);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  }
  let bits = decoded.get(published.jwt);
  if (bits === undefined) {
    let signer: string | undefined;
    const verified = await verifyJws<{ id?: string; validUntil?: string; credentialSubject?: { statusPurpose?: string; encodedList?: string } }>(
      published.jwt,
      async (kid) => {
        const key = await verificationKey(deps, kid);
        signer = key?.issuerId;
        return key?.key;
      },
    );
    const subject = verified?.payload.credentialSubject;
    const ok =
      verified &&
      signer === issuerId &&
      verified.payload.id === statusListUrl(deps.publicUrl, entry.listId, purpose) &&
      subject?.statusPurpose === purpose &&
      typeof subject.encodedList === 'string' &&
      Date.parse(verified.payload.validUntil ?? '') > deps.clock.now();
    try {
      bits = ok ? decodeStatusList(subject!.encodedList!) : null;
    } catch {
      bits = null;
    }
    if (decoded.size > 500) decoded.clear();
    decoded.set(published.jwt, bits);
  }
  if (!bits || entry.index >= bits.length * 8) return null;
  return { set: statusBit(bits, entry.index), listedAt: published.builtAt };
}

/** The entry a credential names in its `credentialStatus`, when it is a list of this platform. */
export function entryFromCredentialStatus(publicUrl: string, credentialStatus: unknown): StatusEntry | null {
  const entries = Array.isArray(credentialStatus) ? credentialStatus : credentialStatus ? [credentialStatus] : [];
  const prefix = `${publicUrl.replace(/\/$/, '')}/status/`;
  for (const e of entries as Record<string, unknown>[]) {
    if (e?.type !== 'BitstringStatusListEntry' || typeof e.statusListCredential !== 'string' || typeof e.statusListIndex !== 'string') continue;
    if (!e.statusListCredential.startsWith(prefix) || !/^\d{1,7}$/.test(e.statusListIndex)) continue;
    const listId = e.statusListCredential.slice(prefix.length).split('/')[0]!;
    if (listId) return { listId, index: Number(e.statusListIndex) };
  }
  return null;
}
