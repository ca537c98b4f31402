import type { en } from './en/portal.js';

/** The English catalogue is the reference: its keys are the only keys there are. */
export type Catalogue = typeof en;
export type MessageKey = keyof Catalogue;

/** The {placeholder} names in a message, e.g. 'Hi {name}' → 'name'. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * A translated message must contain every placeholder of the English one, in any order
 * (word order differs between languages): `${string}{a}${string}` & `${string}{b}${string}`.
 */
type SamePlaceholders<S extends string> = [Placeholders<S>] extends [never]
  ? string
  : UnionToIntersection<Placeholders<S> extends infer P extends string ? (P extends string ? `${string}{${P}}${string}` : never) : never>;

/**
 * What every other language file must satisfy: exactly the English keys (a missing or extra
 * key is a type error through `satisfies Translation`) and the same placeholders.
 */
export type Translation = { readonly [K in MessageKey]: SamePlaceholders<Catalogue[K]> };

/** The parameters `t(key, params)` needs for a key: none, or one value per placeholder. */
export type ParamsFor<K extends MessageKey> = [Placeholders<Catalogue[K]>] extends [never] ? [] : [params: Record<Placeholders<Catalogue[K]>, string | number>];
