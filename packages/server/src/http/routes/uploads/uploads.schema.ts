import { Type } from 'typebox';
import { DOC_TAG_CODES, type DocTag } from '../../../domain/uploads/doc-tags.js';
import { refTo } from '../../schemas/common.schema.js';

export const Id = Type.String({ format: 'uuid' });
/** Typed as the codes themselves: a union built from a list would otherwise be typed never. */
export const Tag = Type.Unsafe<DocTag>(
  Type.Union(
    DOC_TAG_CODES.map((c) => Type.Literal(c)),
    { description: 'Document type (GET /api/v1/me/files/tags lists them in en, hi, gu).' },
  ),
);
export const NameText = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'Shown as given after clean-up: NFC, no control characters or path separators, at most 120 characters.',
});
export const DescriptionText = Type.String({ maxLength: 500 });

export const UploadedFile = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    tag: Type.Union([Type.String(), Type.Null()]),
    mediaType: Type.String({ description: 'application/pdf, image/jpeg or image/png, decided from the bytes.' }),
    sizeBytes: Type.Integer(),
    pages: Type.Union([Type.Integer(), Type.Null()]),
    status: Type.Union([Type.Literal('scanning'), Type.Literal('clean'), Type.Literal('refused')], {
      description: 'Virus scan: only a clean file can be opened.',
    }),
    folderId: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer(),
    uploadedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    binnedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    purgeAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'UploadedFile' },
);

export const Folder = Type.Object(
  { id: Type.String(), name: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String({ format: 'date-time' }) },
  { $id: 'UploadFolder' },
);

export const DriveListing = Type.Object(
  {
    folder: Type.Union([refTo(Folder), Type.Null()]),
    breadcrumbs: Type.Array(refTo(Folder)),
    folders: Type.Array(refTo(Folder)),
    files: Type.Array(refTo(UploadedFile)),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass back as `cursor` for the next page; null on the last page.' }),
    usage: Type.Object({ usedBytes: Type.Integer(), quotaBytes: Type.Integer() }),
  },
  { $id: 'DriveListing' },
);

export const UPLOAD_SCHEMAS = [UploadedFile, Folder, DriveListing];
