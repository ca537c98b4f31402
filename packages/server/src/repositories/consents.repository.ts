import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ConsentsTable, Database, OauthCodesTable, OauthRequestsTable, OauthTokensTable } from '../db/schema.js';
import { preparedQuery } from '../db/prepared.js';
import { decodeFound, decodeJson, decodeNullableJson, encodeJson, encodeNullableJson, type WithJson } from './json-columns.js';

/** Uploaded files and folders (ids) a consent covers under `files.uploadeddocs`; a folder covers what is in it. */
export interface DriveGrant {
  files: string[];
  folders: string[];
  /** Files added after the consent was granted (the requester's own uploads to its top): id → when (ms). */
  addedAt?: Record<string, number>;
}

/** The URIs of the documents a consent covers, and its part of the drive (null: the whole drive). */
interface ConsentJson {
  documents: string[];
  uploads: DriveGrant | null;
}
/** The document types the requester asked for (empty: any). */
interface OauthRequestJson {
  doc_types: string[];
}

export type ConsentRow = WithJson<Selectable<ConsentsTable>, ConsentJson>;
export type OauthRequestRow = WithJson<Selectable<OauthRequestsTable>, OauthRequestJson>;
export type OauthCodeRow = Selectable<OauthCodesTable>;
export type OauthTokenRow = Selectable<OauthTokensTable>;

const documentsOut = <R extends { documents: string; uploads: string | null }>(r: R): Omit<R, keyof ConsentJson> & ConsentJson => ({
  ...r,
  documents: decodeJson<string[]>(r.documents),
  uploads: decodeNullableJson<DriveGrant>(r.uploads),
});
const requestOut = (r: Selectable<OauthRequestsTable>): OauthRequestRow => ({ ...r, doc_types: decodeJson<string[]>(r.doc_types) });

/** A token with what decides whether it still works, read in one query on every request. */
export interface LiveToken extends OauthTokenRow {
  resident_id: string;
  scope: string;
  documents: string[];
  uploads: DriveGrant | null;
  valid_until: number;
  withdrawn_at: number | null;
  requester_status: string;
  client_id: string;
}

const updated = (res: { numUpdatedRows: bigint }) => Number(res.numUpdatedRows);

const tokenByHash = preparedQuery((db, tokenHash: string) =>
  db
    .selectFrom('oauth_tokens as t')
    .innerJoin('consents as c', 'c.id', 't.consent_id')
    .innerJoin('requesters as r', 'r.id', 't.requester_id')
    .selectAll('t')
    .select(['c.resident_id', 'c.scope', 'c.documents', 'c.uploads', 'c.valid_until', 'c.withdrawn_at', 'r.status as requester_status', 'r.client_id'])
    .where('t.token_hash', '=', tokenHash),
);
const consentById = preparedQuery((db, id: string) => db.selectFrom('consents').selectAll().where('id', '=', id));
const codeByHash = preparedQuery((db, codeHash: string) => db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash));
const useCode = preparedQuery((db, now: number, codeHash: string) =>
  db.updateTable('oauth_codes').set({ used_at: now }).where('code_hash', '=', codeHash).where('used_at', 'is', null).returning('code_hash'),
);
const insertToken = preparedQuery(
  (
    db,
    tokenHash: string,
    kind: string,
    consentId: string,
    requesterId: string,
    family: string,
    createdAt: number,
    expiresAt: number,
    usedAt: number | null,
    revokedAt: number | null,
  ) =>
    db.insertInto('oauth_tokens').values({
      token_hash: tokenHash,
      kind: kind as OauthTokensTable['kind'],
      consent_id: consentId,
      requester_id: requesterId,
      family,
      created_at: createdAt,
      expires_at: expiresAt,
      used_at: usedAt,
      revoked_at: revokedAt,
    }),
);
const recordUse = preparedQuery((db, now: number, times: number, consentId: string) =>
  db
    .updateTable('consents')
    .set((eb) => ({ last_used_at: now, access_count: eb('access_count', '+', times) }))
    .where('id', '=', consentId),
);

/** Authorisation requests, consents, codes and tokens. Codes and tokens are stored as hashes. */
export function consentsRepository(db: Kysely<Database>) {
  return {
    async insertRequest(row: WithJson<Insertable<OauthRequestsTable>, OauthRequestJson>): Promise<void> {
      await db
        .insertInto('oauth_requests')
        .values({ ...row, doc_types: encodeJson(row.doc_types) })
        .execute();
    },
    async findRequest(id: string): Promise<OauthRequestRow | undefined> {
      return decodeFound(await db.selectFrom('oauth_requests').selectAll().where('id', '=', id).executeTakeFirst(), requestOut);
    },
    /** Binds an open request to the resident answering it; false when another resident holds it. */
    async claimRequest(id: string, residentId: string): Promise<boolean> {
      const res = await db
        .updateTable('oauth_requests')
        .set({ resident_id: residentId })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('resident_id', 'is', null), eb('resident_id', '=', residentId)]))
        .executeTakeFirst();
      return updated(res) === 1;
    },
    /** Marks an open request used; false when it was used already (exactly one caller wins). */
    async useRequest(id: string, now: number): Promise<boolean> {
      return updated(await db.updateTable('oauth_requests').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst()) === 1;
    },

    async insertConsent(row: WithJson<Insertable<ConsentsTable>, ConsentJson>): Promise<void> {
      await db
        .insertInto('consents')
        .values({ ...row, documents: encodeJson(row.documents), uploads: encodeNullableJson(row.uploads) })
        .execute();
    },
    async findConsent(id: string): Promise<ConsentRow | undefined> {
      return decodeFound((await consentById(db, id))[0], documentsOut);
    },
    async listConsents(residentId: string): Promise<ConsentRow[]> {
      return (await db.selectFrom('consents').selectAll().where('resident_id', '=', residentId).orderBy('granted_at', 'desc').limit(500).execute()).map(
        documentsOut,
      );
    },
    async withdrawConsent(residentId: string, id: string, now: number): Promise<boolean> {
      const n = updated(
        await db
          .updateTable('consents')
          .set({ withdrawn_at: now })
          .where('id', '=', id)
          .where('resident_id', '=', residentId)
          .where('withdrawn_at', 'is', null)
          .executeTakeFirst(),
      );
      if (n === 1) await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('consent_id', '=', id).where('revoked_at', 'is', null).execute();
      return n === 1;
    },
    /** Adds a document to a consent if its list is still `before` (optimistic: false means read again). */
    async addConsentDocument(consentId: string, before: string[], uri: string): Promise<boolean> {
      if (before.includes(uri)) return true;
      return (
        updated(
          await db
            .updateTable('consents')
            .set({ documents: encodeJson([...before, uri]) })
            .where('id', '=', consentId)
            .where('documents', '=', encodeJson(before))
            .executeTakeFirst(),
        ) === 1
      );
    },
    /**
     * Adds a file to a consent's picked drive part if it is still `before` and the consent is not
     * withdrawn (optimistic: false means read again).
     */
    async addConsentDriveFile(consentId: string, before: DriveGrant, fileId: string, now: number): Promise<boolean> {
      const after: DriveGrant = { ...before, files: [...before.files, fileId], addedAt: { ...before.addedAt, [fileId]: now } };
      return (
        updated(
          await db
            .updateTable('consents')
            .set({ uploads: encodeJson(after) })
            .where('id', '=', consentId)
            .where('uploads', '=', encodeJson(before))
            .where('withdrawn_at', 'is', null)
            .executeTakeFirst(),
        ) === 1
      );
    },
    /** `times` accesses at `now` (several requests' access records may share one transaction). */
    async recordUse(consentId: string, now: number, times = 1): Promise<void> {
      await recordUse(db, now, times, consentId);
    },

    async insertCode(row: Insertable<OauthCodesTable>): Promise<void> {
      await db.insertInto('oauth_codes').values(row).execute();
    },
    async findCode(codeHash: string): Promise<OauthCodeRow | undefined> {
      return (await codeByHash(db, codeHash))[0];
    },
    async useCode(codeHash: string, now: number): Promise<boolean> {
      return (await useCode(db, now, codeHash)).length === 1;
    },

    async insertTokens(rows: Insertable<OauthTokensTable>[]): Promise<void> {
      for (const r of rows)
        await insertToken(
          db,
          r.token_hash,
          r.kind,
          r.consent_id,
          r.requester_id,
          r.family,
          r.created_at,
          r.expires_at,
          r.used_at ?? null,
          r.revoked_at ?? null,
        );
    },
    async findToken(tokenHash: string): Promise<LiveToken | undefined> {
      return decodeFound((await tokenByHash(db, tokenHash))[0], documentsOut);
    },
    /** Marks a refresh token used; false when it was used or revoked already. */
    async useRefreshToken(tokenHash: string, now: number): Promise<boolean> {
      return (
        updated(
          await db
            .updateTable('oauth_tokens')
            .set({ used_at: now })
            .where('token_hash', '=', tokenHash)
            .where('kind', '=', 'refresh')
            .where('used_at', 'is', null)
            .where('revoked_at', 'is', null)
            .executeTakeFirst(),
        ) === 1
      );
    },
    async revokeFamily(family: string, now: number): Promise<number> {
      return updated(
        await db.updateTable('oauth_tokens').set({ revoked_at: now }).where('family', '=', family).where('revoked_at', 'is', null).executeTakeFirst(),
      );
    },
    async revokeForRequester(requesterId: string, now: number): Promise<number> {
      return updated(
        await db
          .updateTable('oauth_tokens')
          .set({ revoked_at: now })
          .where('requester_id', '=', requesterId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst(),
      );
    },
  };
}
