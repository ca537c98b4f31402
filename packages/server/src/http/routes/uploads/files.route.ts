import { LANGUAGE_CODES } from '@tijori/texts';
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { combinePhotos, MAX_COMBINED_PHOTOS } from '../../../domain/uploads/combine-photos.js';
import { DOC_TAG_CODES, DOC_TAGS } from '../../../domain/uploads/doc-tags.js';
import { binUploadedFile, restoreUploadedFile } from '../../../domain/uploads/bin-file.js';
import { listDrive, MAX_PAGE_SIZE, PAGE_SIZE } from '../../../domain/uploads/list-drive.js';
import { getUploadedFile, openUploadedFile } from '../../../domain/uploads/read-file.js';
import { updateUploadedFile } from '../../../domain/uploads/update-file.js';
import type { UploadDeps } from '../../../domain/uploads/upload-deps.js';
import { uploadFile, type UploadInput } from '../../../domain/uploads/upload-file.js';
import { AppError } from '../../../lib/errors.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { contentDisposition, INLINE_CSP } from './content-disposition.js';
import { DescriptionText, DriveListing, Id, NameText, Tag, UploadedFile } from './uploads.schema.js';

const RAW_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];
/** Room for the multipart boundaries and form fields around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;
const FileParams = Type.Object({ id: Id });
const FileRef = refTo(UploadedFile);

export function registerFileRoutes(app: TypedApp, { config }: RouteContext, deps: UploadDeps): void {
  const { maxBytes } = deps.uploads;

  // Uploads stream to the blob store: multipart (for forms) or the raw file as the body.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 2000, parts: 12 } });
    scope.addContentTypeParser(RAW_TYPES, (_request, payload, done) => done(null, payload));
    scope.post(
      '/api/v1/me/files',
      {
        schema: {
          tags: ['uploads'],
          summary: 'Upload a PDF, JPEG or PNG to your drive',
          description:
            'Either multipart/form-data with one `file` part (fields `name`, `folderId`, `description`, `tag` before it), or the raw file as the body (Content-Type application/pdf, image/jpeg, image/png or application/octet-stream) with `name` in the query. The type is decided from the bytes. The file is stored encrypted and durably, counted against your quota and scanned for viruses before 201.',
          consumes: ['multipart/form-data', ...RAW_TYPES],
          querystring: Type.Object(
            { name: Type.Optional(NameText), folderId: Type.Optional(Id), description: Type.Optional(DescriptionText), tag: Type.Optional(Tag) },
            { additionalProperties: false },
          ),
          response: { 201: FileRef, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
        },
      },
      async (request, reply) => {
        const { actor } = await requireResident(deps, config, request);
        const length = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
        const q = request.query;
        let input: UploadInput;
        if (request.isMultipart()) {
          if (length !== undefined && length > maxBytes + MULTIPART_OVERHEAD)
            throw new AppError('payload_too_large', `The file is larger than the limit of ${maxBytes} bytes.`, { maxBytes });
          const part = await request.file();
          if (!part) throw new AppError('validation_failed', 'Send the file in a part named "file".');
          const field = (name: string): string | undefined => {
            const f = part.fields[name];
            return f && !Array.isArray(f) && f.type === 'field' ? String(f.value) : undefined;
          };
          const name = q.name ?? field('name') ?? part.filename;
          input = {
            body: part.file,
            name,
            folderId: q.folderId ?? field('folderId') ?? null,
            description: q.description ?? field('description') ?? '',
            tag: q.tag ?? field('tag') ?? null,
          };
        } else {
          if (!q.name)
            throw new AppError('validation_failed', 'Give the file a name (?name=…).', { errors: [{ path: '/querystring/name', message: 'is required' }] });
          input = {
            body: request.body as Readable,
            name: q.name,
            folderId: q.folderId ?? null,
            description: q.description ?? '',
            tag: q.tag ?? null,
            ...(length !== undefined && Number.isFinite(length) ? { declaredBytes: length } : {}),
          };
        }
        const file = await uploadFile(deps, actor, input, requestContext(request));
        return reply.status(201).send(file);
      },
    );
  });

  app.get(
    '/api/v1/me/files',
    {
      schema: {
        tags: ['uploads'],
        summary: 'A folder of your drive (default: the top level), a search of all of it, or the bin',
        description: `A page of files at a time (${PAGE_SIZE} unless \`limit\` says otherwise), with the folder's subfolders, breadcrumbs and your usage on every page. Pass \`nextCursor\` back as \`cursor\`, with the same sort and order, for the next page.`,
        querystring: Type.Object(
          {
            folderId: Type.Optional(Id),
            q: Type.Optional(Type.String({ maxLength: 100, description: 'Finds files in every folder by name, description or document type.' })),
            tag: Type.Optional(Tag),
            sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('date'), Type.Literal('size')])),
            order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
            bin: Type.Optional(Type.Boolean({ description: 'List the bin instead.' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `Files on the page (default ${PAGE_SIZE}).` })),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'The nextCursor of the page before.' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: refTo(DriveListing), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => listDrive(deps, (await requireResident(deps, config, request)).actor, request.query),
  );

  app.post(
    '/api/v1/me/files/combine',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Combine several of your photos into one PDF (say, both sides of a card)',
        description:
          'Each photo becomes one A4 page, turned clockwise by its rotation. The PDF is stored as a new file, under the same rules as an upload; the photos are kept.',
        body: Type.Object(
          {
            fileIds: Type.Array(Id, { minItems: 1, maxItems: MAX_COMBINED_PHOTOS }),
            rotations: Type.Optional(
              Type.Array(Type.Union([Type.Literal(0), Type.Literal(90), Type.Literal(180), Type.Literal(270)]), { maxItems: MAX_COMBINED_PHOTOS }),
            ),
            name: NameText,
            folderId: Type.Optional(Type.Union([Id, Type.Null()])),
            description: Type.Optional(DescriptionText),
            tag: Type.Optional(Type.Union([Tag, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: FileRef, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      return reply.status(201).send(await combinePhotos(deps, actor, request.body, requestContext(request)));
    },
  );

  app.get(
    '/api/v1/me/files/tags',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Document types an upload may be tagged with, named in every language Tijori speaks',
        response: { 200: Type.Object({ tags: Type.Array(Type.Object({ code: Tag, ...Object.fromEntries(LANGUAGE_CODES.map((l) => [l, Type.String()])) })) }) },
      },
    },
    async () => ({ tags: DOC_TAG_CODES.map((code) => ({ code, ...DOC_TAGS[code] })) }),
  );

  app.get(
    '/api/v1/me/files/:id',
    { schema: { tags: ['uploads'], summary: 'One of your files', params: FileParams, response: { 200: FileRef, ...errorResponses(400, 401, 404) } } },
    async (request) => getUploadedFile(deps, (await requireResident(deps, config, request)).actor, request.params.id),
  );

  app.get(
    '/api/v1/me/files/:id/content',
    {
      schema: {
        tags: ['uploads'],
        summary: 'The bytes of one of your files (download, or inline for preview)',
        description: 'Inline responses carry a sandboxing Content-Security-Policy; every response has nosniff and an RFC 6266 file name.',
        params: FileParams,
        querystring: Type.Object(
          { disposition: Type.Optional(Type.Union([Type.Literal('inline'), Type.Literal('attachment')])) },
          { additionalProperties: false },
        ),
        produces: ['application/pdf', 'image/jpeg', 'image/png'],
        response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The file.' }), ...errorResponses(400, 401, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      const opened = await openUploadedFile(deps, actor, request.params.id, requestContext(request));
      const disposition = request.query.disposition ?? 'attachment';
      if (disposition === 'inline') reply.header('content-security-policy', INLINE_CSP);
      return reply
        .type(opened.file.mediaType)
        .header('content-length', opened.size)
        .header('content-disposition', contentDisposition(disposition, opened.file.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('cross-origin-resource-policy', 'same-origin')
        .send(opened.stream);
    },
  );

  app.patch(
    '/api/v1/me/files/:id',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Rename, describe, tag or move a file',
        params: FileParams,
        body: Type.Object(
          {
            name: Type.Optional(NameText),
            description: Type.Optional(DescriptionText),
            tag: Type.Optional(Type.Union([Tag, Type.Null()])),
            folderId: Type.Optional(Type.Union([Id, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: FileRef, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => updateUploadedFile(deps, (await requireResident(deps, config, request)).actor, request.params.id, request.body, requestContext(request)),
  );

  app.delete(
    '/api/v1/me/files/:id',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Move a file to the bin (purged after 30 days)',
        params: FileParams,
        response: { 200: FileRef, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => binUploadedFile(deps, (await requireResident(deps, config, request)).actor, request.params.id, requestContext(request)),
  );

  app.post(
    '/api/v1/me/files/:id/restore',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Take a file out of the bin',
        params: FileParams,
        response: { 200: FileRef, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => restoreUploadedFile(deps, (await requireResident(deps, config, request)).actor, request.params.id, requestContext(request)),
  );
}
