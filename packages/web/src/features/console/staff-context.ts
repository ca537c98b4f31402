import { createContext, useContext } from 'react';
import type { StaffMe } from '../../api/types';

export type StaffState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: 'expired' | 'signedOut' | null }
  | { status: 'signed-in'; me: StaffMe }
  /** The password was right; the authenticator app's code (or a recovery code) is next. */
  | { status: 'second-factor' }
  /** An operator without a second factor: its set-up is all the console opens. */
  | { status: 'enrol' }
  | { status: 'error'; error: unknown };

export interface Staff {
  state: StaffState;
  signedIn(me: StaffMe): void;
  ended(reason: 'expired' | 'signedOut'): void;
  /** Where a right password led short of the console. */
  pending(step: 'second-factor' | 'enrol'): void;
  reload(): Promise<void>;
}

export const StaffContext = createContext<Staff | null>(null);

export function useStaff(): Staff {
  const staff = useContext(StaffContext);
  if (!staff) throw new Error('useStaff needs <StaffProvider> above it');
  return staff;
}

/** Only under a signed-in console. */
export function useStaffMe(): StaffMe {
  const { state } = useStaff();
  if (state.status !== 'signed-in') throw new Error('useStaffMe outside the signed-in console');
  return state.me;
}
