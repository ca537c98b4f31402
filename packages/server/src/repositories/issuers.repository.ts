import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, DocumentTypesTable, IssuerCredentialsTable, IssuersTable, SigningKeysTable } from '../db/schema.js';
import type { DocumentField, LocalizedText, MatchRules, PullParameter } from '../domain/issuers/localized.js';
import { decodeFound, decodeJson, encodeJson, type WithJson, type WithJsonPatch } from './json-columns.js';

interface IssuerJson {
  names: LocalizedText;
}
interface DocumentTypeJson {
  names: LocalizedText;
  parameters: PullParameter[];
  fields: DocumentField[];
  match_rules: MatchRules;
}
/** A public JWK as node:crypto exports it, with kid, alg and use added. */
export type PublicJwk = Record<string, string>;
interface SigningKeyJson {
  public_jwk: PublicJwk;
}

export type IssuerRow = WithJson<Selectable<IssuersTable>, IssuerJson>;
export type DocumentTypeRow = WithJson<Selectable<DocumentTypesTable>, DocumentTypeJson>;
export type CredentialRow = Selectable<IssuerCredentialsTable>;
export type SigningKeyRow = WithJson<Selectable<SigningKeysTable>, SigningKeyJson>;

const issuerOut = (r: Selectable<IssuersTable>): IssuerRow => ({ ...r, names: decodeJson<LocalizedText>(r.names) });
const typeOut = (r: Selectable<DocumentTypesTable>): DocumentTypeRow => ({
  ...r,
  names: decodeJson<LocalizedText>(r.names),
  parameters: decodeJson<PullParameter[]>(r.parameters),
  fields: decodeJson<DocumentField[]>(r.fields),
  match_rules: decodeJson<MatchRules>(r.match_rules),
});
const keyOut = <R extends { public_jwk: string }>(r: R): Omit<R, 'public_jwk'> & SigningKeyJson => ({ ...r, public_jwk: decodeJson<PublicJwk>(r.public_jwk) });

/** The directory: issuers, their document types, API credentials and signing keys. */
export function issuersRepository(db: Kysely<Database>) {
  return {
    async insert(row: WithJson<Insertable<IssuersTable>, IssuerJson>): Promise<void> {
      await db
        .insertInto('issuers')
        .values({ ...row, names: encodeJson(row.names) })
        .execute();
    },
    async update(id: string, patch: WithJsonPatch<Updateable<IssuersTable>, IssuerJson>): Promise<void> {
      const { names, ...rest } = patch;
      await db
        .updateTable('issuers')
        .set({ ...rest, ...(names !== undefined ? { names: encodeJson(names) } : {}) })
        .where('id', '=', id)
        .execute();
    },
    async findById(id: string): Promise<IssuerRow | undefined> {
      return decodeFound(await db.selectFrom('issuers').selectAll().where('id', '=', id).executeTakeFirst(), issuerOut);
    },
    async findByOrgId(orgId: string): Promise<IssuerRow | undefined> {
      return decodeFound(await db.selectFrom('issuers').selectAll().where('org_id', '=', orgId).executeTakeFirst(), issuerOut);
    },
    async list(filter: { category?: string; state?: string; status?: IssuerRow['status'] } = {}): Promise<IssuerRow[]> {
      let q = db.selectFrom('issuers').selectAll();
      if (filter.category) q = q.where('category', '=', filter.category);
      if (filter.state) q = q.where('state', '=', filter.state);
      if (filter.status) q = q.where('status', '=', filter.status);
      return (await q.orderBy('org_id').execute()).map(issuerOut);
    },

    async insertDocumentType(row: WithJson<Insertable<DocumentTypesTable>, DocumentTypeJson>): Promise<void> {
      await db
        .insertInto('document_types')
        .values({
          ...row,
          names: encodeJson(row.names),
          parameters: encodeJson(row.parameters),
          fields: encodeJson(row.fields),
          match_rules: encodeJson(row.match_rules),
        })
        .execute();
    },
    async findDocumentType(issuerId: string, code: string): Promise<DocumentTypeRow | undefined> {
      return decodeFound(
        await db.selectFrom('document_types').selectAll().where('issuer_id', '=', issuerId).where('code', '=', code).executeTakeFirst(),
        typeOut,
      );
    },
    async listDocumentTypes(issuerId?: string): Promise<DocumentTypeRow[]> {
      let q = db.selectFrom('document_types').selectAll();
      if (issuerId) q = q.where('issuer_id', '=', issuerId);
      return (await q.orderBy('code').execute()).map(typeOut);
    },

    async insertCredential(row: Insertable<IssuerCredentialsTable>): Promise<void> {
      await db.insertInto('issuer_credentials').values(row).execute();
    },
    async findCredentialByClientId(clientId: string): Promise<CredentialRow | undefined> {
      return db.selectFrom('issuer_credentials').selectAll().where('client_id', '=', clientId).where('revoked_at', 'is', null).executeTakeFirst();
    },
    async listCredentials(issuerId: string): Promise<CredentialRow[]> {
      return db.selectFrom('issuer_credentials').selectAll().where('issuer_id', '=', issuerId).orderBy('created_at').execute();
    },
    async findCredential(issuerId: string, id: string): Promise<CredentialRow | undefined> {
      return db.selectFrom('issuer_credentials').selectAll().where('id', '=', id).where('issuer_id', '=', issuerId).executeTakeFirst();
    },
    async setCredentialLegacy(issuerId: string, id: string, legacy: boolean): Promise<boolean> {
      const r = await db
        .updateTable('issuer_credentials')
        .set({ legacy_keyhash: legacy ? 1 : 0 })
        .where('id', '=', id)
        .where('issuer_id', '=', issuerId)
        .where('kind', '=', 'digilocker')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** At most one write a minute per credential: "last used" is for people, not an access log. */
    async touchCredential(id: string, now: number): Promise<void> {
      await db
        .updateTable('issuer_credentials')
        .set({ last_used_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', now - 60_000)]))
        .execute();
    },
    async revokeCredential(issuerId: string, id: string, now: number): Promise<boolean> {
      const r = await db
        .updateTable('issuer_credentials')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('issuer_id', '=', issuerId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async insertSigningKey(row: WithJson<Insertable<SigningKeysTable>, SigningKeyJson>): Promise<void> {
      await db
        .insertInto('signing_keys')
        .values({ ...row, public_jwk: encodeJson(row.public_jwk) })
        .execute();
    },
    async activeSigningKey(issuerId: string): Promise<SigningKeyRow | undefined> {
      return decodeFound(
        await db
          .selectFrom('signing_keys')
          .selectAll()
          .where('issuer_id', '=', issuerId)
          .where('status', '=', 'active')
          .orderBy('created_at', 'desc')
          .executeTakeFirst(),
        keyOut,
      );
    },
    async xmlSigningKey(issuerId: string): Promise<SigningKeyRow | undefined> {
      return decodeFound(
        await db
          .selectFrom('signing_keys')
          .selectAll()
          .where('issuer_id', '=', issuerId)
          .where('status', '=', 'xml-dsig')
          .orderBy('created_at', 'desc')
          .executeTakeFirst(),
        keyOut,
      );
    },
    async findSigningKey(kid: string): Promise<SigningKeyRow | undefined> {
      return decodeFound(await db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst(), keyOut);
    },
    /** The public half only (verification never needs the sealed private key). */
    async findPublicKey(kid: string): Promise<Pick<SigningKeyRow, 'kid' | 'issuer_id' | 'alg' | 'public_jwk'> | undefined> {
      return decodeFound(
        await db.selectFrom('signing_keys').select(['kid', 'issuer_id', 'alg', 'public_jwk']).where('kid', '=', kid).executeTakeFirst(),
        keyOut,
      );
    },
    /** Every key the issuer ever used, so old documents keep verifying. */
    async listSigningKeys(issuerId: string): Promise<SigningKeyRow[]> {
      return (await db.selectFrom('signing_keys').selectAll().where('issuer_id', '=', issuerId).orderBy('created_at').execute()).map(keyOut);
    },
    async retireSigningKeys(issuerId: string, now: number): Promise<void> {
      await db
        .updateTable('signing_keys')
        .set({ status: 'retired', retired_at: now })
        .where('issuer_id', '=', issuerId)
        .where('status', '=', 'active')
        .execute();
    },
  };
}

export type IssuersRepository = ReturnType<typeof issuersRepository>;
