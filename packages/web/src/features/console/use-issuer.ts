import { useCallback, useEffect, useState } from 'react';
import { getIssuer } from '../../api/directory';
import type { IssuerWithTypes } from '../../api/types';

/** One issuer and its document types, from the public directory. */
export function useIssuer(orgId: string | null | undefined) {
  const [issuer, setIssuer] = useState<IssuerWithTypes | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const reload = useCallback(async () => {
    if (!orgId) return;
    setFailure(null);
    try {
      setIssuer(await getIssuer(orgId));
    } catch (err) {
      setFailure(err);
    }
  }, [orgId]);

  useEffect(() => {
    setIssuer(null);
    void reload();
  }, [reload]);

  return { issuer, failure, reload };
}
