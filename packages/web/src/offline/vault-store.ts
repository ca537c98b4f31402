import { OFFLINE_DB, offlineGeneration } from './wipe';
import { newVaultKeys, openBytes, openJson, recordId, sealBytes, sealJson, type Sealed, type VaultKeys } from './vault-crypto';

/**
 * The offline store in IndexedDB: one vault per device, for the one resident signed in on it.
 * `vault` holds the owner's id and the two non-extractable keys; `records` holds only sealed
 * records under HMAC ids. Nothing here is ever stored in clear.
 */
const VAULT = 'vault';
const RECORDS = 'records';

interface VaultRow {
  owner: string;
  keys: VaultKeys;
}

let connection: Promise<IDBDatabase | null> | null = null;

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function completed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** The database, or null when there is none and `create` is false (reading never creates it). */
function database(create: boolean): Promise<IDBDatabase | null> {
  if (connection) return connection;
  const opening = new Promise<IDBDatabase | null>((resolve, reject) => {
    const request = indexedDB.open(OFFLINE_DB, 1);
    request.onupgradeneeded = () => {
      if (!create) {
        request.transaction?.abort();
        return;
      }
      request.result.createObjectStore(VAULT);
      request.result.createObjectStore(RECORDS);
    };
    request.onsuccess = () => {
      const db = request.result;
      // A wipe (sign-out in this or another tab) deletes the database: let it.
      db.onversionchange = () => {
        db.close();
        connection = null;
      };
      resolve(db);
    };
    request.onerror = () => (create ? reject(request.error) : resolve(null));
  });
  connection = opening.then((db) => {
    if (!db) connection = null;
    return db;
  });
  return connection;
}

export interface Vault {
  keys: VaultKeys;
  put(name: string, value: unknown): Promise<void>;
  putBytes(name: string, bytes: ArrayBuffer): Promise<void>;
  get<T>(name: string): Promise<T | null>;
  getBytes(name: string): Promise<ArrayBuffer | null>;
  /** Deletes every record except those named. */
  keepOnly(names: string[]): Promise<void>;
}

function vaultOver(db: IDBDatabase, keys: VaultKeys, generation: number): Vault {
  const store = (mode: IDBTransactionMode) => db.transaction(RECORDS, mode).objectStore(RECORDS);
  // After a wipe nothing is written again, even by work that started before it.
  const write = async (name: string, seal: (id: string) => Promise<Sealed>) => {
    const id = await recordId(keys, name);
    const sealed = await seal(id);
    if (offlineGeneration() !== generation) return;
    await done(store('readwrite').put(sealed, id));
  };
  const read = async <T>(name: string, open: (id: string, sealed: Sealed) => Promise<T>): Promise<T | null> => {
    const id = await recordId(keys, name);
    const sealed = (await done(store('readonly').get(id))) as Sealed | undefined;
    if (!sealed) return null;
    try {
      return await open(id, sealed);
    } catch {
      return null;
    }
  };
  return {
    keys,
    put: (name, value) => write(name, (id) => sealJson(keys, id, value)),
    putBytes: (name, bytes) => write(name, (id) => sealBytes(keys, id, bytes)),
    get: <T>(name: string) => read(name, (id, sealed) => openJson<T>(keys, id, sealed)),
    getBytes: (name) => read(name, (id, sealed) => openBytes(keys, id, sealed)),
    async keepOnly(names) {
      const keep = new Set(await Promise.all(names.map((n) => recordId(keys, n))));
      if (offlineGeneration() !== generation) return;
      const records = store('readwrite');
      const ids = await done(records.getAllKeys());
      for (const id of ids) if (!keep.has(String(id))) records.delete(id);
      await completed(records.transaction);
    },
  };
}

/** The vault as it is, for reading offline; null when this device keeps none. */
export async function existingVault(): Promise<Vault | null> {
  if (typeof indexedDB === 'undefined') return null;
  const generation = offlineGeneration();
  const db = await database(false);
  if (!db) return null;
  const row = (await done(db.transaction(VAULT, 'readonly').objectStore(VAULT).get('keys'))) as VaultRow | undefined;
  return row ? vaultOver(db, row.keys, generation) : null;
}

/**
 * The vault of `owner`, made if there is none. A vault of anyone else is emptied first and gets
 * new keys: one person's copies are never readable after another signs in on the device.
 */
export async function vaultFor(owner: string): Promise<Vault | null> {
  if (typeof indexedDB === 'undefined' || !globalThis.crypto?.subtle) return null;
  const generation = offlineGeneration();
  const db = await database(true);
  if (!db || offlineGeneration() !== generation) return null;
  const row = (await done(db.transaction(VAULT, 'readonly').objectStore(VAULT).get('keys'))) as VaultRow | undefined;
  if (row?.owner === owner) return vaultOver(db, row.keys, generation);
  const keys = await newVaultKeys();
  if (offlineGeneration() !== generation) return null;
  const tx = db.transaction([VAULT, RECORDS], 'readwrite');
  tx.objectStore(RECORDS).clear();
  tx.objectStore(VAULT).put({ owner, keys } satisfies VaultRow, 'keys');
  await completed(tx);
  return vaultOver(db, keys, generation);
}
