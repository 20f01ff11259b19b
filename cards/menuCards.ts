import type { CommandId } from '../src/domain/commandIds';
import { actionSet, card, heading, submit, text, type AdaptiveCard } from './cardKit';

export type MenuEntry = { id: CommandId; title: string; description: string; example: string; shortCommand?: string };

export function welcomeCard(organisationName: string, entries: MenuEntry[]): AdaptiveCard {
  return card(
    [
      heading('Welcome to DEX Assistant'),
      text(`I help ${organisationName} staff record Data Exchange (DEX) work without clicking through DEX CM: case files, clients, sessions and Community SCORE, one question at a time.`),
      text('Pick something below, or just tell me what you need, for example "new case file". Type **help** at any time.', { subtle: true }),
      ...menuBody(entries),
    ],
  );
}

export function menuCard(entries: MenuEntry[]): AdaptiveCard {
  return card([heading('What would you like to do?'), ...menuBody(entries)]);
}

/** Hosts show at most five buttons in a row of actions, so the menu is laid out in rows of three. */
const BUTTONS_PER_ROW = 3;

function menuBody(entries: MenuEntry[]) {
  if (!entries.length) return [text('There is nothing I can do for you yet.')];
  const rows = [];
  for (let i = 0; i < entries.length; i += BUTTONS_PER_ROW) {
    rows.push(actionSet(entries.slice(i, i + BUTTONS_PER_ROW).map((e) => submit(e.title, { command: e.id }))));
  }
  return rows;
}

export function helpCard(entries: MenuEntry[]): AdaptiveCard {
  return card([
    heading('What I can do'),
    ...entries.flatMap((e) => [text(`**${e.title}**: ${e.description}`), text(`Try: "${e.example}"`, { subtle: true })]),
    text('Inside any guided step you can type **back** to change the previous answer, **help** for what the step needs, or **cancel** to stop. Type **menu** to see the buttons again.'),
  ]);
}
