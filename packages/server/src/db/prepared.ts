import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A value no caller sends, standing for the i-th argument while the query is compiled. */
const marker = (i: number) => `\u0000tijori-argument-${i}\u0000`;

type Slot = { arg: number } | { value: unknown };
type Arg = string | number;

/**
 * A query of fixed shape whose only variable parts are values (`where('uri', '=', uri)`, `limit(n)`),
 * built and compiled by Kysely once for `db`'s dialect; each call only binds the values. On the
 * hottest reads (a session, a resident, a document by URI, a resident's listing) building and
 * compiling the query cost about as much as SQLite running it.
 *
 * The first call compiles `build` with placeholder strings and checks that each one became exactly
 * one bound parameter (never part of the SQL text); a shape that inlines or repeats an argument,
 * or has a variable number of parameters (`in` lists), is refused there, so a test reaches it.
 */
export function preparedQuery<Args extends Arg[], Row>(db: Kysely<Database>, build: (...args: Args) => Compilable<Row>): (...args: Args) => Promise<Row[]> {
  let compiled: { sql: string; slots: Slot[] } | undefined;
  const compile = (arity: number) => {
    const markers = Array.from({ length: arity }, (_, i) => marker(i));
    // Kysely binds a value it is given as is, so a placeholder string also stands for a number.
    const query = build(...(markers as unknown as Args)).compile();
    if (markers.some((m) => query.sql.includes(m))) throw new Error('preparedQuery: an argument was inlined into the SQL text');
    const slots = query.parameters.map((p): Slot => {
      const arg = typeof p === 'string' ? markers.indexOf(p) : -1;
      return arg >= 0 ? { arg } : { value: p };
    });
    const bound = slots.filter((s) => 'arg' in s).map((s) => (s as { arg: number }).arg);
    if (bound.length !== arity || new Set(bound).size !== arity) throw new Error('preparedQuery: each argument must be bound exactly once');
    return { sql: query.sql, slots };
  };
  return async (...args: Args) => {
    compiled ??= compile(args.length);
    const parameters = compiled.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Row>);
    return result.rows;
  };
}
