import { Type } from 'typebox';

/** RFC 9457 problem details, as every native /api/v1 error is answered. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the problem type.' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable code; branch on this, not on the text.' }),
    detail: Type.String({ description: 'What went wrong, for a person.' }),
    requestId: Type.String({ description: 'Quote this when reporting a problem.' }),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String({ description: 'e.g. /body/mobile' }), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true },
);
