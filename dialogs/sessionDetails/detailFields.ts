import { z } from 'zod';
import type { DetailChangeView } from '../../cards/sessionDetailsCards';
import type { Option } from '../../src/bot/stepKit';
import { collectsMoneyBusinessWorkshop, checkMoneyBusinessWorkshopApplies } from '../../src/domain/rules';
import type { OutletActivity } from '../../src/domain/organisation';
import type { Problem } from '../../src/domain/problem';
import type { CodeListName, ReferenceData } from '../../src/domain/referenceData';
import { SESSION_DETAIL_FIELDS, type SessionDetails } from '../../src/domain/session';
import { INTERPRETER_NOT_RECORDED, type WantedDetails } from '../../src/domain/sessionDetailEdits';
import { matchChoice } from '../../src/search/fuzzyMatch';

/**
 * The session-details card's fields: what each is called, which list it draws from, how its value reads
 * on the card and in a typed message ("topic: finances; interpreter yes"), and which fields a submit changed.
 */

export const FIELDS = SESSION_DETAIL_FIELDS;
export type Field = (typeof FIELDS)[number];
type CodeField = Exclude<Field, 'interpreterPresent' | 'serviceTypeId'>;

export const LABELS: Record<Field, string> = {
  interpreterPresent: 'Interpreter present',
  serviceTypeId: 'Service type',
  serviceSettingCode: 'Service setting',
  topicCode: 'Topic',
  hardshipTypeCode: 'Hardship type',
  referralDestinationCode: 'Referral destination',
  moneyBusinessWorkshopCode: 'Money Business workshop code',
};

const CODE_LISTS: Record<CodeField, CodeListName> = {
  serviceSettingCode: 'serviceSetting',
  topicCode: 'topic',
  hardshipTypeCode: 'hardshipType',
  referralDestinationCode: 'externalReferralDestination',
  moneyBusinessWorkshopCode: 'moneyBusinessWorkshop',
};

/** What staff may type before a value, e.g. "topic: finances; interpreter yes". */
const ALIASES: Record<Field, string[]> = {
  interpreterPresent: ['interpreter present', 'interpreter'],
  serviceTypeId: ['service type'],
  serviceSettingCode: ['service setting', 'setting'],
  topicCode: ['topic'],
  hardshipTypeCode: ['hardship type', 'hardship'],
  referralDestinationCode: ['referral destination', 'destination'],
  moneyBusinessWorkshopCode: ['money business workshop code', 'money business workshop', 'money business', 'workshop code', 'workshop'],
};

const YES = 'yes';
const NO = 'no';
const UNRECORDED = INTERPRETER_NOT_RECORDED;
export const NOT_RECORDED = 'Not recorded';
export { UNRECORDED };

/** One field as this activity and the loaded reference lists allow it. */
export type FieldSpec = {
  field: Field;
  label: string;
  options: Option[];
  /** Kept off the card: the field does not apply to this activity's program. */
  hidden: boolean;
  /** Why a value cannot be set here (no list loaded), or undefined when it can. */
  unavailable?: string;
  note?: string;
};

export function fieldSpecs(rd: ReferenceData, activity: OutletActivity | undefined): FieldSpec[] {
  const noActivity = activity ? undefined : 'The case file’s outlet activity is no longer in your organisation’s settings, so what it accepts is unknown.';
  const codeSpec = (field: CodeField, hidden = false): FieldSpec => {
    const list = CODE_LISTS[field];
    const options = rd.codesOf(list).map((c) => ({ key: c.code, label: c.label }));
    if (options.length === 0) {
      const unavailable = `No ${LABELS[field].toLowerCase()} list is loaded for your organisation, so it can't be set here. Your administrator can supply one.`;
      return { field, label: LABELS[field], options, hidden, unavailable, note: unavailable };
    }
    const note = rd.info(list).confirmed ? undefined : 'This list may be incomplete for your program.';
    return { field, label: LABELS[field], options, hidden, ...(note ? { note } : {}) };
  };
  const serviceTypes = (activity?.serviceTypeIds ?? [])
    .filter((id) => rd.isValidServiceType(id))
    .map((id) => ({ key: String(id), label: rd.serviceType(id)?.label ?? `Service type ${id}` }));
  const workshop = activity
    ? codeSpec('moneyBusinessWorkshopCode', !collectsMoneyBusinessWorkshop(activity))
    : { ...codeSpec('moneyBusinessWorkshopCode', true), unavailable: noActivity };
  return [
    {
      field: 'interpreterPresent',
      label: LABELS.interpreterPresent,
      options: [
        { key: YES, label: 'Yes' },
        { key: NO, label: 'No' },
      ],
      hidden: false,
    },
    {
      field: 'serviceTypeId',
      label: LABELS.serviceTypeId,
      options: serviceTypes,
      hidden: false,
      ...(noActivity ? { unavailable: noActivity, note: noActivity } : {}),
    },
    codeSpec('serviceSettingCode'),
    codeSpec('topicCode'),
    codeSpec('hardshipTypeCode'),
    codeSpec('referralDestinationCode'),
    workshop,
  ];
}

/** A stored or edited value as the card's inputs carry it. */
export function asInputValue(field: Field, details: SessionDetails): string | undefined {
  if (field === 'interpreterPresent') return details.interpreterPresent === undefined ? UNRECORDED : details.interpreterPresent ? YES : NO;
  const v = details[field];
  return v === undefined ? undefined : String(v);
}

export function wording(field: Field, details: SessionDetails, rd: ReferenceData): string {
  if (field === 'interpreterPresent') return details.interpreterPresent === undefined ? NOT_RECORDED : details.interpreterPresent ? 'Yes' : 'No';
  if (field === 'serviceTypeId') {
    const id = details.serviceTypeId;
    return id === undefined ? NOT_RECORDED : (rd.serviceType(id)?.label ?? `Service type ${id}`);
  }
  const code = details[field];
  return code === undefined ? NOT_RECORDED : (rd.labelOf(CODE_LISTS[field], code) ?? code);
}

/** A domain problem as a message that names the field, e.g. "Service type: ...". */
export function fieldMessage(p: Problem): string {
  const label = (LABELS as Record<string, string | undefined>)[p.field];
  return label && !p.message.toLowerCase().startsWith(label.toLowerCase()) ? `${label}: ${p.message}` : p.message;
}

const Blankable = z
  .preprocess((v) => (typeof v === 'number' ? String(v) : v === null ? undefined : v), z.string().optional())
  .transform((v) => v?.trim() || undefined);

export type Values = Partial<Record<Field, string>>;

/** A card submit: every input as text, blank meaning "leave as it is". */
const DetailsSubmit = z.object(Object.fromEntries(FIELDS.map((f) => [f, Blankable])) as Record<Field, typeof Blankable>);
/** The stored values the card was drawn from, carried by its Continue button. */
export const StoredValues = z.partialRecord(z.enum(FIELDS), z.string());

/**
 * Checks the changed fields against the loaded lists and this activity. Every message names the field and
 * the rule; whether a service type suits the activity is left to the domain's updateSessionDetails.
 */
export function wantedSchema(specs: FieldSpec[], rd: ReferenceData, activity: OutletActivity | undefined) {
  return DetailsSubmit.transform((v, ctx): WantedDetails => {
    const wanted: WantedDetails = {};
    const issue = (field: Field, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    for (const spec of specs) {
      const raw = v[spec.field];
      if (raw === undefined) continue;
      const notForActivity = activity && spec.hidden ? checkMoneyBusinessWorkshopApplies(activity, raw, spec.field) : null;
      if (spec.unavailable) {
        issue(spec.field, `${spec.label}: ${spec.unavailable}`);
      } else if (notForActivity) {
        issue(spec.field, fieldMessage(notForActivity));
      } else if (spec.field === 'interpreterPresent') {
        if (raw === YES || raw === NO) wanted.interpreterPresent = raw === YES;
        else if (raw === UNRECORDED) wanted.interpreterPresent = UNRECORDED;
        else issue(spec.field, `${spec.label}: answer Yes or No.`);
      } else if (spec.field === 'serviceTypeId') {
        const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
        if (Number.isInteger(id) && rd.isValidServiceType(id)) wanted.serviceTypeId = id;
        else issue(spec.field, `${spec.label}: "${raw}" is not a DEX service type in the loaded list.`);
      } else if (rd.isValidCode(CODE_LISTS[spec.field], raw)) {
        wanted[spec.field] = raw;
      } else {
        issue(spec.field, `${spec.label}: "${raw}" is not a code in the loaded ${spec.label.toLowerCase()} list.`);
      }
    }
    return wanted;
  });
}

export function inputValues(details: SessionDetails): Values {
  return Object.fromEntries(FIELDS.map((f) => [f, asInputValue(f, details)]).filter(([, v]) => v !== undefined)) as Values;
}

/** Only the fields an earlier pass changed, so a typed change keeps them without touching the rest. */
export function editedValues(changes: SessionDetails): Values {
  const all = inputValues(changes);
  return Object.fromEntries(FIELDS.filter((f) => changes[f] !== undefined).map((f) => [f, all[f]])) as Values;
}

/**
 * The fields a card submit changed: those whose input differs from the stored value the card was drawn from
 * (or, without that, from what is stored now).
 */
export function changedOnCard(value: Record<string, unknown>, stored: SessionDetails): { ok: true; values: Values } | { ok: false; message: string } {
  const parsed = DetailsSubmit.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return { ok: false, message: `${LABELS[first.path[0] as Field] ?? 'Session details'}: ${first.message}.` };
  }
  const snapshot = StoredValues.safeParse(value.storedValues);
  const baseline: Values = snapshot.success ? snapshot.data : inputValues(stored);
  return {
    ok: true,
    values: Object.fromEntries(FIELDS.filter((f) => parsed.data[f] !== undefined && parsed.data[f] !== baseline[f]).map((f) => [f, parsed.data[f]])),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ALIAS_LIST = FIELDS.flatMap((field) =>
  ALIASES[field].map((alias) => ({ field, alias, pattern: new RegExp(`^${escapeRegExp(alias)}\\b\\s*(?:[:=-]|is\\b|to\\b|as\\b)?\\s*`, 'i') })),
).sort((x, y) => y.alias.length - x.alias.length);
const PART_SPLIT = new RegExp(`\\s*[;\\n]\\s*|\\s*,\\s*(?=(?:${ALIAS_LIST.map((a) => escapeRegExp(a.alias)).join('|')})\\b)`, 'i');

/** "topic: finances; interpreter yes" → the keys the card would have submitted for those fields. */
export function parseTyped(typed: string, specs: FieldSpec[]): { ok: true; values: Values } | { ok: false; message: string } {
  const values: Values = {};
  for (const part of typed.split(PART_SPLIT).filter(Boolean)) {
    const hit = ALIAS_LIST.find((a) => a.pattern.test(part));
    if (!hit) {
      return {
        ok: false,
        message: `I couldn't tell which detail "${part}" is for. Use the card, or start each change with the detail's name, for example "topic: finances; interpreter: yes".`,
      };
    }
    const spec = specs.find((s) => s.field === hit.field)!;
    const value = part.replace(hit.pattern, '').trim();
    if (!value) return { ok: false, message: `${spec.label}: say what to change it to.` };
    if (spec.hidden || spec.unavailable) {
      values[spec.field] = value;
      continue;
    }
    const match = matchChoice(value, spec.options);
    if (!match) return { ok: false, message: `${spec.label}: I couldn't match "${value}" to an option. Pick from the list on the card.` };
    values[spec.field] = match.key;
  }
  return { ok: true, values };
}

export function changeViews(changes: SessionDetails, before: SessionDetails, rd: ReferenceData): DetailChangeView[] {
  return FIELDS.filter((f) => changes[f] !== undefined).map((f) => ({ label: LABELS[f], from: wording(f, before, rd), to: wording(f, changes, rd) }));
}
