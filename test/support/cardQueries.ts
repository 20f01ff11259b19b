import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { cardsOf } from './botHarness';

/** An element, action or choice of an Adaptive Card, as the JSON the bot sent. */
export type CardNode = Record<string, unknown>;

/** Every object in a card or a list of cards, in the order they are written, so "last" means the one drawn last. */
function nodesOf(root: unknown): CardNode[] {
  const found: CardNode[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node && typeof node === 'object') {
      found.push(node as CardNode);
      Object.values(node).forEach(walk);
    }
  };
  walk(root);
  return found;
}

/** Every object on the replies' cards. */
export function nodesOnCards(replies: Partial<Activity>[]): CardNode[] {
  return nodesOf(replies.flatMap(cardsOf));
}

function isInput(node: CardNode): boolean {
  return typeof node.type === 'string' && node.type.startsWith('Input.');
}

/** Every input of a card or cards, as Teams submits them all. */
export function inputsOf(root: unknown): CardNode[] {
  return nodesOf(root).filter(isInput);
}

/** The submit buttons on the replies' cards. */
export function submitActions(replies: Partial<Activity>[]): CardNode[] {
  return nodesOnCards(replies).filter((o) => o.type === 'Action.Submit');
}

/** The first submit button with this title in a card, as Teams finds the button a user presses. */
export function submitIn(card: unknown, title: string): CardNode | undefined {
  return nodesOf(card).find((o) => o.type === 'Action.Submit' && o.title === title);
}

/** The last button with this title on the replies' cards. */
export function submitAction(replies: Partial<Activity>[], title: string): CardNode | undefined {
  return submitActions(replies)
    .filter((o) => o.title === title)
    .at(-1);
}

/** The data a button sends back, as Teams would on a press; undefined when there is no such button. */
export function findButtonData(replies: Partial<Activity>[], title: string): Record<string, unknown> | undefined {
  return submitAction(replies, title)?.data as Record<string, unknown> | undefined;
}

/** The data of a button the test goes on to use: without the button the test fails here, saying which. */
export function buttonData(replies: Partial<Activity>[], title: string): Record<string, unknown> {
  const action = submitAction(replies, title);
  assert.ok(action, `no "${title}" button`);
  return action.data as Record<string, unknown>;
}

/** The last input with this id on the replies' cards. */
export function inputOf(replies: Partial<Activity>[], id: string): CardNode | undefined {
  return nodesOnCards(replies)
    .filter((o) => isInput(o) && o.id === id)
    .at(-1);
}

/** The value the input with this id starts with, to check what the card shows or to send it back unchanged. */
export function inputValue(replies: Partial<Activity>[], id: string): string | undefined {
  return inputOf(replies, id)?.value as string | undefined;
}

/** The values a choice input offers. */
export function choiceValues(input: CardNode): string[] {
  return ((input.choices ?? []) as { value: string }[]).map((c) => c.value);
}
