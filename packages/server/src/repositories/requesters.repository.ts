import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, RequesterLogosTable, RequestersTable } from '../db/schema.js';
import type { LocalizedText } from '../domain/issuers/localized.js';
import { preparedQuery } from '../db/prepared.js';
import { decodeFound, decodeJson, decodeNullableJson, encodeJson, encodeNullableJson, type WithJson } from './json-columns.js';
import { atomically } from './atomically.js';

/** A requester's public key for `private_key_jwt` (public members only). */
export interface RequesterPublicJwk {
  kty: 'RSA' | 'EC';
  alg: 'RS256' | 'ES256';
  kid?: string;
  n?: string;
  e?: string;
  crv?: 'P-256';
  x?: string;
  y?: string;
}

interface RequesterJson {
  names: LocalizedText;
  purpose: LocalizedText;
  redirect_uris: string[];
  scopes: string[];
  doc_types: string[];
  public_jwk: RequesterPublicJwk | null;
}

export type RequesterRow = WithJson<Selectable<RequestersTable>, RequesterJson>;

const out = (r: Selectable<RequestersTable>): RequesterRow => ({
  ...r,
  names: decodeJson<LocalizedText>(r.names),
  purpose: decodeJson<LocalizedText>(r.purpose),
  redirect_uris: decodeJson<string[]>(r.redirect_uris),
  scopes: decodeJson<string[]>(r.scopes),
  doc_types: decodeJson<string[]>(r.doc_types),
  public_jwk: decodeNullableJson<RequesterPublicJwk>(r.public_jwk),
});

const requesterById = preparedQuery((db, id: string) => db.selectFrom('requesters').selectAll().where('id', '=', id));
const requesterByClientId = preparedQuery((db, clientId: string) => db.selectFrom('requesters').selectAll().where('client_id', '=', clientId));

export function requestersRepository(db: Kysely<Database>) {
  return {
    async insert(row: WithJson<Insertable<RequestersTable>, RequesterJson>): Promise<void> {
      const { names, purpose, redirect_uris, scopes, doc_types, public_jwk, ...rest } = row;
      await db
        .insertInto('requesters')
        .values({
          ...rest,
          names: encodeJson(names),
          purpose: encodeJson(purpose),
          redirect_uris: encodeJson(redirect_uris),
          scopes: encodeJson(scopes),
          doc_types: encodeJson(doc_types),
          public_jwk: encodeNullableJson(public_jwk),
        })
        .execute();
    },
    async findById(id: string): Promise<RequesterRow | undefined> {
      return decodeFound((await requesterById(db, id))[0], out);
    },
    async findByClientId(clientId: string): Promise<RequesterRow | undefined> {
      return decodeFound((await requesterByClientId(db, clientId))[0], out);
    },
    async list(): Promise<RequesterRow[]> {
      return (await db.selectFrom('requesters').selectAll().orderBy('created_at', 'desc').execute()).map(out);
    },
    /** Status and secrets; the registered names, URIs and scopes are not edited in place. */
    async update(id: string, changes: Omit<Updateable<RequestersTable>, keyof RequesterJson>): Promise<boolean> {
      const res = await db.updateTable('requesters').set(changes).where('id', '=', id).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
    /**
     * Points the requester at a logo (stored once per content) or at none; a logo no requester
     * shows any more is deleted.
     */
    async setLogo(id: string, logo: RequesterLogosTable | null, now: number): Promise<void> {
      await atomically(db, async (trx) => {
        const before = await trx.selectFrom('requesters').select('logo_sha256').where('id', '=', id).executeTakeFirst();
        if (logo)
          await trx
            .insertInto('requester_logos')
            .values(logo)
            .onConflict((oc) => oc.column('sha256').doNothing())
            .execute();
        await trx
          .updateTable('requesters')
          .set({ logo_sha256: logo?.sha256 ?? null, updated_at: now })
          .where('id', '=', id)
          .execute();
        const old = before?.logo_sha256;
        if (old && old !== logo?.sha256) {
          const still = await trx.selectFrom('requesters').select('id').where('logo_sha256', '=', old).executeTakeFirst();
          if (!still) await trx.deleteFrom('requester_logos').where('sha256', '=', old).execute();
        }
      });
    },
    async findLogo(sha256: string): Promise<Selectable<RequesterLogosTable> | undefined> {
      const row = await db.selectFrom('requester_logos').selectAll().where('sha256', '=', sha256).executeTakeFirst();
      // SQLite drivers may answer a Uint8Array.
      return row && { ...row, bytes: Buffer.from(row.bytes) };
    },
    /**
     * Records a client assertion's jti (hashed) until it expires; false when it was already
     * recorded (a replay). Expired ones are swept on the way.
     */
    async recordAssertion(jtiHash: string, requesterId: string, expiresAt: number, now: number): Promise<boolean> {
      await db.deleteFrom('oauth_client_assertions').where('expires_at', '<', now).execute();
      const res = await db
        .insertInto('oauth_client_assertions')
        .values({ jti_hash: jtiHash, requester_id: requesterId, expires_at: expiresAt })
        .onConflict((oc) => oc.column('jti_hash').doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}
