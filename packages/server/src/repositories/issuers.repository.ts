import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, DocumentTypesTable, IssuerCredentialsTable, IssuersTable, SigningKeysTable } from '../db/schema.js';

export type IssuerRow = Selectable<IssuersTable>;
export type DocumentTypeRow = Selectable<DocumentTypesTable>;
export type CredentialRow = Selectable<IssuerCredentialsTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;

/** The directory: issuers, their document types, API credentials and signing keys. */
export function issuersRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<IssuersTable>): Promise<void> {
      await db.insertInto('issuers').values(row).execute();
    },
    async update(id: string, patch: Updateable<IssuersTable>): Promise<void> {
      await db.updateTable('issuers').set(patch).where('id', '=', id).execute();
    },
    async findById(id: string): Promise<IssuerRow | undefined> {
      return db.selectFrom('issuers').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByOrgId(orgId: string): Promise<IssuerRow | undefined> {
      return db.selectFrom('issuers').selectAll().where('org_id', '=', orgId).executeTakeFirst();
    },
    async list(filter: { category?: string; state?: string; status?: IssuerRow['status'] } = {}): Promise<IssuerRow[]> {
      let q = db.selectFrom('issuers').selectAll();
      if (filter.category) q = q.where('category', '=', filter.category);
      if (filter.state) q = q.where('state', '=', filter.state);
      if (filter.status) q = q.where('status', '=', filter.status);
      return q.orderBy('org_id').execute();
    },

    async insertDocumentType(row: Insertable<DocumentTypesTable>): Promise<void> {
      await db.insertInto('document_types').values(row).execute();
    },
    async findDocumentType(issuerId: string, code: string): Promise<DocumentTypeRow | undefined> {
      return db.selectFrom('document_types').selectAll().where('issuer_id', '=', issuerId).where('code', '=', code).executeTakeFirst();
    },
    async listDocumentTypes(issuerId?: string): Promise<DocumentTypeRow[]> {
      let q = db.selectFrom('document_types').selectAll();
      if (issuerId) q = q.where('issuer_id', '=', issuerId);
      return q.orderBy('code').execute();
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
      const r = await db.updateTable('issuer_credentials').set({ legacy_keyhash: legacy ? 1 : 0 }).where('id', '=', id).where('issuer_id', '=', issuerId).where('kind', '=', 'digilocker').executeTakeFirst();
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
      const r = await db.updateTable('issuer_credentials').set({ revoked_at: now }).where('id', '=', id).where('issuer_id', '=', issuerId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async insertSigningKey(row: Insertable<SigningKeysTable>): Promise<void> {
      await db.insertInto('signing_keys').values(row).execute();
    },
    async activeSigningKey(issuerId: string): Promise<SigningKeyRow | undefined> {
      return db.selectFrom('signing_keys').selectAll().where('issuer_id', '=', issuerId).where('status', '=', 'active').orderBy('created_at', 'desc').executeTakeFirst();
    },
    async xmlSigningKey(issuerId: string): Promise<SigningKeyRow | undefined> {
      return db.selectFrom('signing_keys').selectAll().where('issuer_id', '=', issuerId).where('status', '=', 'xml-dsig').orderBy('created_at', 'desc').executeTakeFirst();
    },
    async findSigningKey(kid: string): Promise<SigningKeyRow | undefined> {
      return db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
    },
    /** The public half only (verification never needs the sealed private key). */
    async findPublicKey(kid: string): Promise<Pick<SigningKeyRow, 'kid' | 'issuer_id' | 'alg' | 'public_jwk'> | undefined> {
      return db.selectFrom('signing_keys').select(['kid', 'issuer_id', 'alg', 'public_jwk']).where('kid', '=', kid).executeTakeFirst();
    },
    /** Every key the issuer ever used, so old documents keep verifying. */
    async listSigningKeys(issuerId: string): Promise<SigningKeyRow[]> {
      return db.selectFrom('signing_keys').selectAll().where('issuer_id', '=', issuerId).orderBy('created_at').execute();
    },
    async retireSigningKeys(issuerId: string, now: number): Promise<void> {
      await db.updateTable('signing_keys').set({ status: 'retired', retired_at: now }).where('issuer_id', '=', issuerId).where('status', '=', 'active').execute();
    },
  };
}

export type IssuersRepository = ReturnType<typeof issuersRepository>;
