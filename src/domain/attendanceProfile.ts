/**
 * The client attendance profile (how a case file's clients attend together: FAMILY, COMMEVENT, PSGROUP,
 * COUPLE, COHABITANTS) is one rule wherever a case file is made or changed.
 *
 * DEX's case record makes it optional (`ClientAttendanceProfileCode ?`, added in the DSS bulk-upload
 * specification 1.7), so a case file created by hand for clients seen one at a time may leave it out
 * ("Not applicable"). DEX CM's activity transfer, however, always asks for it, because a transferred activity
 * is by definition people attending together; a case file that came from a transfer (or took sessions from
 * one) therefore always keeps a profile, also when corrected later.
 */
import type { CaseFile } from './caseFile';
import type { Problem } from './problem';

export type CaseFileOrigin = 'manual' | 'transfer';

export const ATTENDANCE_PROFILE_WHY: Readonly<Record<CaseFileOrigin, string>> = {
  manual: 'DEX treats the attendance profile as optional, so choose "Not applicable" when clients are seen one at a time.',
  transfer: 'An activity transfer always needs one: the activity is people attending together, and DEX’s own transfer asks for it too.',
};

export function originOf(cf: Pick<CaseFile, 'transfers'>): CaseFileOrigin {
  return cf.transfers.length > 0 ? 'transfer' : 'manual';
}

export function profileRequired(origin: CaseFileOrigin): boolean {
  return origin === 'transfer';
}

export function checkAttendanceProfile(origin: CaseFileOrigin, code: string | undefined | null): Problem | null {
  if (code || !profileRequired(origin)) return null;
  return {
    code: 'attendanceProfile.missing',
    field: 'clientAttendanceProfileCode',
    message: `Choose a client attendance profile. ${ATTENDANCE_PROFILE_WHY.transfer}`,
  };
}
