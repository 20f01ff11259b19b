import assert from 'node:assert/strict';
import { card, container, donutChart, gaugeChart, lineChart, text, type AdaptiveCard, type CardAction, type CardElement } from '../../cards/cardKit';
import { cardProblems } from '../support/cardValidation';

/**
 * Card JSON is typed (cards/cardSchema.ts): each `@ts-expect-error` below marks a card mistake the compiler
 * must refuse. Should the types ever let one through, the directive itself becomes an error and
 * `npm run typecheck` (the first step of `npm test`) fails.
 */
const wrongCards: unknown[] = [
  // @ts-expect-error a misspelt property
  { type: 'TextBlock', text: 'Hello', wrap: true, wieght: 'Bolder' } satisfies CardElement,
  // @ts-expect-error a TextBlock that does not wrap is cut off on a phone
  { type: 'TextBlock', text: 'Hello', wrap: false } satisfies CardElement,
  // @ts-expect-error a property of another element: a ColumnSet has columns, not items
  { type: 'ColumnSet', items: [] } satisfies CardElement,
  // @ts-expect-error an input without its label
  { type: 'Input.Text', id: 'name' } satisfies CardElement,
  // @ts-expect-error an element type that does not exist
  { type: 'Textblock', text: 'Hello', wrap: true } satisfies CardElement,
  // @ts-expect-error a size that is not one of the schema's
  { type: 'TextBlock', text: 'Hello', wrap: true, size: 'Huge' } satisfies CardElement,
  // @ts-expect-error a chart without its fallback in words
  { type: 'Chart.Gauge', value: 1, max: 2, segments: [] } satisfies CardElement,
  // @ts-expect-error a submit button without data
  { type: 'Action.Submit', title: 'Save' } satisfies CardAction,
  // @ts-expect-error a button without a title
  { type: 'Action.OpenUrl', url: 'https://example.org' } satisfies CardAction,
  // @ts-expect-error an Adaptive Cards version Teams does not render
  { ...card([]), version: '1.6' } satisfies AdaptiveCard,
  // @ts-expect-error text in a colour that fails contrast in Teams' light theme
  text('Increased', { color: 'Good' }),
];

describe('typed card JSON', () => {
  it('lists the card mistakes the compiler refuses (checked by npm run typecheck)', () => {
    assert.equal(wrongCards.length, 11);
  });

  it('puts every chart on a card with its facts in words, which the official renderer shows instead', () => {
    const words = [text('Rising: 2 of 3 domains.')];
    const charts = [
      lineChart(
        [
          {
            legend: 'POST',
            values: [
              { x: '1/10', y: 2 },
              { x: '8/10', y: 4 },
            ],
          },
        ],
        words,
      ),
      donutChart([{ legend: '▲ Increased', value: 2 }], words),
      gaugeChart(
        3,
        [
          { legend: 'Ready', size: 3 },
          { legend: 'With errors', size: 1 },
        ],
        words,
      ),
    ];
    for (const chart of charts) {
      assert.deepEqual(chart.fallback, container(words), chart.type);
      assert.deepEqual(cardProblems(card([chart])), [], chart.type);
    }
    const { fallback: _dropped, ...withoutWords } = charts[0]!;
    assert.match(cardProblems(card([withoutWords as unknown as CardElement])).join('\n'), /Chart\.Line without a fallback in words/);
  });
});
