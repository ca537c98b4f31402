import { pathSegment } from '../../lib/path-segment';

/** The portal path of a document's page. */
export function documentPath(uri: string): string {
  return `/app/documents/${pathSegment(uri)}`;
}
