import { Type, type Static, type TSchema } from 'typebox';

/** A reference to a shared, named schema (registered with addSchema), typed as the schema. */
export function refTo<T extends TSchema & { $id?: string }>(schema: T) {
  return Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });
}

/** The shared problem+json schema (problem.schema.ts), as a route's error response. */
export const problemRef = { $ref: 'Problem#' } as const;

/** `{ 400: Problem, 404: Problem, … }` for a route's `response`. */
export const errorResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, problemRef]));
