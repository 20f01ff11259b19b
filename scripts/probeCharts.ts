/**
 * Measures what Microsoft 365 Agents Playground draws for Teams' chart elements (Chart.Line, Chart.Donut,
 * Chart.Gauge) and for Input.Rating: a bare bot answers with one card holding each, built with the project's
 * card builders, every one with a fallback in words; the probe prints, per element, whether the page shows a
 * chart, the fallback or nothing, and saves a screenshot. The findings are written up in docs/card-design.md.
 * Run: `npx tsx scripts/probeCharts.ts`.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler, CardFactory } from 'botbuilder';
import { card, donutChart, gaugeChart, heading, lineChart, text } from '../cards/cardKit';
import type { CardElement } from '../cards/cardSchema';
import { startPlayground } from '../src/devtools/playground';
import { ensureChromium, launchChromium } from '../test/support/browser';
import { PlaygroundPage } from '../test/support/playgroundDriver';
import { startProbeBot } from './probeBot';

/** Input.Rating is not in the project's card types (it is not used); the probe writes it out by hand. */
const rating = {
  type: 'Input.Rating',
  id: 'rating',
  label: 'Rating probe',
  max: 5,
  fallback: { type: 'TextBlock', text: 'FALLBACK rating: no star input here', wrap: true },
} as unknown as CardElement;

const probeCard = card([
  heading('Chart probe'),
  // A chart's own title, which the playground does not draw (measured), set on the line chart only.
  {
    ...lineChart(
      [
        {
          legend: 'PRE',
          values: [
            { x: '1 Oct', y: 2 },
            { x: '8 Oct', y: 4 },
          ],
        },
      ],
      [text('FALLBACK line: PRE 2 then 4')],
    ),
    title: 'Line probe title',
  },
  donutChart(
    [
      { legend: 'Increased', value: 2, color: 'good' },
      { legend: 'Declined', value: 1, color: 'attention' },
    ],
    [text('FALLBACK donut: 2 increased, 1 declined')],
  ),
  gaugeChart(
    3,
    [
      { legend: 'Ready', size: 3, color: 'good' },
      { legend: 'With errors', size: 1, color: 'attention' },
    ],
    [text('FALLBACK gauge: 3 of 4 sessions')],
  ),
  // Without segments (measured: the playground then draws neither the gauge nor its fallback).
  { type: 'Chart.Gauge', value: 3, min: 0, max: 4, fallback: text('FALLBACK gauge without segments') } as unknown as CardElement,
  rating,
]);

async function main(): Promise<void> {
  const errors: string[] = [];
  const bot = new (class extends ActivityHandler {
    constructor() {
      super();
      // The playground page waits for the bot's greeting before it can be used.
      this.onMembersAdded(async (context, next) => {
        await context.sendActivity('Say anything for the chart probe card.');
        await next();
      });
      this.onMessage(async (context, next) => {
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(probeCard)] });
        await next();
      });
    }
  })();
  const { endpoint, server } = await startProbeBot(bot, (message) => errors.push(message));
  const playground = await startPlayground({
    botEndpoint: endpoint,
    port: 0,
    logDir: mkdtempSync(path.join(os.tmpdir(), 'probe-charts-')),
  });
  const browser = await launchChromium(ensureChromium()!);
  try {
    const pg = await PlaygroundPage.open(browser, playground.url, {
      screenshotDir: path.join('test-output', 'chart-probe'),
      replyTimeoutMs: 15_000,
    });
    await pg.send('probe', /Chart probe/);
    await new Promise((r) => setTimeout(r, 2000));
    const shown = await pg.newestText();
    const drawn = await pg.newestCard().evaluate((el) => ({
      svg: el.querySelectorAll('svg').length,
      canvas: el.querySelectorAll('canvas').length,
      inputs: el.querySelectorAll('input').length,
    }));
    const lines = [
      `card text as drawn: ${JSON.stringify(shown)}`,
      `svg elements in the card: ${drawn.svg}, canvas: ${drawn.canvas}, inputs: ${drawn.inputs}`,
      `the line chart's own title shown: ${shown.includes('Line probe title')}`,
      `fallbacks shown: ${JSON.stringify(shown.split('\n').filter((l) => l.startsWith('FALLBACK')))}`,
      `page notices: ${JSON.stringify(await pg.notices())}`,
      `screenshot: ${await pg.screenshot('chart probe', { chatOnly: true })}`,
      ...errors.map((e) => `bot error: ${e}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    await pg.close();
  } finally {
    await browser.close();
    await playground.stop();
    server.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
