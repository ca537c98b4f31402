import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isApiError, onUnauthenticated } from '../../api/client';
import { staffMe } from '../../api/staff';
import { StaffContext, type Staff, type StaffState } from './staff-context';

/** Who is signed in to the console (the staff cookie is HttpOnly: ask the server). */
export function StaffProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<StaffState>({ status: 'loading' });

  const reload = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      setState({ status: 'signed-in', me: await staffMe() });
    } catch (err) {
      if (isApiError(err) && err.code === 'totp_enrolment_required') setState({ status: 'enrol' });
      else setState(isApiError(err) && err.status === 401 ? { status: 'signed-out', reason: null } : { status: 'error', error: err });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(
    () =>
      onUnauthenticated(() => setState((s) => (s.status === 'signed-in' || s.status === 'enrol' ? { status: 'signed-out', reason: 'expired' } : s)), 'staff'),
    [],
  );

  const staff = useMemo<Staff>(
    () => ({
      state,
      signedIn: (me) => setState({ status: 'signed-in', me }),
      ended: (reason) => setState({ status: 'signed-out', reason }),
      pending: (step) => setState({ status: step }),
      reload,
    }),
    [state, reload],
  );
  return <StaffContext.Provider value={staff}>{children}</StaffContext.Provider>;
}
