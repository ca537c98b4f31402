import type { Readable } from 'node:stream';
import { PARTNER_UPLOAD_MAX_BYTES, requesterUpload } from '../../../domain/consents/requester-upload.js';
import { sanitizeName } from '../../../domain/uploads/file-names.js';
import type { UploadMediaType } from '../../../domain/uploads/sniff-content.js';
import type { UploadDeps } from '../../../domain/uploads/upload-deps.js';
import { AppError, type ErrorCode } from '../../../lib/errors.js';
import type { TypedApp } from '../../../http/types.js';
import type { RouteContext } from '../../../http/routes/route-context.js';
import { bearer } from './partner-resources.route.js';

const BY_EXTENSION: Record<string, UploadMediaType> = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };
const BY_CONTENT_TYPE: Record<string, UploadMediaType> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/png': 'image/png',
};
const MAX_DEPTH = 10;

/** The `path` header: folders from the top of the drive and the file name, each a name the drive keeps as it is. */
function parsePath(raw: string): { folders: string[]; name: string } {
  if (raw.length > 1000) throw new AppError('invalid_path', 'The path is too long.');
  let path: string;
  try {
    path = raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    throw new AppError('invalid_path', 'The path is not valid percent-encoding.');
  }
  const segments = path.split('/');
  if (segments[0] === '') segments.shift();
  const name = segments.pop() ?? '';
  if (name === '') throw new AppError('filename_missing', 'The path must end with the file name.');
  if (segments.length > MAX_DEPTH) throw new AppError('invalid_path', `At most ${MAX_DEPTH} folders deep.`);
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || !keptAsIs(s, 'folder'))
      throw new AppError('invalid_path', 'Each folder in the path must be a plain name (no empty, "." or ".." parts, no control characters).');
  }
  if (!keptAsIs(name, 'file') || !/\.[A-Za-z0-9]+$/.test(name))
    throw new AppError('invalid_filename', 'The file name must be a plain name with an extension (.pdf, .jpg, .jpeg or .png).');
  return { folders: segments, name };
}

function keptAsIs(name: string, what: 'file' | 'folder'): boolean {
  try {
    return sanitizeName(name, what) === name;
  } catch {
    return false;
  }
}

/** The drive's codes as the partner API names them. */
const PARTNER_CODES: Partial<Record<ErrorCode, ErrorCode>> = {
  file_empty: 'file_data_missing',
  payload_too_large: 'invalid_filesize',
  image_too_large: 'invalid_filesize',
  file_type_refused: 'invalid_filetype',
  file_invalid: 'invalid_filetype',
  name_invalid: 'invalid_filename',
};

function toPartnerError(err: unknown): never {
  const code = err instanceof AppError ? PARTNER_CODES[err.code] : undefined;
  throw code ? new AppError(code, (err as AppError).message) : err;
}

function header(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `POST /public/oauth2/1/file/upload`: a requester adds a file to the resident's drive (Bearer token, scope files.upload, HMAC of the bytes). */
export function registerPartnerUploadRoutes(app: TypedApp, _context: RouteContext, uploadDeps: UploadDeps): void {
  void app.register(async (scope) => {
    // Every body is the file, whatever it claims to be: JSON or text is never parsed here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(
      '/public/oauth2/1/file/upload',
      {
        schema: {
          tags: ['partner'],
          summary: 'Upload a file to the resident’s drive (Bearer token, scope files.upload)',
          description:
            'The body is the file (PDF, JPEG or PNG, at most 10 MB). Headers: `path` (folders and file name, e.g. `/KYC/statement.pdf`; missing folders are made), `hmac` = Base64(HMAC-SHA256(file, client_secret)), `Content-Type` matching the extension and the bytes. Answers `{details: {path, size}}`. Under a consent of picked drive items the path is read as the requester sees the drive: its first folder must be a shared folder at the top (else 403 `path_not_granted`), and a bare file name goes to the top and joins the consent.',
          consumes: ['application/pdf', 'image/jpeg', 'image/png'],
        },
      },
      async (request, reply) => {
        const access = await bearer(uploadDeps, request);
        const rawPath = header(request.headers.path);
        const contentType = header(request.headers['content-type']);
        const hmac = header(request.headers.hmac);
        if (!rawPath) throw new AppError('path_missing', 'Send the folder and file name in the "path" header.');
        if (!contentType) throw new AppError('contenttype_missing', 'Send the file’s Content-Type.');
        if (!hmac) throw new AppError('hmac_missing', 'Send Base64(HMAC-SHA256(file, client_secret)) in the "hmac" header.');
        const { folders, name } = parsePath(rawPath);
        const declared = BY_CONTENT_TYPE[contentType.split(';')[0]!.trim().toLowerCase()];
        const byName = BY_EXTENSION[name.slice(name.lastIndexOf('.') + 1).toLowerCase()];
        if (!declared || !byName) throw new AppError('invalid_filetype', 'Only PDF, JPG, JPEG and PNG files are accepted.');
        if (declared !== byName) throw new AppError('mimetype_mismatch', `The Content-Type (${declared}) does not match the file name's extension.`);
        const length = request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
        if (length === 0) throw new AppError('file_data_missing', 'The body is empty: send the file as the body.');
        if (length !== undefined && length > PARTNER_UPLOAD_MAX_BYTES) throw new AppError('invalid_filesize', 'The file is larger than 10 MB.');
        const presented = /^[A-Za-z0-9+/]{43}=$/.test(hmac) ? Buffer.from(hmac, 'base64') : Buffer.alloc(0);
        const body = request.body as Readable | undefined;
        if (!body) throw new AppError('file_data_missing', 'The body is empty: send the file as the body.');
        const details = await requesterUpload(uploadDeps, access, {
          folders,
          name,
          mediaType: declared,
          hmac: presented,
          body,
          ...(length !== undefined && Number.isFinite(length) ? { declaredBytes: length } : {}),
        }).catch(toPartnerError);
        return reply.status(200).header('cache-control', 'no-store').send({ details });
      },
    );
  });
}
