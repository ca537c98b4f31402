import { Type } from 'typebox';
import { DocumentUri } from '../../schemas/directory.schema.js';
import { MAX_EXPIRY_HOURS, MAX_VIEWS_LIMIT } from '../../../domain/shares/share-rules.js';

const Iso = Type.String({ format: 'date-time' });

export const ShareTarget = Type.Union(
  [
    Type.Object({ kind: Type.Literal('issued'), uri: DocumentUri }, { additionalProperties: false }),
    Type.Object(
      {
        kind: Type.Literal('uploaded'),
        fileId: Type.String({ format: 'uuid', description: 'One of your uploaded files (GET /api/v1/me/files); its current version is shared.' }),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'What to share: an issued document by URI, or one of your uploaded files by id. eSigned versions will add their own variant.' },
);

export const CreateShareBody = Type.Object(
  {
    target: ShareTarget,
    expiresInHours: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_EXPIRY_HOURS, default: 24, description: 'From 1 hour to 30 days; 24 hours if left out.' }),
    ),
    maxViews: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_VIEWS_LIMIT })),
    pin: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '6 digits the receiver must enter; 5 wrong tries lock the link.' })),
    note: Type.Optional(Type.String({ maxLength: 280 })),
    allowDownload: Type.Optional(Type.Boolean({ default: false })),
    sharerShown: Type.Optional(
      Type.Union([Type.Literal('masked'), Type.Literal('full'), Type.Literal('first')], {
        description: 'How your name appears to the receiver: masked (default), full, first name only.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ShareView = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'The link to give; its QR code carries the same URL.' }),
  target: Type.Object({ kind: Type.String(), version: Type.Integer(), title: Type.String() }),
  state: Type.Union([Type.Literal('live'), Type.Literal('expired'), Type.Literal('revoked'), Type.Literal('used_up'), Type.Literal('locked')]),
  note: Type.Union([Type.String(), Type.Null()]),
  allowDownload: Type.Boolean(),
  sharerShown: Type.String(),
  sharerLabel: Type.String(),
  pinProtected: Type.Boolean(),
  maxViews: Type.Union([Type.Integer(), Type.Null()]),
  viewCount: Type.Integer(),
  views: Type.Array(Type.Object({ at: Iso, device: Type.String({ examples: ['Chrome on Android'] }) })),
  createdAt: Iso,
  expiresAt: Iso,
  revokedAt: Type.Union([Iso, Type.Null()]),
});

export const OpenShareBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: 'The part of the link after /s/.' }),
    pin: Type.Optional(Type.String({ maxLength: 12 })),
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2}$' })),
  },
  { additionalProperties: false },
);

export const OpenedShare = Type.Object({
  share: Type.Object({
    sharedBy: Type.String({ description: 'The sharer, shown as they chose (masked by default).' }),
    note: Type.Union([Type.String(), Type.Null()]),
    sharedAt: Iso,
    openedAt: Iso,
    expiresAt: Iso,
    viewsLeft: Type.Union([Type.Integer(), Type.Null()]),
    allowDownload: Type.Boolean(),
  }),
  document: Type.Union([
    Type.Object({
      kind: Type.Literal('issued'),
      title: Type.String(),
      uri: Type.String(),
      docType: Type.Object({ code: Type.String(), name: Type.String() }),
      issuer: Type.Object({ orgId: Type.String(), name: Type.String() }),
      holder: Type.Object({ name: Type.String(), nameLocal: Type.Optional(Type.String()), birthDate: Type.Optional(Type.String()) }),
      fields: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), value: Type.String() })),
      issuedOn: Type.String(),
      validFrom: Type.Union([Type.String(), Type.Null()]),
      validTo: Type.Union([Type.String(), Type.Null()]),
      version: Type.Integer(),
      verificationCode: Type.String(),
      qrPayload: Type.String(),
      verification: Type.Object({ verdict: Type.String(), status: Type.Union([Type.String(), Type.Null()]), superseded: Type.Boolean(), checkedAt: Iso }),
    }),
    Type.Object(
      {
        kind: Type.Literal('uploaded'),
        title: Type.String(),
        name: Type.String({ description: 'The file name when it was shared.' }),
        mediaType: Type.String({ examples: ['application/pdf'] }),
        size: Type.Integer({ description: 'Bytes.' }),
        pages: Type.Union([Type.Integer(), Type.Null()]),
        version: Type.Integer(),
      },
      { description: 'A file the resident uploaded: not verified by any issuer.' },
    ),
  ]),
  downloadGrant: Type.Union([Type.String(), Type.Null()], {
    description: 'For POST /api/v1/public/shares/download, when downloading is allowed (30 minutes).',
  }),
  previewGrant: Type.Union([Type.String(), Type.Null()], {
    description:
      'For an uploaded file: POST /api/v1/public/shares/download with disposition inline, for the preview (30 minutes), even when downloading is not allowed.',
  }),
});
