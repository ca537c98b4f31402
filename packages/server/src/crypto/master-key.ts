import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MasterKeyConfig } from '../config/config.js';

export interface MasterKey {
  /** 8-byte identifier written next to everything the key protects, so keys can rotate. */
  id: Buffer;
  /** Derives a purpose-bound 32-byte key; the master key itself never encrypts data. */
  derive(purpose: string): Buffer;
}

export function masterKeyFromBytes(bytes: Buffer): MasterKey {
  if (bytes.length !== 32) throw new Error('the master key must be exactly 32 bytes');
  const id = createHash('sha256').update('tijori master key id\0').update(bytes).digest().subarray(0, 8);
  const cache = new Map<string, Buffer>();
  return {
    id,
    derive(purpose) {
      let key = cache.get(purpose);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), `tijori/${purpose}`, 32));
        cache.set(purpose, key);
      }
      return key;
    },
  };
}

export interface LoadedMasterKey {
  key: MasterKey;
  /** Set when this start generated a new development key: the caller logs it loudly. */
  generatedAt?: string;
  warnings: string[];
}

export async function loadMasterKey(config: MasterKeyConfig): Promise<LoadedMasterKey> {
  const warnings: string[] = [];
  if (config.kind === 'value') return { key: masterKeyFromBytes(Buffer.from(config.base64, 'base64')), warnings };
  if (config.kind === 'file') return { key: await readKeyFile(config.path, warnings), warnings };

  try {
    return { key: await readKeyFile(config.path, warnings), warnings };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await fs.mkdir(path.dirname(config.path), { recursive: true, mode: 0o700 });
  const fh = await fs.open(config.path, 'wx', 0o600).catch(async (err: NodeJS.ErrnoException) => {
    // Another process created it between our read and our create: use theirs.
    if (err.code === 'EEXIST') return null;
    throw err;
  });
  if (fh === null) return { key: await readKeyFile(config.path, warnings), warnings };
  try {
    await fh.writeFile(randomBytes(32).toString('base64') + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { key: await readKeyFile(config.path, warnings), generatedAt: config.path, warnings };
}

async function readKeyFile(file: string, warnings: string[]): Promise<MasterKey> {
  const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
  if ((stat.mode & 0o077) !== 0) {
    warnings.push(`master key file ${file} is readable by other users; run: chmod 600 ${file}`);
  }
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length !== 32) throw new Error(`master key file ${file} does not hold base64 of 32 bytes`);
  return masterKeyFromBytes(bytes);
}
