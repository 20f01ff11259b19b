import { z } from 'zod';
import { card, choiceSet, heading, submit, text } from '../../cards/cardKit';
import { matchChoice, type Named } from '../search/fuzzyMatch';
import type { Accepted, FlowInput, FlowStep, FlowTurn, Prompt, Retry } from './guidedFlow';

/** Words that mean "use the default / leave it empty" for an optional question. */
const SKIP_WORDS = new Set(['skip', 'none', 'no', 'n/a', 'na', '-', 'blank', 'leave blank', 'default', 'not applicable', 'nil']);

/** A short reply that begins with one of these says "nothing here": "no referrals", "nobody was", "none thanks". */
const NOTHING_OPENERS = /^(?:no|none|nope|nah|nobody|nothing|no one|noone)\b/;

/**
 * True when the typed reply to an optional question means "nothing": a skip word, or a short sentence opening
 * with no/none/nobody ("no referrals", "none needed"). A longer reply or one with a number is taken as an answer.
 */
export function saysNothing(typed: string): boolean {
  const said = typed
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .replace(/\s*,?\s*(?:thanks|thank you|thx|ta|pls|please)$/, '');
  if (SKIP_WORDS.has(said)) return true;
  return NOTHING_OPENERS.test(said) && said.split(/\s+/).length <= 4 && !/\d/.test(said);
}

/** `selected`: ticked when the question first shows, e.g. people already in a session. */
export type Option = Named & { description?: string; selected?: boolean };

type Base<A> = { id: string; title: string; help: string; applies?: (answers: A) => boolean };

/**
 * A question answered by typing: `parse` turns the words into answers or explains what is wrong. When the
 * step is optional, "skip" gives `parse` an empty string.
 */
export function textStep<A extends object>(
  spec: Base<A> & {
    question: (turn: FlowTurn<A>) => string;
    optional?: boolean;
    parse: (value: string, turn: FlowTurn<A>) => Accepted<A> | Promise<Accepted<A>>;
  },
): FlowStep<A> {
  return {
    ...spec,
    typed: true,
    async ask(turn, retry?: Retry): Promise<Prompt> {
      const question = spec.question(turn);
      // A question that already says how to skip does not say it twice.
      const skipHint = spec.optional && !/\bskip\b/i.test(question) ? ' (or type **skip**)' : '';
      return { text: `${question}${retry ? '' : skipHint}` };
    },
    async accept(turn, input: FlowInput): Promise<Accepted<A>> {
      const typed = input.text ?? '';
      if (!typed) return { ok: false, message: `Please type your answer for ${spec.title.toLowerCase()}.` };
      if (spec.optional && saysNothing(typed)) return spec.parse('', turn);
      return spec.parse(typed, turn);
    },
  };
}

const ChoiceSubmit = z.object({ choice: z.string().trim().min(1, 'pick one of the options') });
const MultiChoiceSubmit = z.object({ choice: z.string().trim().optional() });

/**
 * A question answered from a list: a card with the options (radio buttons, or a drop-down for long lists),
 * or the option's number, code or wording typed in. `pick` turns the chosen key(s) into answers.
 */
export function choiceStep<A extends object>(
  spec: Base<A> & {
    question: (turn: FlowTurn<A>) => string;
    options: (turn: FlowTurn<A>) => Option[] | Promise<Option[]>;
    current?: (answers: A, options: Option[]) => string | string[] | undefined;
    multi?: boolean;
    /** For multi-select: an empty selection is a valid answer. */
    allowNone?: boolean;
    pick: (keys: string[], turn: FlowTurn<A>, options: Option[]) => Accepted<A> | Promise<Accepted<A>>;
  },
): FlowStep<A> {
  return {
    ...spec,
    async ask(turn, retry?: Retry): Promise<Prompt> {
      const options = await spec.options(turn);
      const draft = typeof retry?.draft?.choice === 'string' ? retry.draft.choice : undefined;
      const current = spec.current?.(turn.answers, options);
      const value = draft ?? (Array.isArray(current) ? current.join(',') : current);
      const body = [
        heading(spec.question(turn)),
        choiceSet(
          'choice',
          spec.title,
          options.map((o) => ({ title: o.description ? `${o.label} (${o.description})` : o.label, value: o.key })),
          { value, multi: spec.multi, required: !spec.allowNone, style: options.length > 8 ? 'filtered' : undefined },
        ),
        ...(spec.multi ? [text('Tick as many as apply.', { subtle: true })] : [text('Or type the option’s number or name.', { subtle: true })]),
      ];
      return { card: card(body, [submit('Continue', { step: spec.id }, 'positive')]) };
    },
    async accept(turn, input: FlowInput): Promise<Accepted<A>> {
      const options = await spec.options(turn);
      let keys: string[];
      if (input.value) {
        const parsed = (spec.multi ? MultiChoiceSubmit : ChoiceSubmit).safeParse(input.value);
        if (!parsed.success) return { ok: false, message: `${spec.title}: ${parsed.error.issues[0]!.message}.`, draft: input.value };
        keys = (parsed.data.choice ?? '')
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean);
      } else {
        const typed = input.text ?? '';
        const parts = spec.multi ? typed.split(/\s*(?:,|;| and )\s*/i).filter(Boolean) : [typed];
        if (spec.multi && spec.allowNone && saysNothing(typed)) {
          keys = [];
        } else {
          keys = [];
          for (const part of parts) {
            const match = matchChoice(part, options);
            if (!match) return { ok: false, message: `I couldn't match "${part}" to an option for ${spec.title.toLowerCase()}. Pick from the list.` };
            keys.push(match.key);
          }
        }
      }
      const known = new Set(options.map((o) => o.key));
      const unknown = keys.find((k) => !known.has(k));
      if (unknown) return { ok: false, message: `"${unknown}" is not an option for ${spec.title.toLowerCase()}.`, draft: input.value };
      if (keys.length === 0 && !spec.allowNone) return { ok: false, message: `Please pick an option for ${spec.title.toLowerCase()}.` };
      return spec.pick([...new Set(keys)], turn, options);
    },
  };
}

/** The wording shown for a chosen key, for the read-only record of the answer. */
export function labelsOf(keys: string[], options: Option[]): string {
  return keys.map((k) => options.find((o) => o.key === k)?.label ?? k).join(', ') || 'none';
}
