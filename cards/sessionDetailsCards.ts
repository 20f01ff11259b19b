import {
  actionSet,
  card,
  choiceSet,
  commandButton,
  facts,
  heading,
  submit,
  text,
  type AdaptiveCard,
  type CardElement,
  type Choice,
  type NextStep,
} from './cardKit';

/** One session detail as the edit card shows it: what is stored now, and what can be picked. */
export type DetailFieldView = {
  id: string;
  label: string;
  /** Wording of the stored value, or "Not recorded". */
  stored: string;
  /** Empty when no list is loaded for this field, so it is shown but cannot be changed here. */
  options: Choice[];
  /** The value the input starts at: the user's edit, else the stored value. */
  value: string | undefined;
  /** A caution about the list, such as "may be incomplete", or why the field cannot be changed. */
  note?: string;
  /** What the field means, in DEX's own one-line definition. */
  definition?: string;
};

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export type SessionHeading = { caseFileName: string; when: string; sessionId: string };

function sessionLine(s: SessionHeading): string {
  return `${s.caseFileName} · ${s.when} (session ${s.sessionId})`;
}

function fieldInput(f: DetailFieldView): CardElement[] {
  const definition = f.definition ? [text(`${f.label}: ${lowerFirst(f.definition)}`, { subtle: true })] : [];
  if (f.options.length === 0) return [...definition, text(`**${f.label}**: ${f.stored}. ${f.note ?? ''}`.trim(), { subtle: true })];
  const style = f.options.length <= 3 ? 'expanded' : f.options.length > 8 ? 'filtered' : 'compact';
  return [
    ...definition,
    choiceSet(f.id, f.label, f.options, { value: f.value, style, placeholder: style === 'expanded' ? undefined : 'Not recorded' }),
    ...(f.note ? [text(f.note, { subtle: true })] : []),
  ];
}

/**
 * The single card for every session detail: the stored values on top, then one input per field. Teams submits
 * every input, changed or not, so Continue carries the stored values the card was drawn from: a field the user
 * left alone then never overwrites a colleague's later change.
 */
export function sessionDetailsEditCard(session: SessionHeading, fields: DetailFieldView[], storedValues: Record<string, string>): AdaptiveCard {
  return card(
    [
      heading('Session details'),
      text(sessionLine(session)),
      text('Stored now', { weight: 'Bolder' }),
      facts(fields.map((f) => [f.label, f.stored])),
      text('Change what you need. Anything you leave as it is stays as stored.', { subtle: true }),
      ...fields.flatMap(fieldInput),
    ],
    [submit('Continue', { step: 'details', storedValues }, 'positive')],
  );
}

export type DetailChangeView = { label: string; from: string; to: string };

/** The check before saving: only the fields that change, old → new. */
export function sessionChangesReview(session: SessionHeading, changes: DetailChangeView[]): CardElement[] {
  return [
    heading('Check the changes to this session'),
    text(sessionLine(session)),
    facts(changes.map((c) => [c.label, `${c.from} → ${c.to}`])),
    text('Everything else on the session stays as it is.', { subtle: true }),
  ];
}

export function sessionDetailsSavedCard(session: SessionHeading, saved: { label: string; value: string }[], next: NextStep[]): AdaptiveCard {
  return card([heading('Session details saved'), text(sessionLine(session)), facts(saved.map((f) => [f.label, f.value])), nextActions(next)]);
}

export function noSessionsCard(caseFileName: string, next: NextStep[]): AdaptiveCard {
  return card([text(`"${caseFileName}" has no sessions yet, so there are no details to fill in. Add a session first.`), nextActions(next)]);
}

function nextActions(next: NextStep[]): CardElement {
  return actionSet(next.map((n, i) => commandButton(n, i === 0 ? 'positive' : undefined)));
}
