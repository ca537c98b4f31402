import { documentPdfUrl, getDocument } from '../api/documents';
import type { AwaitedDocument, DocumentDetail, DocumentSummary, Me } from '../api/types';
import { existingVault, vaultFor, type Vault } from './vault-store';

/**
 * Offline copies of the signed-in resident's issued documents: the account (for the greeting and
 * the locker's frame), the list, each document's details and its PDF. Each copy says when the
 * server last confirmed it (`checkedAt`). Only what the API answered is kept: never an OTP, PIN
 * or token (the session cookie is HttpOnly and stays out of reach).
 */
export interface Copy<T> {
  value: T;
  /** ISO time the server last answered for this copy. */
  checkedAt: string;
}

export interface ListCopy {
  documents: DocumentSummary[];
  awaited: AwaitedDocument[];
}

interface DocumentRecord {
  doc: DocumentDetail;
  checkedAt: string;
  /** version:status of the PDF kept beside it (the PDF shows the status), or null. */
  pdfOf: string | null;
}

const ME = 'me';
const LIST = 'list';
const docName = (uri: string) => `doc:${uri}`;
const pdfName = (uri: string) => `pdf:${uri}`;
const pdfKey = (doc: { version: number; status: string }) => `${doc.version}:${doc.status}`;
const now = () => new Date().toISOString();

export async function readMe(): Promise<Copy<Me> | null> {
  return (await existingVault())?.get<Copy<Me>>(ME) ?? null;
}

export async function readList(): Promise<Copy<ListCopy> | null> {
  return (await existingVault())?.get<Copy<ListCopy>>(LIST) ?? null;
}

export async function readDocument(uri: string): Promise<Copy<DocumentDetail> | null> {
  const record = await (await existingVault())?.get<DocumentRecord>(docName(uri));
  return record ? { value: record.doc, checkedAt: record.checkedAt } : null;
}

/** The kept PDF as a Blob (for an object URL), or null. */
export async function readPdf(uri: string): Promise<Blob | null> {
  const bytes = await (await existingVault())?.getBytes(pdfName(uri));
  return bytes ? new Blob([bytes], { type: 'application/pdf' }) : null;
}

async function fetchPdf(uri: string): Promise<ArrayBuffer | null> {
  const response = await fetch(documentPdfUrl(uri), { credentials: 'same-origin', cache: 'no-store' });
  return response.ok ? response.arrayBuffer() : null;
}

/** Keeps `doc` as the server just showed it, and its PDF unless the kept one is already this version and status. */
async function keep(vault: Vault, doc: DocumentDetail): Promise<void> {
  const before = await vault.get<DocumentRecord>(docName(doc.uri));
  let pdfOf = before?.pdfOf ?? null;
  if (pdfOf !== pdfKey(doc)) {
    const pdf = await fetchPdf(doc.uri);
    if (pdf) {
      await vault.putBytes(pdfName(doc.uri), pdf);
      pdfOf = pdfKey(doc);
    }
  }
  await vault.put(docName(doc.uri), { doc, checkedAt: now(), pdfOf } satisfies DocumentRecord);
}

/** A document the resident opened while online replaces its copy. */
export async function keepDocument(me: Me, doc: DocumentDetail): Promise<void> {
  const vault = await vaultFor(me.id);
  if (vault) await keep(vault, doc);
}

let syncing: Promise<void> = Promise.resolve();

/**
 * The list the resident just saw replaces the kept one (`append`: a further page), then each
 * listed document's copy is brought up to date one at a time: fetched when new or of another
 * version, its status refreshed otherwise. On a connection marked Save-Data only the list is
 * kept (a document's copy is made when it is opened). `complete`: the list is the whole locker,
 * so copies of documents no longer in it are dropped.
 */
export function keepList(me: Me, page: ListCopy, { append, complete }: { append: boolean; complete: boolean }): Promise<void> {
  syncing = syncing
    .catch(() => undefined)
    .then(async () => {
      const vault = await vaultFor(me.id);
      if (!vault) return;
      const before = append ? await vault.get<Copy<ListCopy>>(LIST) : null;
      const documents = [...(before?.value.documents ?? []), ...page.documents];
      await vault.put(ME, { value: me, checkedAt: now() } satisfies Copy<Me>);
      await vault.put(LIST, { value: { documents, awaited: before?.value.awaited ?? page.awaited }, checkedAt: now() } satisfies Copy<ListCopy>);
      if (complete) await vault.keepOnly([ME, LIST, ...documents.flatMap((d) => [docName(d.uri), pdfName(d.uri)])]);
      const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
      if (connection?.saveData) return;
      for (const summary of page.documents) {
        const kept = await vault.get<DocumentRecord>(docName(summary.uri));
        const doc = kept && kept.doc.version === summary.version ? { ...kept.doc, status: summary.status } : await getDocument(summary.uri);
        await keep(vault, doc);
      }
    });
  return syncing;
}
