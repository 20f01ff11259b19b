import { actionSet, card, container, facts, heading, submit, text, type AdaptiveCard, type CardElement } from './cardKit';

export type ClientSide = { name: string; rows: [string, string][]; caseFiles: string[] };

/** Two clients sharing an SLK side by side, so staff can tell whether they are one person. */
export function duplicateClientsCard(slk: string, sides: ClientSide[], advice: string, merge?: { clientId: string; otherClientId: string }): AdaptiveCard {
  const body: CardElement[] = [
    heading('Two clients with the same SLK'),
    text(`Both have the statistical linkage key ${slk}, so DEX would count them as one person.`, { subtle: true }),
    ...sides.map((s) =>
      container([text(`**${s.name}**`), facts([...s.rows, ['Case files', s.caseFiles.join('; ') || 'none']])], { separator: true, style: 'emphasis' }),
    ),
    text(advice),
    ...(merge ? [actionSet([submit('Merge: they are one person', { command: 'mergeClients', args: merge })])] : []),
  ];
  return card(body);
}

export type DuplicateGroup = { names: string; args: { clientId: string; otherClientId: string } };

export function duplicateClientsListCard(groups: DuplicateGroup[], total: number): AdaptiveCard {
  return card([
    heading(`${total} ${total === 1 ? 'group' : 'groups'} of clients sharing an SLK`),
    ...groups.map((g) => container([text(g.names), actionSet([submit('Compare', { command: 'reviewDuplicateClients', args: g.args })])], { separator: true })),
    ...(total > groups.length ? [text(`…and ${total - groups.length} more.`, { subtle: true })] : []),
  ]);
}
