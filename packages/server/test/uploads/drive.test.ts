import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eicarScanner, EICAR } from '../../src/adapters/antivirus/eicar-scanner.js';
import { createDomainDeps } from '../../src/app.js';
import { purgeBin } from '../../src/domain/uploads/purge-bin.js';
import { BIN_MS } from '../../src/domain/uploads/upload-deps.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { jpegHeader, pdfFile, pngFile, tinyJpeg } from '../support/upload-fixtures.js';
import { uploadMultipart, uploadRaw } from './support.js';

const MAX = 64 * 1024;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const dialect of DIALECTS) {
  describe(`uploaded documents (${dialect})`, () => {
    let t: TestApp;
    let asha: SignedUp;
    let ravi: SignedUp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_UPLOAD_MAX_BYTES: String(MAX), TIJORI_UPLOAD_MAX_PIXELS: '1000000' } });
      asha = await signUp(t);
      ravi = await signUp(t);
    });
    afterAll(async () => t?.close());

    const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
    const send = (cookie: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    const activity = async (residentId: string) =>
      (await t.runtime.db.kysely.selectFrom('activity_events').select(['type', 'details']).where('resident_id', '=', residentId).orderBy('seq').execute()).map(
        (e): Record<string, unknown> => ({ type: e.type, ...(JSON.parse(e.details) as Record<string, unknown>) }),
      );

    it('stores a raw-body PDF with its pages, encrypted, and gives it back byte for byte', async () => {
      const pdf = pdfFile(3);
      const res = await uploadRaw(t, asha.cookie, pdf, { name: 'Marksheet 2014.pdf', description: 'Class X', tag: 'marksheet' });
      expect(res.statusCode, res.body).toBe(201);
      const file = res.json();
      expect(file).toMatchObject({
        name: 'Marksheet 2014.pdf',
        description: 'Class X',
        tag: 'marksheet',
        mediaType: 'application/pdf',
        sizeBytes: pdf.length,
        pages: 3,
        status: 'clean',
        folderId: null,
        version: 1,
      });
      // At rest the bytes are encrypted: the plaintext's marker is nowhere in the blob folder.
      const blobDir = path.join(t.config.dataDir, 'blobs', 'objects', sha(pdf).slice(0, 2));
      const stored = await fs.readFile(path.join(blobDir, sha(pdf)));
      expect(stored.includes(Buffer.from('/Type /Catalog'))).toBe(false);

      const down = await get(asha.cookie, `/api/v1/me/files/${file.id}/content`);
      expect(down.statusCode).toBe(200);
      expect(sha(down.rawPayload)).toBe(sha(pdf));
      expect(down.headers['content-type']).toBe('application/pdf');
      expect(down.headers['x-content-type-options']).toBe('nosniff');
      expect(down.headers['content-disposition']).toBe(`attachment; filename="Marksheet 2014.pdf"; filename*=UTF-8''Marksheet%202014.pdf`);
    });

    it('answers a file whose stored bytes were lost with a clear 503, and names the missing blob in the error log', async () => {
      const png = pngFile(3, 2);
      const res = await uploadRaw(t, asha.cookie, png, { name: 'lost.png' });
      expect(res.statusCode, res.body).toBe(201);
      const file = res.json();
      // A disk restored without this object: the row still names it.
      await fs.rm(path.join(t.config.dataDir, 'blobs', 'objects', sha(png).slice(0, 2), sha(png)));
      for (const url of [`/api/v1/me/files/${file.id}/content`, `/api/v1/me/files/${file.id}/content?disposition=inline`]) {
        const down = await get(asha.cookie, url);
        expect(down.statusCode, url).toBe(503);
        expect(down.json()).toMatchObject({ code: 'content_unreadable', detail: expect.stringContaining('cannot be read right now') });
        expect(down.body).not.toContain(sha(png));
      }
      const logged = t.logs.filter((l) => l.code === 'content_unreadable');
      expect(logged.length).toBeGreaterThan(0);
      expect(JSON.stringify(logged[0])).toContain(`blob ${sha(png)} of uploaded file ${file.id} is missing`);
      // Nothing else about the file changed: it is still listed.
      expect((await get(asha.cookie, `/api/v1/me/files/${file.id}`)).json()).toMatchObject({ id: file.id, name: 'lost.png' });
    });

    it('stores a multipart PNG into a folder, with its fields, and previews it inline in a sandbox', async () => {
      const folder = (await send(asha.cookie, 'POST', '/api/v1/me/folders', { name: 'पहचान' })).json();
      const png = pngFile(5, 4);
      const res = await uploadMultipart(t, asha.cookie, png, 'पैन कार्ड.png', { folderId: folder.id, tag: 'pan', description: 'सामने' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ name: 'पैन कार्ड.png', mediaType: 'image/png', folderId: folder.id, tag: 'pan', pages: 1, status: 'clean' });
      const view = await get(asha.cookie, `/api/v1/me/files/${res.json().id}/content?disposition=inline`);
      expect(view.statusCode).toBe(200);
      expect(view.headers['content-security-policy']).toContain('sandbox');
      expect(view.headers['content-security-policy']).toContain("default-src 'none'");
      expect(view.headers['content-disposition']).toBe(`inline; filename="___ _____.png"; filename*=UTF-8''${encodeURIComponent('पैन कार्ड.png')}`);
      expect(sha(view.rawPayload)).toBe(sha(png));
    });

    it('decides the type from the bytes, not the name or Content-Type', async () => {
      const jpeg = jpegHeader(800, 600);
      const res = await uploadRaw(t, asha.cookie, jpeg, { name: 'scan.pdf' }, 'application/pdf');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().mediaType).toBe('image/jpeg');
    });

    it('refuses bad files with clear codes, and stores none of them', async () => {
      const before = (await get(asha.cookie, '/api/v1/me/files?q=bad')).json().files.length;
      const cases: [Buffer, string, number][] = [
        [Buffer.from('MZ\x90\x00 this is an executable'), 'file_type_refused', 415],
        [Buffer.from('<html><script>alert(1)</script></html>'), 'file_type_refused', 415],
        [Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n'), 'file_invalid', 422],
        [Buffer.alloc(0), 'file_empty', 400],
        [pngFile(1, 1, { width: 50_000, height: 50_000 }), 'image_too_large', 422],
        [jpegHeader(20_000, 20_000), 'image_too_large', 422],
        [Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(30)]), 'file_invalid', 422],
      ];
      for (const [bytes, code, status] of cases) {
        const res = await uploadRaw(t, asha.cookie, bytes, { name: 'bad' });
        expect(res.statusCode, `${code}: ${res.body}`).toBe(status);
        expect(res.json().code).toBe(code);
      }
      expect((await get(asha.cookie, '/api/v1/me/files?q=bad')).json().files.length).toBe(before);
      expect(JSON.stringify(t.logs)).not.toContain('alert(1)');
    });

    it('refuses a file over the size limit, raw (from Content-Length) and multipart (while streaming)', async () => {
      const big = Buffer.concat([pdfFile(1), Buffer.alloc(MAX, 0x20)]);
      const raw = await uploadRaw(t, asha.cookie, big, { name: 'big.pdf' });
      expect(raw.statusCode).toBe(413);
      expect(raw.json().code).toBe('payload_too_large');
      const multi = await uploadMultipart(
        t,
        asha.cookie,
        Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX + 10, 0x20), Buffer.from('%%EOF')]),
        'big.pdf',
      );
      expect(multi.statusCode, multi.body).toBe(413);
      expect(multi.json().code).toBe('payload_too_large');
    });

    it('refuses EICAR with malware_found and shows the file as refused; it cannot be opened', async () => {
      const res = await uploadRaw(t, asha.cookie, pdfFile(1, `% ${EICAR}\n`), { name: 'virus.pdf' });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().code).toBe('malware_found');
      const listed = (await get(asha.cookie, '/api/v1/me/files?q=virus')).json().files;
      expect(listed).toHaveLength(1);
      expect(listed[0].status).toBe('refused');
      const open = await get(asha.cookie, `/api/v1/me/files/${listed[0].id}/content`);
      expect(open.statusCode).toBe(422);
      expect(open.json().code).toBe('malware_found');
    });

    it('sanitises names: traversal, NUL, CRLF and bidi controls never survive; percent-encoding is not decoded', async () => {
      const names: [string, string][] = [
        ['../../etc/passwd', '_.._etc_passwd'],
        ['..\\..\\boot.ini', '_.._boot.ini'],
        ['%2e%2e%2fsecret.pdf', '%2e%2e%2fsecret.pdf'],
        ['a\u0000b\r\nInjected: yes.pdf', 'abInjected: yes.pdf'],
        ['evil\u202Efdp.exe', 'evilfdp.exe'],
        ['ક\u0301', 'ક\u0301'.normalize('NFC')],
        ['x'.repeat(300), 'x'.repeat(120)],
      ];
      for (const [given, kept] of names) {
        const res = await uploadRaw(t, asha.cookie, pdfFile(1), { name: given });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().name).toBe(kept);
      }
      const empty = await uploadRaw(t, asha.cookie, pdfFile(1), { name: '\u0000\r\n' });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().code).toBe('name_invalid');
      for (const line of t.logs) expect(JSON.stringify(line)).not.toMatch(/Injected: yes.*\r\n|\r\nInjected/);
    });

    it("answers another resident's file or folder exactly like a missing one", async () => {
      const file = (await uploadRaw(t, asha.cookie, pdfFile(1), { name: 'mine.pdf' })).json();
      const folder = (await send(asha.cookie, 'POST', '/api/v1/me/folders', { name: 'Mine' })).json();
      const missing = '0190a0b0-0000-7000-8000-000000000000';
      const probes = async (id: string, folderId: string) => [
        await get(ravi.cookie, `/api/v1/me/files/${id}`),
        await get(ravi.cookie, `/api/v1/me/files/${id}/content`),
        await send(ravi.cookie, 'PATCH', `/api/v1/me/files/${id}`, { name: 'stolen' }),
        await send(ravi.cookie, 'DELETE', `/api/v1/me/files/${id}`),
        await send(ravi.cookie, 'POST', `/api/v1/me/files/${id}/restore`),
        await get(ravi.cookie, `/api/v1/me/files?folderId=${folderId}`),
        await send(ravi.cookie, 'PATCH', `/api/v1/me/folders/${folderId}`, { name: 'x' }),
        await send(ravi.cookie, 'DELETE', `/api/v1/me/folders/${folderId}`),
        await send(ravi.cookie, 'POST', '/api/v1/me/folders', { name: 'x', parentId: folderId }),
        await uploadRaw(t, ravi.cookie, pdfFile(1), { name: 'x.pdf', folderId }),
      ];
      const theirs = await probes(file.id, folder.id);
      const none = await probes(missing, missing);
      for (let i = 0; i < theirs.length; i++) {
        expect(theirs[i]!.statusCode).toBe(404);
        expect({ code: theirs[i]!.json().code, detail: theirs[i]!.json().detail }).toEqual({ code: none[i]!.json().code, detail: none[i]!.json().detail });
      }
      // Asha's file is untouched.
      expect((await get(asha.cookie, `/api/v1/me/files/${file.id}`)).json()).toMatchObject({ name: 'mine.pdf', binnedAt: null });
    });

    it('keeps folders as a tree: breadcrumbs, moves, and no folder into itself', async () => {
      const mk = async (name: string, parentId?: string) =>
        (await send(asha.cookie, 'POST', '/api/v1/me/folders', { name, ...(parentId ? { parentId } : {}) })).json();
      const a = await mk('A');
      const b = await mk('B', a.id);
      const c = await mk('C', b.id);
      const listing = (await get(asha.cookie, `/api/v1/me/files?folderId=${c.id}`)).json();
      expect(listing.breadcrumbs.map((f: { name: string }) => f.name)).toEqual(['A', 'B', 'C']);
      for (const target of [a.id, c.id]) {
        const res = await send(asha.cookie, 'PATCH', `/api/v1/me/folders/${a.id}`, { parentId: target });
        expect(res.statusCode).toBe(409);
        expect(res.json().code).toBe('folder_cycle');
      }
      const moved = await send(asha.cookie, 'PATCH', `/api/v1/me/folders/${c.id}`, { parentId: null, name: 'C top' });
      expect(moved.json()).toMatchObject({ name: 'C top', parentId: null });
      const all = (await get(asha.cookie, '/api/v1/me/folders')).json().folders;
      expect(all.find((f: { id: string }) => f.id === b.id).path).toEqual(['A', 'B']);
      expect((await get(ravi.cookie, '/api/v1/me/folders')).json().folders).toEqual([]);
      const top = (await get(asha.cookie, '/api/v1/me/files')).json();
      expect(top.folders.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['A', 'C top']));
    });

    it('renames, describes, moves; lists sorted; searches names, descriptions and tag names in any language', async () => {
      const folder = (await send(asha.cookie, 'POST', '/api/v1/me/folders', { name: 'Vehicle' })).json();
      const small = (await uploadRaw(t, asha.cookie, pdfFile(1), { name: 'zeta licence' })).json();
      const large = (await uploadRaw(t, asha.cookie, pdfFile(9), { name: 'alpha' })).json();
      const patched = await send(asha.cookie, 'PATCH', `/api/v1/me/files/${large.id}`, {
        name: 'Alpha RC',
        description: 'Scooter papers',
        tag: 'vehicle_rc',
        folderId: folder.id,
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ name: 'Alpha RC', description: 'Scooter papers', tag: 'vehicle_rc', folderId: folder.id });
      await send(asha.cookie, 'PATCH', `/api/v1/me/files/${small.id}`, { folderId: folder.id });
      const byName = (await get(asha.cookie, `/api/v1/me/files?folderId=${folder.id}&sort=name`)).json().files.map((f: { name: string }) => f.name);
      expect(byName).toEqual(['Alpha RC', 'zeta licence']);
      const bySize = (await get(asha.cookie, `/api/v1/me/files?folderId=${folder.id}&sort=size&order=asc`)).json().files.map((f: { id: string }) => f.id);
      expect(bySize).toEqual([small.id, large.id]);
      const find = async (q: string) => (await get(asha.cookie, `/api/v1/me/files?q=${encodeURIComponent(q)}`)).json().files.map((f: { id: string }) => f.id);
      expect(await find('scooter')).toEqual([large.id]);
      expect(await find('वाहन')).toEqual([large.id]); // the tag's Hindi name
      expect(await find('LICENCE')).toEqual([small.id]);
      expect(await find('%2e')).toHaveLength(1); // a literal %, not a wildcard
      expect(await find('zeta%licence')).toEqual([]);
      const log = await activity(asha.id);
      expect(log).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'file_renamed', fileId: large.id, name: 'Alpha RC', previousName: 'alpha' }),
          expect.objectContaining({ type: 'file_moved', fileId: small.id, name: 'zeta licence' }),
        ]),
      );
    });

    it('lists a folder a page at a time in every order: each file once, the same order as one long page', async () => {
      const folder = (await send(asha.cookie, 'POST', '/api/v1/me/folders', { name: 'Pages' })).json();
      // Equal names and equal sizes, so pages must break ties by id to neither skip nor repeat.
      for (const [i, name] of ['b', 'a', 'b', 'c', 'a', 'b', 'd'].entries()) {
        const res = await uploadRaw(t, asha.cookie, pdfFile(1 + (i % 2), `% page test ${i}\n`), { name, folderId: folder.id });
        expect(res.statusCode, res.body).toBe(201);
      }
      for (const order of ['sort=date', 'sort=name', 'sort=name&order=desc', 'sort=size&order=asc', 'sort=size']) {
        const whole = (await get(asha.cookie, `/api/v1/me/files?folderId=${folder.id}&${order}&limit=1000`)).json();
        expect(whole.files).toHaveLength(7);
        expect(whole.nextCursor).toBeNull();
        const paged: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res = await get(asha.cookie, `/api/v1/me/files?folderId=${folder.id}&${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.statusCode, res.body).toBe(200);
          paged.push(...res.json().files.map((f: { id: string }) => f.id));
          cursor = res.json().nextCursor;
          pages++;
        } while (cursor && pages < 10);
        expect(pages, order).toBe(3);
        expect(paged, order).toEqual(whole.files.map((f: { id: string }) => f.id));
      }
      const first = (await get(asha.cookie, `/api/v1/me/files?folderId=${folder.id}&sort=name&limit=2`)).json();
      expect(first.files.map((f: { name: string }) => f.name)).toEqual(['a', 'a']);
      for (const query of [
        `sort=size&cursor=${first.nextCursor}`,
        `sort=name&order=desc&cursor=${first.nextCursor}`,
        'cursor=not-a-cursor',
        `cursor=${Buffer.from('[1,2]').toString('base64url')}`,
        'limit=0',
        'limit=1001',
      ]) {
        const res = await get(asha.cookie, `/api/v1/me/files?folderId=${folder.id}&${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.json().code, query).toBe('validation_failed');
      }
    });

    it('bins several files at once (as the portal does after combining photos): each is binned, each in the activity log', async () => {
      const resident = await signUp(t);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await uploadRaw(t, resident.cookie, pdfFile(1, `% photo ${i}\n`), { name: `photo ${i}` })).json().id);
      const answers = await Promise.all(ids.map((id) => send(resident.cookie, 'DELETE', `/api/v1/me/files/${id}`)));
      expect(answers.map((a) => a.statusCode)).toEqual(ids.map(() => 200));
      const events = (await get(resident.cookie, '/api/v1/me/activity')).json().events as { type: string; details: { fileId?: string } }[];
      expect(new Set(events.filter((e) => e.type === 'file_binned').map((e) => e.details.fileId))).toEqual(new Set(ids));
    });

    it('bins and restores files; deleting a folder bins its files; the purge keeps a blob another file still uses', async () => {
      const pdf = pdfFile(2, '% shared bytes\n');
      const first = (await uploadRaw(t, asha.cookie, pdf, { name: 'copy one' })).json();
      const second = (await uploadRaw(t, ravi.cookie, pdf, { name: 'copy two' })).json();
      expect((await get(asha.cookie, `/api/v1/me/files/${first.id}/content`)).statusCode).toBe(200);
      const binned = await send(asha.cookie, 'DELETE', `/api/v1/me/files/${first.id}`);
      expect(binned.json().binnedAt).not.toBeNull();
      expect((await get(asha.cookie, '/api/v1/me/files?q=copy')).json().files).toEqual([]);
      expect((await get(asha.cookie, '/api/v1/me/files?bin=true')).json().files.map((f: { id: string }) => f.id)).toContain(first.id);
      expect((await get(asha.cookie, `/api/v1/me/files/${first.id}/content`)).statusCode).toBe(404);
      const restored = await send(asha.cookie, 'POST', `/api/v1/me/files/${first.id}/restore`);
      expect(restored.json().binnedAt).toBeNull();

      const folder = (await send(asha.cookie, 'POST', '/api/v1/me/folders', { name: 'Old' })).json();
      await send(asha.cookie, 'PATCH', `/api/v1/me/files/${first.id}`, { folderId: folder.id });
      expect((await send(asha.cookie, 'DELETE', `/api/v1/me/folders/${folder.id}`)).json()).toEqual({ binnedFiles: 1 });
      const usageBefore = (await get(asha.cookie, '/api/v1/me/files')).json().usage.usedBytes;

      // 30 days later the purge removes Asha's file but not the blob Ravi's identical upload uses.
      const deps = createDomainDeps(t.runtime);
      const later = { now: () => Date.now() + BIN_MS + 1000 };
      const purged = await purgeBin({ ...deps, clock: later });
      expect(purged.files).toBeGreaterThanOrEqual(1);
      expect((await get(asha.cookie, `/api/v1/me/files/${first.id}`)).statusCode).toBe(404);
      expect((await get(asha.cookie, '/api/v1/me/files')).json().usage.usedBytes).toBe(usageBefore - pdf.length);
      const still = await get(ravi.cookie, `/api/v1/me/files/${second.id}/content`);
      expect(sha(still.rawPayload)).toBe(sha(pdf));
      // Once Ravi's copy is purged too, the blob goes.
      await send(ravi.cookie, 'DELETE', `/api/v1/me/files/${second.id}`);
      await purgeBin({ ...deps, clock: later });
      expect(await t.runtime.blobs.head(sha(pdf))).toBeNull();
      const log = await activity(asha.id);
      for (const type of ['file_uploaded', 'file_downloaded', 'file_binned', 'file_restored', 'file_purged']) {
        expect(
          log.some((e) => e.type === type && e.fileId === first.id && e.name === 'copy one'),
          type,
        ).toBe(true);
      }
    });

    it("combines photos into one PDF, turned as asked; only the owner's photos", async () => {
      const front = (await uploadRaw(t, asha.cookie, pngFile(40, 25), { name: 'front.png' })).json();
      const back = (await uploadRaw(t, asha.cookie, tinyJpeg(), { name: 'back' })).json();
      const res = await send(asha.cookie, 'POST', '/api/v1/me/files/combine', {
        fileIds: [front.id, back.id],
        rotations: [90, 0],
        name: 'Card, both sides',
        tag: 'pan',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ name: 'Card, both sides', mediaType: 'application/pdf', pages: 2, status: 'clean', tag: 'pan' });
      const pdf = (await get(asha.cookie, `/api/v1/me/files/${res.json().id}/content`)).rawPayload;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const rav = (await uploadRaw(t, ravi.cookie, pngFile(10, 10), { name: 'ravi.png' })).json();
      const theirs = await send(asha.cookie, 'POST', '/api/v1/me/files/combine', { fileIds: [front.id, rav.id], name: 'x' });
      expect(theirs.statusCode).toBe(404);
      const notPhoto = (await uploadRaw(t, asha.cookie, pdfFile(1), { name: 'doc.pdf' })).json();
      const mixed = await send(asha.cookie, 'POST', '/api/v1/me/files/combine', { fileIds: [front.id, notPhoto.id], name: 'x' });
      expect(mixed.statusCode).toBe(415);
      expect(mixed.json().code).toBe('file_type_refused');
    });

    it('lists the tags in three languages', async () => {
      const tags = (await get(asha.cookie, '/api/v1/me/files/tags')).json().tags;
      expect(tags).toContainEqual({
        code: 'pan',
        en: 'PAN card',
        hi: 'पैन कार्ड',
        gu: 'પાન કાર્ડ',
        mr: 'पॅन कार्ड',
        bn: 'প্যান কার্ড',
        ta: 'பான் அட்டை',
        te: 'పాన్ కార్డు',
        kn: 'ಪ್ಯಾನ್ ಕಾರ್ಡ್',
      });
    });

    it('needs a signed-in resident', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/files?name=x', headers: { 'content-type': 'application/pdf' }, payload: pdfFile(1) });
      expect(res.statusCode).toBe(401);
    });
  });

  describe(`upload quota (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_UPLOAD_QUOTA_BYTES: '20000' } });
    });
    afterAll(async () => t?.close());

    it('20 parallel uploads that together exceed the quota leave usage at or under it, equal to what was stored', async () => {
      const r = await signUp(t);
      const files = Array.from({ length: 20 }, (_, i) => pdfFile(1, `% ${'x'.repeat(2000)} ${i}\n`));
      const results = await Promise.all(files.map((f, i) => uploadRaw(t, r.cookie, f, { name: `f${i}` })));
      const ok = results.filter((res) => res.statusCode === 201);
      const refused = results.filter((res) => res.statusCode === 413);
      expect(ok.length + refused.length).toBe(20);
      expect(refused.length).toBeGreaterThan(0);
      for (const res of refused) expect(res.json().code).toBe('quota_exceeded');
      const listing = (await t.app.inject({ method: 'GET', url: '/api/v1/me/files', headers: { cookie: r.cookie } })).json();
      const stored = listing.files.reduce((sum: number, f: { sizeBytes: number }) => sum + f.sizeBytes, 0);
      expect(listing.files).toHaveLength(ok.length);
      expect(listing.usage.usedBytes).toBe(stored);
      expect(listing.usage.usedBytes).toBeLessThanOrEqual(20000);
    });
  });
}

describe('EICAR stand-in', () => {
  it('finds the test string across chunk boundaries and passes anything else', async () => {
    const { Readable } = await import('node:stream');
    const split = [Buffer.from('%PDF-1.4 ' + EICAR.slice(0, 30)), Buffer.from(EICAR.slice(30) + ' %%EOF')];
    expect((await eicarScanner().scan(Readable.from(split))).clean).toBe(false);
    expect(await eicarScanner().scan(Readable.from([Buffer.from('%PDF-1.4 clean %%EOF')]))).toEqual({ clean: true });
  });
});
