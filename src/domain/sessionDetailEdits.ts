import { fail, ok, type Outcome } from './outcome';
import { SESSION_DETAIL_FIELDS, type SessionDetails } from './session';

/** The interpreter question's third answer: nothing recorded. It is not a value to store. */
export const INTERPRETER_NOT_RECORDED = 'unrecorded';

/** What the user asked for, a value per field they touched; the interpreter's "not recorded" kept apart. */
export type WantedDetails = Omit<SessionDetails, 'interpreterPresent'> & { interpreterPresent?: boolean | typeof INTERPRETER_NOT_RECORDED };

/**
 * The edits to store: only the fields whose wanted value differs from what is stored, so a blank or
 * unchanged field is left alone. Whether an interpreter was present, once recorded, can be changed
 * between Yes and No but not taken back to "not recorded": DEX keeps the answer it was given.
 */
export function detailEdits(wanted: WantedDetails, stored: SessionDetails): Outcome<SessionDetails> {
  const edits: SessionDetails = {};
  if (wanted.interpreterPresent === INTERPRETER_NOT_RECORDED) {
    if (stored.interpreterPresent !== undefined) {
      return fail({
        code: 'interpreterPresent.cannotRemove',
        field: 'interpreterPresent',
        message: 'a recorded answer can be changed to Yes or No, but not removed.',
      });
    }
  } else if (wanted.interpreterPresent !== undefined && wanted.interpreterPresent !== stored.interpreterPresent) {
    edits.interpreterPresent = wanted.interpreterPresent;
  }
  for (const field of SESSION_DETAIL_FIELDS) {
    if (field === 'interpreterPresent') continue;
    const value = wanted[field];
    if (value !== undefined && value !== stored[field]) Object.assign(edits, { [field]: value });
  }
  return ok(edits);
}
