/**
 * Measures what Microsoft 365 Agents Playground does with `Action.Execute` (Universal Actions): a bare bot
 * answers any message with a card holding one `Action.Execute` and one `Action.Submit`, presses each in the
 * playground page in Chromium, and prints what reached the bot and what the page then showed. The findings
 * are written up in docs/card-design.md. Run: `npx tsx scripts/probeUniversalActions.ts`.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler, CardFactory, type TurnContext } from 'botbuilder';
import { startPlayground } from '../src/devtools/playground';
import { ensureChromium, launchChromium } from '../test/support/browser';
import { PlaygroundPage } from '../test/support/playgroundDriver';
import { startProbeBot } from './probeBot';

const card = (line: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: line, wrap: true }],
  actions: [
    { type: 'Action.Execute', title: 'Execute probe', verb: 'probe', data: { via: 'execute' } },
    { type: 'Action.Submit', title: 'Submit probe', data: { via: 'submit' } },
  ],
});

async function main(): Promise<void> {
  const received: string[] = [];
  const started = Date.now();
  const note = (line: string) => received.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${line}`);
  const bot = new (class extends ActivityHandler {
    constructor() {
      super();
      // The playground page waits for the bot's greeting before it can be used.
      this.onMembersAdded(async (context, next) => {
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card('Probe card: press each button.'))] });
        await next();
      });
      this.onMessage(async (context, next) => {
        note(`message text=${JSON.stringify(context.activity.text)} value=${JSON.stringify(context.activity.value)}`);
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card('Probe card: press each button.'))] });
        await next();
      });
    }
    protected override async onInvokeActivity(context: TurnContext) {
      note(`invoke name=${context.activity.name} value=${JSON.stringify(context.activity.value)}`);
      if (context.activity.name === 'adaptiveCard/action') {
        return {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card('Replaced by the adaptiveCard/action response.') },
        };
      }
      return { status: 200 };
    }
  })();
  const { endpoint, server } = await startProbeBot(bot, (message) => note(`error ${message}`));
  const playground = await startPlayground({ botEndpoint: endpoint, port: 0, logDir: mkdtempSync(path.join(os.tmpdir(), 'probe-ua-')) });
  const browser = await launchChromium(ensureChromium()!);
  try {
    const pg = await PlaygroundPage.open(browser, playground.url, { screenshotDir: path.join('test-output', 'universal-actions'), replyTimeoutMs: 15_000 });
    await pg.send('probe', /Probe card/);
    for (const title of ['Execute probe', 'Submit probe']) {
      const before = received.length;
      const clicked = Date.now();
      await pg.button(title).click();
      await new Promise((r) => setTimeout(r, 5000));
      note(
        `after pressing "${title}" (${Date.now() - clicked} ms waited): ${received.length - before} activities reached the bot; newest bot message reads ${JSON.stringify((await pg.newestText()).slice(0, 120))}`,
      );
      await pg.screenshot(`after ${title}`, { chatOnly: true });
      if (title === 'Execute probe') await pg.send('probe', /Probe card/);
    }
    note(`page notices: ${JSON.stringify(await pg.notices())}`);
    await pg.close();
  } finally {
    await browser.close();
    await playground.stop();
    server.close();
  }
  process.stdout.write(`${received.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
