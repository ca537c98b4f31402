/** The few `jsonld` (a development dependency without types of its own) calls the tests make. */
declare module 'jsonld' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export interface ExpandOptions {
    documentLoader?: (url: string) => Promise<RemoteDocument>;
    /** Fails on any term, IRI or value that would otherwise be dropped silently. */
    safe?: boolean;
  }
  const jsonld: { expand(input: unknown, options?: ExpandOptions): Promise<Record<string, unknown>[]> };
  export default jsonld;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>;
}
