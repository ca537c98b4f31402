/**
 * The encryption under the offline copies (WebCrypto only). Each record is sealed with
 * AES-256-GCM under a key that cannot be exported, with a fresh 96-bit IV, and the record's id
 * as additional data, so a record moved to another id fails to open. Record ids are HMACs of
 * what they hold ("pdf:<uri>"), so the store never shows a document's URI (which can carry a
 * PAN or roll number) in clear. Deleting the two keys makes whatever is left unreadable.
 */

export interface VaultKeys {
  /** AES-GCM, 256 bits, encrypt/decrypt only. */
  seal: CryptoKey;
  /** HMAC-SHA-256, names records. */
  name: CryptoKey;
}

export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

const encoder = new TextEncoder();

/** Two fresh keys; `extractable: false`, so no script (ours included) can read them out. */
export async function newVaultKeys(): Promise<VaultKeys> {
  const [seal, name] = await Promise.all([
    crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
  ]);
  return { seal, name };
}

export async function sealBytes(keys: VaultKeys, id: string, plain: BufferSource): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(id) }, keys.seal, plain);
  return { iv, data };
}

/** The plain bytes, or a rejection when the record was altered, moved or sealed under other keys. */
export function openBytes(keys: VaultKeys, id: string, sealed: Sealed): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: encoder.encode(id) }, keys.seal, sealed.data);
}

export function sealJson(keys: VaultKeys, id: string, value: unknown): Promise<Sealed> {
  return sealBytes(keys, id, encoder.encode(JSON.stringify(value)));
}

export async function openJson<T>(keys: VaultKeys, id: string, sealed: Sealed): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await openBytes(keys, id, sealed))) as T;
}

/** The id a record is stored under: HMAC-SHA-256 of its name, in hex. */
export async function recordId(keys: VaultKeys, name: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', keys.name, encoder.encode(name)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}
