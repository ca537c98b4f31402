import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, RequestersTable } from '../db/schema.js';
import type { LocalizedText } from '../domain/issuers/localized.js';
import { decodeFound, decodeJson, encodeJson, type WithJson } from './json-columns.js';

interface RequesterJson {
  names: LocalizedText;
  purpose: LocalizedText;
  redirect_uris: string[];
  scopes: string[];
  doc_types: string[];
}

export type RequesterRow = WithJson<Selectable<RequestersTable>, RequesterJson>;

const out = (r: Selectable<RequestersTable>): RequesterRow => ({
  ...r,
  names: decodeJson<LocalizedText>(r.names),
  purpose: decodeJson<LocalizedText>(r.purpose),
  redirect_uris: decodeJson<string[]>(r.redirect_uris),
  scopes: decodeJson<string[]>(r.scopes),
  doc_types: decodeJson<string[]>(r.doc_types),
});

export function requestersRepository(db: Kysely<Database>) {
  return {
    async insert(row: WithJson<Insertable<RequestersTable>, RequesterJson>): Promise<void> {
      const { names, purpose, redirect_uris, scopes, doc_types, ...rest } = row;
      await db
        .insertInto('requesters')
        .values({
          ...rest,
          names: encodeJson(names),
          purpose: encodeJson(purpose),
          redirect_uris: encodeJson(redirect_uris),
          scopes: encodeJson(scopes),
          doc_types: encodeJson(doc_types),
        })
        .execute();
    },
    async findById(id: string): Promise<RequesterRow | undefined> {
      return decodeFound(await db.selectFrom('requesters').selectAll().where('id', '=', id).executeTakeFirst(), out);
    },
    async findByClientId(clientId: string): Promise<RequesterRow | undefined> {
      return decodeFound(await db.selectFrom('requesters').selectAll().where('client_id', '=', clientId).executeTakeFirst(), out);
    },
    async list(): Promise<RequesterRow[]> {
      return (await db.selectFrom('requesters').selectAll().orderBy('created_at', 'desc').execute()).map(out);
    },
    /** Status and secrets; the registered names, URIs and scopes are not edited in place. */
    async update(id: string, changes: Omit<Updateable<RequestersTable>, keyof RequesterJson>): Promise<boolean> {
      const res = await db.updateTable('requesters').set(changes).where('id', '=', id).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
  };
}
