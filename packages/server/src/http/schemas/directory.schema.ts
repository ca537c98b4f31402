import { Type } from 'typebox';
import { ORG_ID_PATTERN } from '../../domain/issuers/create-issuer.js';
import { DOC_TYPE_PATTERN, TEMPLATES } from '../../domain/issuers/create-document-type.js';

export const OrgId = Type.String({
  pattern: ORG_ID_PATTERN,
  maxLength: 100,
  description: 'Issuer id derived from its domain, e.g. in.gov.cbse',
  examples: ['in.gov.cbse'],
});
export const DocTypeCode = Type.String({ pattern: DOC_TYPE_PATTERN, description: 'Up to 5 capital letters, e.g. HSCER', examples: ['HSCER'] });
export const DocumentUri = Type.String({
  pattern: '^[a-z][a-z0-9.-]*-[A-Z]{1,5}-[A-Za-z0-9]{1,64}$',
  maxLength: 200,
  description: '<issuer id>-<doc type>-<doc id>',
  examples: ['in.gov.cbse-HSCER-201412345678'],
});
export const Localized = Type.Object(
  { en: Type.String({ minLength: 1, maxLength: 200 }), hi: Type.Optional(Type.String({ maxLength: 200 })), gu: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: Type.String({ maxLength: 200 }) },
);
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const PullParameter = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$' }),
  label: Localized,
  example: Type.Optional(Type.String({ maxLength: 100 })),
  pattern: Type.Optional(Type.String({ maxLength: 200 })),
});
export const DocumentField = Type.Object({
  key: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }),
  label: Localized,
  required: Type.Optional(Type.Boolean()),
  group: Type.Optional(Type.String({ maxLength: 40 })),
});

export const Issuer = Type.Object(
  {
    id: Type.String(),
    orgId: Type.String(),
    names: Localized,
    category: Type.String(),
    state: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    pullMode: Type.String(),
    contactEmail: Type.Union([Type.String(), Type.Null()]),
    contactPhone: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Issuer' },
);

export const DocumentType = Type.Object(
  {
    code: Type.String(),
    names: Localized,
    parameters: Type.Array(PullParameter),
    fields: Type.Array(DocumentField),
    template: Type.String(),
    matchRules: Type.Object({ name: Type.Boolean(), dob: Type.Boolean() }),
  },
  { $id: 'DocumentType' },
);

export const Template = Type.Union(TEMPLATES.map((t) => Type.Literal(t)));

export const DIRECTORY_SCHEMAS = [Issuer, DocumentType];

/** The holder as named on a document, and its fields as issued with labels in the reader's language. */
export const DocumentHolder = Type.Object({ name: Type.String(), nameLocal: Type.Optional(Type.String()), birthDate: Type.Optional(Type.String()) });
export const DocumentFieldValues = Type.Array(Type.Object({ key: Type.String(), label: Type.String(), value: Type.String() }));
