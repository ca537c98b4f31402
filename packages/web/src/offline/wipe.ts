/**
 * Forgetting the offline copies, kept out of the lazily loaded offline code so that signing out
 * never waits for a download. Deleting the database deletes the keys with the data; the open
 * connection of the offline code closes itself when asked (onversionchange), and any copy it
 * was about to write is dropped because the generation moved on.
 */
export const OFFLINE_DB = 'tijori-offline';

let generation = 0;

/** Bumped by every wipe: offline code started before it must not write afterwards. */
export function offlineGeneration(): number {
  return generation;
}

export function wipeOfflineCopies(): Promise<void> {
  generation++;
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(OFFLINE_DB);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });
}

/** The offline code (IndexedDB, WebCrypto): its own chunk, fetched after the first render, when a resident's locker is shown. */
export const offlineCopies = () => import('./copies');
