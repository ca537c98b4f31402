import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A value no caller sends, standing for the i-th argument (j-th element of a list) while the query is compiled. */
const marker = (i: number, j?: number) => `\u0000tijori-argument-${i}${j === undefined ? '' : `.${j}`}\u0000`;

type Slot = { arg: number; item?: number } | { value: unknown };
/** A value to bind (null only as a call's value: the shape is compiled with a placeholder in its place), or a list for `in`. */
type Arg = string | number | null | readonly string[];
type Compiled = { sql: string; slots: Slot[] };

/** A consent covers at most 100 documents: the longest list whose compiled query is kept. */
const LONGEST_KEPT_LIST = 100;

/**
 * A query of fixed shape whose only variable parts are values (`where('uri', '=', uri)`, `limit(n)`,
 * `where('uri', 'in', uris)`), built and compiled by Kysely once per dialect (and, for a list
 * argument, once per list length); each call only binds the values. On the hottest paths (a
 * session, a resident, a document by URI, a resident's listing, a requester's token and its access
 * record) building and compiling the queries cost about as much as SQLite running them.
 *
 * Defined once, at module level; each call names the database or transaction to run on, so the
 * statements inside a transaction are compiled once too (repositories are made afresh for each).
 *
 * The first call compiles `build` with placeholder strings and checks that each one became exactly
 * one bound parameter (never part of the SQL text); a shape that inlines or repeats an argument is
 * refused there, so a test reaches it.
 */
export function preparedQuery<Args extends Arg[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<Row[]> {
  // Per dialect (a transaction shares its database's adapter), then per list lengths.
  const byDialect = new WeakMap<object, Map<string, Compiled>>();
  const compile = (db: Kysely<Database>, args: Args): Compiled => {
    const markers = args.map((a, i) => (Array.isArray(a) ? a.map((_, j) => marker(i, j)) : marker(i)));
    // Kysely binds a value it is given as is, so a placeholder string also stands for a number.
    const query = build(db, ...(markers as unknown as Args)).compile();
    const flat = markers.flat();
    if (flat.some((m) => query.sql.includes(m))) throw new Error('preparedQuery: an argument was inlined into the SQL text');
    const slots = query.parameters.map((p): Slot => {
      for (const [i, m] of markers.entries()) {
        if (typeof m === 'string') {
          if (p === m) return { arg: i };
        } else {
          const item = m.indexOf(p as string);
          if (item >= 0) return { arg: i, item };
        }
      }
      return { value: p };
    });
    const bound = slots.filter((s) => 'arg' in s).map((s) => marker((s as { arg: number }).arg, (s as { item?: number }).item));
    if (bound.length !== flat.length || new Set(bound).size !== flat.length) throw new Error('preparedQuery: each argument must be bound exactly once');
    return { sql: query.sql, slots };
  };
  return async (db: Kysely<Database>, ...args: Args) => {
    const dialect = db.getExecutor().adapter;
    let shapes = byDialect.get(dialect);
    if (!shapes) byDialect.set(dialect, (shapes = new Map()));
    const shape = args.map((a) => (Array.isArray(a) ? a.length : '')).join(',');
    let compiled = shapes.get(shape);
    if (!compiled) {
      compiled = compile(db, args);
      // Lists longer than any the callers send on a hot path are compiled each time, not kept.
      if (args.every((a) => !Array.isArray(a) || a.length <= LONGEST_KEPT_LIST)) shapes.set(shape, compiled);
    }
    const parameters = compiled.slots.map((s) => ('arg' in s ? (s.item === undefined ? args[s.arg] : (args[s.arg] as readonly string[])[s.item]) : s.value));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Row>);
    return result.rows;
  };
}
