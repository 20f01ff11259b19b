import type { CommandId } from '../src/domain/commandIds';
import { actionSet, card, choiceSet, heading, submit, text, type AdaptiveCard, type CardAction, type CardElement } from './cardKit';

export type MenuEntry = { id: CommandId; title: string; description: string; example: string; shortCommand?: string };

/**
 * What most people come to do, offered as buttons; everything else is one tap away in a searchable list. Teams'
 * card guidance asks for one to three primary actions and at most six in all, and a phone shows no more
 * without scrolling.
 */
const EVERYDAY = ['addSession', 'addClients', 'caseFilesDue'] as const;

function everyday(entries: readonly MenuEntry[]): MenuEntry[] {
  return EVERYDAY.map((id) => entries.find((e) => e.id === id)).filter((e): e is MenuEntry => e !== undefined);
}

/** The rest of the commands as one filtered choice list and one button: two actions' worth of room, any number of commands. */
function everythingElse(entries: readonly MenuEntry[], title: string, intro: CardElement[] = []): CardAction {
  const chosen = new Set(everyday(entries).map((e) => e.id));
  const rest = entries.filter((e) => !chosen.has(e.id));
  return {
    type: 'Action.ShowCard',
    title,
    card: card([
      ...intro,
      // The input's id is `command`, so the submitted value reads like a menu button's: `{ command: id }`.
      choiceSet(
        'command',
        'What would you like to do?',
        rest.map((e) => ({ title: e.title, value: e.id })),
        { style: 'filtered', required: true, placeholder: 'Type to search' },
      ),
      actionSet([submit('Open', {}, 'positive')]),
    ]),
  };
}

function menuActions(entries: readonly MenuEntry[]): CardElement[] {
  if (!entries.length) return [text('There is nothing I can do for you yet.')];
  const primary = everyday(entries).map((e, i) => submit(e.title, { command: e.id }, i === 0 ? 'positive' : undefined));
  return stacked([...primary, everythingElse(entries, 'More…')]);
}

/**
 * One button per row: side by side, four buttons leave a 360 px phone about 80 px each and the renderer cuts
 * their titles to "Ad…" (seen in the browser suite's screenshots); stacked, every title is read whole.
 */
function stacked(actions: CardAction[]): CardElement[] {
  return actions.map((a) => actionSet([a]));
}

export function welcomeCard(organisationName: string, entries: MenuEntry[]): AdaptiveCard {
  return card([
    heading('Welcome to DEX Assistant'),
    text(`I help ${organisationName} staff record their Data Exchange (DEX) work in a few messages instead of DEX CM screens.`),
    text('Tell me what you need in your own words, for example "add a session to Tuesday seniors yesterday 10am for 2 hours", or tap below.'),
    ...menuActions(entries),
  ]);
}

export function menuCard(entries: MenuEntry[]): AdaptiveCard {
  return card([heading('What would you like to do?'), ...menuActions(entries)]);
}

/** Short on purpose: the few things most people do, how to move around, and the full list one tap away. */
export function helpCard(entries: MenuEntry[]): AdaptiveCard {
  const all = entries.flatMap((e) => [text(`**${e.title}**: ${e.description}`), text(`For example: "${e.example}"`, { subtle: true })]);
  const primary = everyday(entries).map((e, i) => submit(e.title, { command: e.id }, i === 0 ? 'positive' : undefined));
  return card([
    heading('What I can do'),
    text('Tell me what you need in your own words, as you would tell a colleague. Most people:'),
    ...stacked([...primary, ...(entries.length ? [everythingElse(entries, 'Everything I can do', all)] : [])]),
    text('In any step: **back** changes the last answer, **help** explains the step, **cancel** stops. **menu** shows these buttons again.', { subtle: true }),
  ]);
}
