import { actionSet, card, heading, submit, text, type AdaptiveCard } from './cardKit';

export type MenuEntry = { id: string; title: string; description: string; example: string; shortCommand?: string };

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

function menuBody(entries: MenuEntry[]) {
  return entries.length ? [actionSet(entries.map((e) => submit(e.title, { command: e.id })))] : [text('There is nothing I can do for you yet.')];
}

export function helpCard(entries: MenuEntry[]): AdaptiveCard {
  return card([
    heading('What I can do'),
    ...entries.flatMap((e) => [text(`**${e.title}**: ${e.description}`), text(`Try: "${e.example}"`, { subtle: true })]),
    text('Inside any guided step you can type **back** to change the previous answer, **help** for what the step needs, or **cancel** to stop. Type **menu** to see the buttons again.'),
  ]);
}
