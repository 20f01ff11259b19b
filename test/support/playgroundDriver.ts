import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { cardProblems } from './cardValidation';

/**
 * Drives Microsoft 365 Agents Playground (the Teams emulator) in Chromium the way a person would: typing in
 * the compose box, ticking and picking on the rendered Adaptive Cards, pressing their buttons. It also
 * records what the page received and what it complained about, so a test can assert the cards rendered
 * without errors.
 *
 * The selectors follow the playground 0.2.x page: each chat message is the parent of an element labelled
 * "Message header", and the bot's messages also carry a "Message author"; cards are drawn by the Adaptive
 * Cards renderer with Fluent UI controls (radio groups, check boxes, comboboxes, inputs) labelled by the
 * card's own input labels.
 */

export type PlaygroundOptions = {
  /** Where screenshots are written, numbered in the order taken. */
  screenshotDir: string;
  /** Also save a screenshot after every reply of the bot, named after the reply's first line. */
  screenshotEachReply?: boolean;
  /** How long to wait for the bot's answer to one message or button press. */
  replyTimeoutMs?: number;
  viewport?: { width: number; height: number };
};

/** A card as the page received it over the playground's conversation stream. */
export type ReceivedCard = { messageId: string; action: 'createMessage' | 'updateMessage'; content: unknown };

/** One request between the playground and the bot, as the playground's log stream reports it. */
export type Exchange = { activity: string; from: string; to: string; status: number | undefined };

type Expectation = string | RegExp;

/**
 * The little of the DOM that the functions run inside the page use. The project compiles without the DOM
 * library (it is Node code), so the page's `document` is declared here, for this module only.
 */
type PageElement = {
  readonly parentElement: PageElement | null;
  readonly nextElementSibling: PageElement | null;
  readonly textContent: string | null;
  readonly innerText: string;
  readonly value?: string;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  closest(selector: string): PageElement | null;
  contains(other: PageElement): boolean;
  getAttribute(name: string): string | null;
};
declare const document: { querySelectorAll(selector: string): Iterable<PageElement> };

const MESSAGE_HEADER = '[aria-label="Message header"]';
const MESSAGE_AUTHOR = '[aria-label="Message author"]';
const ADAPTIVE_CARD = '.ac-adaptiveCard';
/** A bot message: the parent of a message header that names an author (the user's own messages name none). */
const BOT_MESSAGES = 'xpath=//*[@aria-label="Message header"][.//*[@aria-label="Message author"]]/..';

/**
 * The playground's page pulls fonts and an animation script from Microsoft's CDN. They only change how the
 * page looks, so they are refused: a run then behaves the same with or without internet access, and a slow
 * network can never hold a test up.
 */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** Console errors caused by the refused CDN requests above, which say nothing about the cards. */
const REFUSED_RESOURCE = /^Failed to load resource: net::ERR_FAILED$|^Failed to load worklet module script: https?:\/\/(?!localhost|127\.0\.0\.1)/;

export class PlaygroundPage {
  /** Every Adaptive Card the page was sent, first to last, including replacements of earlier cards. */
  readonly cards: ReceivedCard[] = [];
  readonly exchanges: Exchange[] = [];
  /** Uncaught page errors and console errors, which a healthy conversation has none of. */
  readonly pageErrors: string[] = [];
  private shots = 0;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly options: Required<PlaygroundOptions>,
  ) {}

  /** Opens the playground in a fresh browser context and waits for the bot's welcome card. */
  static async open(browser: Browser, url: string, options: PlaygroundOptions): Promise<PlaygroundPage> {
    const full: Required<PlaygroundOptions> = { replyTimeoutMs: 30_000, screenshotEachReply: false, viewport: { width: 1280, height: 1000 }, ...options };
    mkdirSync(full.screenshotDir, { recursive: true });
    // The page formats times in the browser's zone; pinning it keeps screenshots alike on every machine.
    const context = await browser.newContext({ viewport: full.viewport, timezoneId: 'Australia/Sydney', locale: 'en-AU' });
    await context.route(
      (u) => !isLocal(u.toString()),
      (route) => route.abort(),
    );
    const page = await context.newPage();
    const pg = new PlaygroundPage(context, page, full);
    pg.listen();
    await page.goto(url);
    await pg.composer().waitFor({ timeout: 60_000 });
    // The playground installs the app when the page opens; the bot greets with its welcome card.
    await pg.botMessages().first().waitFor({ timeout: 60_000 });
    return pg;
  }

  private listen(): void {
    this.page.on('pageerror', (err) => this.pageErrors.push(`page error: ${err.message}`));
    this.page.on('console', (msg) => {
      if (msg.type() === 'error' && !REFUSED_RESOURCE.test(msg.text())) this.pageErrors.push(`console error: ${msg.text()}`);
    });
    this.page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        let frame: {
          action?: string;
          message?: { messageId?: string; attachments?: { contentType?: string; content?: unknown }[] };
          logAction?: string;
          log?: Record<string, unknown>;
        };
        try {
          frame = JSON.parse(String(payload));
        } catch {
          return;
        }
        if ((frame.action === 'createMessage' || frame.action === 'updateMessage') && frame.message) {
          for (const a of frame.message.attachments ?? []) {
            if (a.contentType === 'application/vnd.microsoft.card.adaptive') {
              this.cards.push({ messageId: String(frame.message.messageId), action: frame.action, content: a.content });
            }
          }
        }
        const log = frame.log;
        if (frame.logAction === 'appendLog' && log?.type === 'bot') {
          let status: number | undefined;
          try {
            status = (typeof log.response === 'string' ? JSON.parse(log.response) : (log.response as { statusCode?: number } | undefined))?.statusCode;
          } catch {
            status = undefined;
          }
          this.exchanges.push({ activity: String(log.activityName), from: String(log.from), to: String(log.to), status });
        }
      });
    });
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** The compose box: a rich-text editor whose "Type a message..." is a separate placeholder element. */
  composer(): Locator {
    return this.page.locator('[data-lexical-editor="true"][role="textbox"]');
  }

  /**
   * Every message of the bot, in the order shown. XPath is evaluated by the browser itself, so finding the
   * messages stays quick however long the conversation grows; a CSS `:has()` over every element does not.
   */
  botMessages(): Locator {
    return this.page.locator(BOT_MESSAGES);
  }

  newestBotMessage(): Locator {
    return this.page.locator(`xpath=(${BOT_MESSAGES.slice('xpath='.length)})[last()]`);
  }

  /** The Adaptive Card in the bot's newest message. */
  newestCard(): Locator {
    return this.newestBotMessage().locator(ADAPTIVE_CARD).last();
  }

  /** Sends a message from the compose box and waits until the bot's newest reply shows `expected`. */
  async send(text: string, expected: Expectation): Promise<Locator> {
    return this.expectReply(expected, async () => {
      // Filled in one go rather than typed key by key: the editor re-renders on every key, which adds up.
      await this.composer().fill(text);
      await this.composer().press('Enter');
    });
  }

  /** Presses a button of the newest card and waits until the bot's newest reply shows `expected`. */
  async press(title: string, expected: Expectation): Promise<Locator> {
    const button = this.button(title);
    return this.expectReply(expected, () => button.click());
  }

  /** A button of the newest card, by its exact title. */
  button(title: string): Locator {
    return this.newestCard().getByRole('button', { name: title, exact: true });
  }

  /**
   * Runs `act`, then waits for a new bot message whose text shows `expected`. The bot may answer one turn
   * with several messages (a replaced card, then the next question), so the newest one is the one checked.
   */
  private async expectReply(expected: Expectation, act: () => Promise<void>): Promise<Locator> {
    const before = await this.botMessages().count();
    await act();
    const pattern = typeof expected === 'string' ? { source: escapeRegExp(expected), flags: '' } : { source: expected.source, flags: expected.flags };
    try {
      await this.page.waitForFunction(
        ({ before, pattern, header, author }) => {
          const bots = [...document.querySelectorAll(header)].map((h) => h.parentElement!).filter((m) => m.querySelector(author));
          const newest = bots.at(-1);
          return bots.length > before && newest !== undefined && new RegExp(pattern.source, pattern.flags).test(newest.innerText);
        },
        { before, pattern, header: MESSAGE_HEADER, author: MESSAGE_AUTHOR },
        { timeout: this.options.replyTimeoutMs, polling: 100 },
      );
    } catch (err) {
      const shown = await this.newestBotMessage()
        .innerText()
        .catch(() => '(no bot message)');
      throw new Error(
        `The bot's reply did not show ${String(expected)} within ${this.options.replyTimeoutMs} ms. Its newest message reads:\n${shown}\n(${(err as Error).message.split('\n')[0]})`,
      );
    }
    if (this.options.screenshotEachReply) {
      const body = await this.newestBotMessage().locator('.fai-OutputCard').first().innerText();
      await this.screenshot(body.split('\n').find((line) => line.trim()) ?? 'reply');
    }
    return this.newestBotMessage();
  }

  /** The visible text of the newest bot message, card included. */
  async newestText(): Promise<string> {
    return this.newestBotMessage().innerText();
  }

  /**
   * The part of the newest card an input sits in, for cards that repeat a label (a PRE and POST rating per
   * Community SCORE domain, referral purposes per person): the innermost card container showing `heading`.
   */
  section(heading: string): Locator {
    return this.newestCard()
      .locator('.ac-container')
      .filter({ has: this.page.getByText(heading, { exact: true }) })
      .last();
  }

  /** Types into the text input labelled `label` on the newest card (or in `within`). */
  async fill(label: string, value: string, within: Locator = this.newestCard()): Promise<void> {
    await within.getByLabel(label, { exact: true }).fill(value);
  }

  /**
   * Picks `option` for the choice input labelled `label`: a radio button for an expanded list, the
   * option in the combobox's list for a compact or filtered one.
   */
  async choose(label: string, option: string, within: Locator = this.newestCard()): Promise<void> {
    const group = within.getByRole('radiogroup', { name: label });
    const combo = within.getByRole('combobox', { name: label });
    // The playground may still be drawing the card (or drawing it again after a pick): wait for the input in
    // either form before deciding which form it has.
    await group.or(combo).first().waitFor();
    if ((await group.count()) > 0) {
      await group.getByRole('radio', { name: option, exact: true }).check();
      return;
    }
    const list = await this.openList(combo);
    await this.optionIn(list, option).click();
    await this.page.waitForFunction(
      ({ el, option }) => (el as PageElement | null)?.value === option,
      { el: await combo.elementHandle(), option },
      { timeout: 5_000 },
    );
  }

  /**
   * Ticks each of `options` for the multi-select input labelled `label`: check boxes for an expanded list,
   * options of the combobox for a compact one.
   */
  async chooseMany(label: string, options: string[], within: Locator = this.newestCard()): Promise<void> {
    const boxes = within.getByRole('checkbox', { name: label });
    if ((await boxes.count()) > 0) {
      for (const option of options) await within.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(label)}\\s+${escapeRegExp(option)}$`) }).check();
      return;
    }
    const list = await this.openList(within.getByRole('combobox', { name: label }));
    for (const option of options) {
      const item = this.optionIn(list, option);
      await item.click();
      await this.page.waitForFunction(
        (el) => el?.getAttribute('aria-checked') === 'true' || el?.getAttribute('aria-selected') === 'true',
        await item.elementHandle(),
        { timeout: 5_000 },
      );
    }
    // The list stays open for more picks; Escape closes it with the picks kept.
    await this.page.keyboard.press('Escape');
  }

  /**
   * Opens a combobox's list and returns it. The list is drawn elsewhere on the page (and the compose box has
   * a list of its own), so it is found by the id the combobox names in `aria-controls` once expanded.
   */
  private async openList(combo: Locator): Promise<Locator> {
    await combo.click();
    const handle = await combo.elementHandle();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true' && Boolean(el.getAttribute('aria-controls')), handle, {
      timeout: 5_000,
    });
    const listId = await combo.getAttribute('aria-controls');
    return this.page.locator(`[id="${listId}"]`);
  }

  /** An option of an open list: a single choice lists options, a multiple choice check-box menu items. */
  private optionIn(list: Locator, option: string): Locator {
    return list.getByRole('option', { name: option, exact: true }).or(list.getByRole('menuitemcheckbox', { name: option, exact: true }));
  }

  /**
   * Saves a PNG of the page as it is now, with the bot's newest message in view, and returns its path.
   * `chatOnly` leaves out the playground's log panel, for a picture of the conversation alone.
   */
  async screenshot(name: string, options: { chatOnly?: boolean } = {}): Promise<string> {
    this.shots += 1;
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
    const file = path.join(this.options.screenshotDir, `${String(this.shots).padStart(2, '0')}-${slug}.png`);
    await this.newestBotMessage()
      .scrollIntoViewIfNeeded()
      .catch(() => undefined);
    // The panel's title sits 16 px inside the panel's left edge.
    const panelTitle = options.chatOnly ? await this.page.getByText('Log Panel', { exact: true }).boundingBox() : null;
    const clip = panelTitle ? { x: 0, y: 0, width: Math.floor(panelTitle.x) - 16, height: this.options.viewport.height } : undefined;
    await this.page.screenshot({ path: file, ...(clip ? { clip } : {}) });
    return file;
  }

  /**
   * Everything the playground flagged while showing the conversation: the notes it puts under a message
   * for a card feature or attachment it cannot show, its "Invalid message" and "... is not supported yet"
   * stand-ins, and the warnings and errors in its log panel. `tolerate` drops notes known to be harmless.
   */
  async notices(tolerate: RegExp[] = []): Promise<string[]> {
    const found = await this.page.evaluate(
      ({ header }) => {
        const notes: string[] = [];
        for (const h of document.querySelectorAll(header)) {
          const message = h.parentElement!;
          for (const el of message.querySelectorAll('span.fui-Text')) {
            if (h.contains(el)) continue;
            const inCard = el.closest('.fai-OutputCard');
            // Inside the message body only the stand-ins for a message that could not be shown count.
            if (inCard && el.closest('.ac-adaptiveCard')) continue;
            const text = (el.textContent ?? '').trim();
            if (!text) continue;
            if (!inCard || /is not supported yet|Invalid message/.test(text)) notes.push(`message: ${text}`);
          }
        }
        for (const el of document.querySelectorAll('span.fui-Text')) {
          const text = (el.textContent ?? '').trim();
          if (/^\((!|×)\) (Warning|Error):$/.test(text)) notes.push(`log panel: ${text} ${(el.nextElementSibling?.textContent ?? '').trim()}`);
        }
        return notes;
      },
      { header: MESSAGE_HEADER },
    );
    return found.filter((n) => !tolerate.some((t) => t.test(n)));
  }

  /**
   * Problems with the cards themselves: any card the page received that the official Adaptive Cards
   * library reports errors for; any message whose card is missing from the page or drawn without its
   * first line of text (the renderer silently drops what it cannot draw); and any request between the
   * playground and the bot that failed.
   */
  async cardRenderingProblems(): Promise<string[]> {
    const problems: string[] = [];
    for (const c of this.cards) {
      for (const p of cardProblems(c.content)) problems.push(`card in message ${c.messageId} (${c.action}): ${p}`);
    }
    // Messages in the order they were created, each with the card it shows now (the last one sent for it).
    const latest = new Map<string, unknown>();
    for (const c of this.cards) latest.set(c.messageId, c.content);
    const expected = [...latest.entries()].map(([messageId, content]) => ({ messageId, firstLine: plainText(firstTextBlock(content)) }));
    const drawn = await this.page.evaluate(
      (selector) => [...document.querySelectorAll(selector)].map((el) => (el as PageElement).innerText.replace(/\s+/g, ' ').trim()),
      `.fai-OutputCard ${ADAPTIVE_CARD}`,
    );
    if (drawn.length !== expected.length) problems.push(`${expected.length} messages carry a card but ${drawn.length} cards are drawn in the conversation`);
    expected.forEach(({ messageId, firstLine }, i) => {
      const text = drawn[i];
      if (text === undefined) return;
      if (text === '') problems.push(`the card of message ${messageId} is drawn empty`);
      else if (firstLine && !text.includes(firstLine)) problems.push(`the card of message ${messageId} is drawn without "${firstLine}": ${text.slice(0, 200)}`);
    });
    for (const e of this.exchanges) {
      if (e.status !== undefined && e.status >= 400) problems.push(`${e.activity} from ${e.from} to ${e.to} answered ${e.status}`);
    }
    return problems;
  }
}

/** The text of a card's first TextBlock, looking inside containers, or '' when it has none. */
function firstTextBlock(node: unknown): string {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = firstTextBlock(n);
      if (found) return found;
    }
    return '';
  }
  if (!node || typeof node !== 'object') return '';
  const o = node as Record<string, unknown>;
  if (o.type === 'TextBlock' && typeof o.text === 'string') return o.text;
  return firstTextBlock(o.body ?? o.items ?? o.columns ?? []);
}

/** A TextBlock's words as drawn: Markdown emphasis markers dropped, spaces squeezed. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*|__|(?<!\w)[*_]|[*_](?!\w)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
