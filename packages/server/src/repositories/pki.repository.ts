import type { Kysely, Selectable } from 'kysely';
import type { Database, PkiAuthoritiesTable, SigningCertificatesTable } from '../db/schema.js';

export type AuthorityRow = Selectable<PkiAuthoritiesTable>;
export type SigningCertificateRow = Selectable<SigningCertificatesTable>;

const buf = (b: Buffer | Uint8Array) => Buffer.from(b);
const authority = (r: AuthorityRow): AuthorityRow => ({
  ...r,
  certificate: buf(r.certificate),
  private_sealed: buf(r.private_sealed),
  created_at: Number(r.created_at),
  not_after: Number(r.not_after),
});
const certificate = (r: SigningCertificateRow): SigningCertificateRow => ({
  ...r,
  certificate: buf(r.certificate),
  private_sealed: r.private_sealed ? buf(r.private_sealed) : null,
  created_at: Number(r.created_at),
  not_after: Number(r.not_after),
  revoked_at: r.revoked_at === null ? null : Number(r.revoked_at),
});

/** Tijori's CA: its own keys and certificates, and the certificates it has issued. */
export function pkiRepository(db: Kysely<Database>) {
  return {
    async listAuthorities(): Promise<AuthorityRow[]> {
      return (await db.selectFrom('pki_authorities').selectAll().execute()).map(authority);
    },

    /** Inserts an authority; false when another process created that role first. */
    async insertAuthority(row: AuthorityRow): Promise<boolean> {
      const res = await db
        .insertInto('pki_authorities')
        .values(row)
        .onConflict((oc) => oc.column('role').doNothing())
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async insertCertificate(row: SigningCertificateRow): Promise<void> {
      await db.insertInto('signing_certificates').values(row).execute();
    },

    /** The issuer's newest unrevoked document-signing certificate still valid after `until`. */
    async findIssuerCertificate(issuerId: string, until: number): Promise<SigningCertificateRow | undefined> {
      const row = await db
        .selectFrom('signing_certificates')
        .selectAll()
        .where('issuer_id', '=', issuerId)
        .where('purpose', '=', 'issuer-documents')
        .where('revoked_at', 'is', null)
        .where('not_after', '>', until)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      return row ? certificate(row) : undefined;
    },

    async findCertificate(serial: string): Promise<SigningCertificateRow | undefined> {
      const row = await db.selectFrom('signing_certificates').selectAll().where('serial', '=', serial).executeTakeFirst();
      return row ? certificate(row) : undefined;
    },

    async revokedAt(serial: string): Promise<number | null> {
      const row = await db.selectFrom('signing_certificates').select('revoked_at').where('serial', '=', serial).executeTakeFirst();
      return row?.revoked_at === undefined || row.revoked_at === null ? null : Number(row.revoked_at);
    },

    async revoke(serial: string, at: number): Promise<boolean> {
      const res = await db
        .updateTable('signing_certificates')
        .set({ revoked_at: at })
        .where('serial', '=', serial)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    async listRevoked(): Promise<{ serial: string; revoked_at: number }[]> {
      const rows = await db.selectFrom('signing_certificates').select(['serial', 'revoked_at']).where('revoked_at', 'is not', null).orderBy('serial').execute();
      return rows.map((r) => ({ serial: r.serial, revoked_at: Number(r.revoked_at) }));
    },
  };
}

export type PkiRepository = ReturnType<typeof pkiRepository>;
