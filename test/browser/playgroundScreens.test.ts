import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ratingWording } from '../../cards/communityScoreCards';
import { startPlayground, type Playground } from '../../src/devtools/playground';
import { createLogger } from '../../src/logger';
import { seedDemoData } from '../../src/seed/seedDemoData';
import { ensureChromium, launchChromium } from '../support/browser';
import { startHttpBot, type HttpBot } from '../support/httpBot';
import { PlaygroundPage } from '../support/playgroundDriver';

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'playground-screens');
const PHONE = 360;
const DESKTOP = 1280;
/**
 * The playground has no phone layout: below about 900 px its log panel covers the chat, and it draws cards at
 * its own width whatever the window. So the phone pictures are the playground's own rendering of the card with
 * the card's box held to 360 px, Teams mobile's narrowest common width; the desktop pictures are the page as is.
 */
const PHONE_CARD_STYLE = [
  `.fai-OutputCard { width: ${PHONE}px !important; min-width: 0 !important; max-width: ${PHONE}px !important; }`,
  // The box inside the card frame has a fixed width of its own (450 px in 0.2.28).
  '.fai-OutputCard > div, .fai-OutputCard .ac-preview-panel { width: auto !important; min-width: 0 !important; max-width: 100% !important; }',
].join('\n');

/**
 * Screenshots of the cards people meet first and most (help, menu, the Community SCORE ratings card and its
 * review) as Microsoft 365 Agents Playground draws them, at phone and desktop width, under
 * test-output/playground-screens/. Each phone picture also checks the card fits its 360 px box.
 */
describe('playground screenshots of help, menu, the SCORE card and a review card at phone and desktop width', function () {
  this.timeout(120_000);
  let bot: HttpBot;
  let playground: Playground;
  let browser: Browser;
  let pg: PlaygroundPage;

  before(async function () {
    this.timeout(15 * 60_000);
    const chromium = ensureChromium();
    if (!chromium) return this.skip();
    this.timeout(120_000);
    bot = await startHttpBot({
      env: { ORGANISATIONS_FILE: path.join(ROOT, 'config', 'organisations.sample.json') },
      logger: createLogger('warn', () => undefined),
    });
    await seedDemoData(bot.app.services);
    playground = await startPlayground({ botEndpoint: `${bot.url}/api/messages`, port: 0, logDir: path.join(bot.dataDir, 'playground') });
    browser = await launchChromium(chromium);
    rmSync(OUT, { recursive: true, force: true });
    for (const dir of [`phone-${PHONE}`, `desktop-${DESKTOP}`]) mkdirSync(path.join(OUT, dir), { recursive: true });
    pg = await PlaygroundPage.open(browser, playground.url, {
      screenshotDir: path.join(OUT, `desktop-${DESKTOP}`),
      viewport: { width: DESKTOP, height: 1000 },
    });
  });

  after(async function () {
    this.timeout(60_000);
    await pg?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await playground?.stop();
    await bot?.stop();
  });

  /** The newest card at desktop width (the chat as shown), then held to phone width, where it must fit. */
  async function shoot(name: string): Promise<void> {
    await pg.screenshot(name, { chatOnly: true });
    const style = await pg.page.addStyleTag({ content: PHONE_CARD_STYLE });
    try {
      const card = pg.newestCard();
      const fit = await card.evaluate((el) => ({
        width: el.getBoundingClientRect().width,
        scroll: el.scrollWidth,
        client: el.clientWidth,
      }));
      assert.ok(fit.width <= PHONE, `${name}: the card is ${fit.width} px wide at phone width`);
      assert.ok(fit.scroll <= fit.client + 1, `${name}: the card's content is ${fit.scroll} px wide in ${fit.client} px`);
      // A window taller than the card, so the playground's fixed header and compose box do not cover a long one.
      const frame = pg.newestBotMessage().locator('.fai-OutputCard').first();
      const height = (await frame.boundingBox())?.height ?? 0;
      await pg.page.setViewportSize({ width: DESKTOP, height: Math.max(1000, Math.ceil(height) + 400) });
      await frame.screenshot({ path: path.join(OUT, `phone-${PHONE}`, `${name}.png`) });
    } finally {
      await style.evaluate((el) => el.remove());
      await pg.page.setViewportSize({ width: DESKTOP, height: 1000 });
    }
  }

  it('help', async () => {
    await pg.send('help', 'What I can do');
    await shoot('help');
  });

  it('menu', async () => {
    await pg.send('menu', 'What would you like to do?');
    await shoot('menu');
  });

  it('the Community SCORE ratings card and its review', async () => {
    const reference = bot.app.services.referenceData;
    const scale = reference.communityRatings();
    const [skills] = reference.communityDomains();
    await pg.send('community score for Wednesday seniors social group', /Session/);
    await pg.send('1', /Ratings/);
    await shoot('community-score');
    await pg.choose('PRE (start)', ratingWording(2, scale), pg.section(skills!.label));
    await pg.choose('POST (end)', ratingWording(4, scale), pg.section(skills!.label));
    await pg.press('Continue', /Community SCORE to save/);
    await shoot('community-score-review');
    await pg.send('cancel', /./);
  });
});
