import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Choice } from '../../cards/cardKit';
import type { FlowTurn } from '../../src/bot/guidedFlow';
import type { Option } from '../../src/bot/stepKit';
import { formatAuDate } from '../../src/domain/dateFormat';
import type { CodeListName } from '../../src/domain/referenceData';
import type { AddClientsAnswers as Answers } from './clientDraft';

export function bornText(birthDate: string, estimated = false): string {
  return estimated ? `about ${birthDate.slice(0, 4)}` : formatAuDate(DateTime.fromISO(birthDate));
}

export function birthYear(birthDate: string): string {
  return birthDate.slice(0, 4);
}

export function codeOptions(turn: FlowTurn<Answers>, list: CodeListName): Option[] {
  return turn.services.referenceData.codesOf(list).map((c) => ({ key: c.code, label: c.label }));
}

export function asChoices(options: Option[]): Choice[] {
  return options.map((o) => ({ title: o.label, value: o.key }));
}

export function label(turn: FlowTurn<Answers>, list: CodeListName, code: string | undefined): string {
  return code ? (turn.services.referenceData.labelOf(list, code) ?? code) : '';
}

/** A card leaves an empty input out of its submit, so a missing value and an empty one get the same message. */
export function required(message: string) {
  return z.string({ error: message }).trim().min(1, message);
}
