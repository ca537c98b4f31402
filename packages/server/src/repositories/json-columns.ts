/**
 * Structured values (names in several languages, lists, parameters) are kept as JSON text, one
 * column type for SQLite and PostgreSQL. Repositories decode them on the way out and encode them
 * on the way in, so use-cases only ever see typed values. The stored text is trusted as the
 * repository wrote it: nothing else writes these columns.
 */

/** A row type with some text columns replaced by their decoded values. */
export type WithJson<Row, Columns> = Omit<Row, keyof Columns> & Columns;

/** The same for a partial update: each decoded column optional, like every other. */
export type WithJsonPatch<Patch, Columns> = Omit<Patch, keyof Columns> & Partial<Columns>;

export function decodeJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function decodeNullableJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

export function encodeJson(value: unknown): string {
  return JSON.stringify(value);
}

export function encodeNullableJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** `decode(row)`, or undefined when no row was found. */
export function decodeFound<R, T>(row: R | undefined, decode: (row: R) => T): T | undefined {
  return row === undefined ? undefined : decode(row);
}
