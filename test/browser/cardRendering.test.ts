import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureChromium, launchChromium } from '../support/browser';
import { MIN_CONTRAST } from '../support/cardLayout';
import { THEME_FILES, type TeamsTheme } from '../support/teamsThemes';

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'test-output', 'cards');
const RENDERER = require.resolve('adaptivecards/dist/adaptivecards.js');
const RENDERER_CSS = path.join(path.dirname(RENDERER), 'adaptivecards.css');
/**
 * Teams' host configs: light and dark copied unchanged from the `adaptivecards-designer` package 2.4.4 (MIT),
 * `lib/hostConfigs/microsoft-teams-{light,dark}.json` (the package itself is not a dependency: its peer
 * dependencies do not resolve); high contrast made from Fluent UI's Teams high-contrast colours (see
 * test/support/teamsThemes.ts).
 */
const THEMES = Object.keys(THEME_FILES) as TeamsTheme[];
const hostConfig = (theme: TeamsTheme) => JSON.parse(readFileSync(path.join(ROOT, 'test', 'support', 'hostConfigs', THEME_FILES[theme]), 'utf8'));
/** Teams mobile at its narrowest common width, and a desktop chat pane. */
const WIDTHS = { phone: 360, desktop: 1024 } as const;

type Card = { name: string; json: unknown };
type Rendered = {
  name: string;
  error?: string;
  overflow: string[];
  clippedButtons: string[];
  charts: string[];
  missingFallback: string[];
  lowContrast: string[];
};

/**
 * Every distinct card the dialog tests receive: the dialog suite runs in a child process with CARD_RECORD_DIR
 * set (see test/support/cardValidation.ts). A directory already filled by the caller is used as it is.
 */
function collectCards(): Card[] {
  const given = process.env.CARD_RECORD_DIR;
  const dir = given && existsSync(given) && readdirSync(given).length ? given : path.join(OUT, 'collected');
  if (dir !== given) {
    rmSync(dir, { recursive: true, force: true });
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', 'dot', 'test/dialogs/*.test.ts'], {
      cwd: ROOT,
      env: { ...process.env, CARD_RECORD_DIR: dir },
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(run.status, 0, `the dialog tests that supply the cards failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), json: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) }));
}

/**
 * What a card is for, read from its first line with numbers and quoted names taken out ("Step # of # · Session",
 * "Case file … created") and the kinds of element it holds: one screenshot per kind keeps the run short.
 */
function kindOf(json: unknown): string {
  const body = (json as { body?: { type?: string; text?: string }[] }).body ?? [];
  const first = (body[0]?.text ?? '').replace(/\d+/g, '#').replace(/"[^"]*"/g, '…');
  const types = new Set(JSON.stringify(json).match(/"type":"[A-Za-z.]+"/g) ?? []);
  return `${first}|${[...types].sort().join(',')}`;
}

async function openRenderer(browser: Browser, theme: TeamsTheme, width: number): Promise<Page> {
  const config = hostConfig(theme);
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:${cssColour(config.containerStyles.default.backgroundColor)}"><div id="host" style="width:${width}px"></div></body></html>`,
  );
  await page.addStyleTag({ path: RENDERER_CSS });
  // Teams (like most hosts) sizes boxes border-box; without it every full-width drop-down is its padding too wide.
  await page.addStyleTag({ content: '*, *::before, *::after { box-sizing: border-box; }' });
  await page.addScriptTag({ path: RENDERER });
  // The test runner's compiler names inner functions with a `__name` helper that the page does not have.
  await page.evaluate('window.__name = (f) => f');
  await page.evaluate((cfg) => {
    const AC = (globalThis as unknown as { AdaptiveCards: typeof import('adaptivecards') }).AdaptiveCards;
    // Teams renders a subset of markdown; bold and line breaks are what the cards use.
    AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
      const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      result.outputHtml = escaped.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\n/g, '<br>');
      result.didProcess = true;
    };
    (globalThis as unknown as { hostConfig: unknown }).hostConfig = new AC.HostConfig(cfg);
  }, config);
  return page;
}

/** #AARRGGBB (the host configs' form) as CSS. */
function cssColour(hex: string): string {
  return hex.length === 9 ? `#${hex.slice(3)}${hex.slice(1, 3)}` : hex;
}

/**
 * Renders the card into #host and lists every element that sticks out sideways: wider content than its own
 * box (scrollWidth > clientWidth; text fields, whose typed text scrolls inside them, excepted) or a right edge
 * past the card's.
 */
/** The little of the DOM the check reads (the project compiles without the DOM library). */
type PageElement = {
  tagName: string;
  className: unknown;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  parentElement: PageElement | null;
  getAttribute(name: string): string | null;
  childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
  getBoundingClientRect(): { right: number; width: number; height: number };
  closest(selector: string): unknown;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  appendChild(child: PageElement): void;
  replaceChildren(): void;
};

async function render(page: Page, card: Card): Promise<Rendered> {
  return page.evaluate(
    ({ name, json, minContrast }) => {
      const AC = (globalThis as unknown as { AdaptiveCards: typeof import('adaptivecards') }).AdaptiveCards;
      const host = (globalThis as unknown as { document: { getElementById(id: string): PageElement } }).document.getElementById('host');
      host.replaceChildren();
      const adaptive = new AC.AdaptiveCard();
      adaptive.hostConfig = (globalThis as unknown as { hostConfig: InstanceType<typeof AC.HostConfig> }).hostConfig;
      adaptive.parse(json);
      const element = adaptive.render() as unknown as PageElement | undefined;
      if (!element) return { name, error: 'the renderer produced nothing', overflow: [], clippedButtons: [], charts: [], missingFallback: [], lowContrast: [] };
      host.appendChild(element);
      // Teams' charts are unknown to this renderer, as to every host without charts: each must be replaced by
      // its fallback, whose words must all be on the page.
      const squeeze = (t: string) => t.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
      const shownText = squeeze(element.textContent ?? '');
      const charts: string[] = [];
      const missingFallback: string[] = [];
      const wordsOf = (node: unknown): string[] => {
        if (Array.isArray(node)) return node.flatMap(wordsOf);
        if (!node || typeof node !== 'object') return [];
        const o = node as Record<string, unknown>;
        const own =
          o.type === 'TextBlock'
            ? [String(o.text)]
            : o.type === 'FactSet'
              ? (o.facts as { title: string; value: string }[]).flatMap((f) => [f.title, f.value])
              : [];
        return [...own, ...Object.values(o).flatMap(wordsOf)];
      };
      const findCharts = (node: unknown): void => {
        if (Array.isArray(node)) {
          node.forEach(findCharts);
          return;
        }
        if (!node || typeof node !== 'object') return;
        const o = node as Record<string, unknown>;
        if (typeof o.type === 'string' && o.type.startsWith('Chart.')) {
          charts.push(o.type);
          const words = wordsOf(o.fallback);
          if (!words.length) missingFallback.push(`${o.type} has no fallback words`);
          for (const w of words) if (!shownText.includes(squeeze(w))) missingFallback.push(`${o.type}: its fallback "${w.slice(0, 60)}" is not on the page`);
          return;
        }
        Object.values(o).forEach(findCharts);
      };
      findCharts(json);
      const root = element.getBoundingClientRect();
      const describe = (el: PageElement) =>
        `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${(el.textContent ?? '').trim().slice(0, 60)}"`;
      const overflow: string[] = [];
      const clippedButtons: string[] = [];
      if (element.scrollWidth > element.clientWidth + 1) overflow.push(`card root: content ${element.scrollWidth} px wide in ${element.clientWidth} px`);
      for (const el of Array.from(element.querySelectorAll('*'))) {
        if (['INPUT', 'TEXTAREA', 'SELECT', 'OPTION'].includes(el.tagName)) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        const wider = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
        // A button's title that does not fit is cut with an ellipsis inside the button: the card does not
        // overflow, but the words are lost, so it fails the run too (docs/card-design.md).
        if (wider && el.closest('.ac-pushButton')) clippedButtons.push(`"${(el.textContent ?? '').trim()}" (${el.scrollWidth} px in ${el.clientWidth} px)`);
        else if (wider) overflow.push(`${describe(el)}: content ${el.scrollWidth} px wide in ${el.clientWidth} px`);
        else if (box.right > root.right + 1) overflow.push(`${describe(el)}: ends ${Math.round(box.right - root.right)} px past the card's edge`);
      }
      // Contrast as drawn: every piece of text in its computed colour over the first opaque background behind it,
      // which also covers what the renderer's own style sheet colours (buttons, inputs), not only the host config.
      const win = globalThis as unknown as { getComputedStyle(el: PageElement): { color: string; backgroundColor: string; visibility: string } };
      const rgba = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const lin = (c: number) => {
          const v = c / 255;
          return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
      };
      const backgroundOf = (el: PageElement | null): number[] => {
        for (let at = el; at; at = at.parentElement) {
          const bg = rgba(win.getComputedStyle(at).backgroundColor);
          if (bg.length >= 3 && (bg[3] ?? 1) > 0.99) return bg;
        }
        return rgba(win.getComputedStyle(host).backgroundColor);
      };
      const lowContrast = new Set<string>();
      for (const el of Array.from(element.querySelectorAll('*'))) {
        const own = Array.from(el.childNodes)
          .filter((n) => n.nodeType === 3 && (n.textContent ?? '').trim())
          .map((n) => n.textContent!.trim())
          .join(' ');
        if (!own) continue;
        const box = el.getBoundingClientRect();
        const style = win.getComputedStyle(el);
        if ((box.width === 0 && box.height === 0) || style.visibility === 'hidden') continue;
        // The required-input cue after a label ("*") is drawn by the host in its Attention colour, which the card
        // cannot choose (3.24:1 in Teams dark); the renderer marks it aria-hidden as a visual cue only, and
        // docs/card-design.md says how required is said in words. Every other piece of text counts.
        if (own === '*' && el.getAttribute('aria-hidden') === 'true') continue;
        const [fr, fg, fb, fa = 1] = rgba(style.color);
        const bg = backgroundOf(el);
        const drawn = [fr! * fa + bg[0]! * (1 - fa), fg! * fa + bg[1]! * (1 - fa), fb! * fa + bg[2]! * (1 - fa)];
        const [hi, lo] = [lum(drawn), lum(bg)].sort((x, y) => y - x) as [number, number];
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < minContrast) lowContrast.add(`${describe(el)}: ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).join(', ')}))`);
      }
      return { name, overflow, clippedButtons, charts, missingFallback, lowContrast: [...lowContrast] };
    },
    { ...card, minContrast: MIN_CONTRAST },
  );
}

describe('cards in the official Adaptive Cards renderer with Teams light, dark and high-contrast host configs, at phone and desktop width', function () {
  this.timeout(600_000);
  let browser: Browser;
  let cards: Card[];

  before(async function () {
    this.timeout(15 * 60_000);
    const chromium = ensureChromium();
    if (!chromium) return this.skip();
    cards = collectCards();
    browser = await launchChromium(chromium);
    rmSync(path.join(OUT, 'screens'), { recursive: true, force: true });
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
  });

  it('collects the cards the dialog tests receive', () => {
    assert.ok(cards.length >= 50, `only ${cards.length} distinct cards were collected`);
  });

  for (const theme of THEMES) {
    it(`renders every card in the ${theme} theme with nothing wider than a 360 px phone, no button title cut and all text at 4.5:1 or more, and saves screenshots at 360 and 1024 px`, async () => {
      const failures: string[] = [];
      const clipped = new Map<string, string>();
      const shown = new Map<string, Card>();
      const chartsSeen = new Set<string>();
      const phone = await openRenderer(browser, theme, WIDTHS.phone);
      const phoneDir = path.join(OUT, 'screens', `${theme}-${WIDTHS.phone}`);
      mkdirSync(phoneDir, { recursive: true });
      try {
        for (const card of cards) {
          const result = await render(phone, card);
          if (result.error) failures.push(`${card.name}: ${result.error}`);
          if (result.overflow.length) failures.push(`${card.name} at ${WIDTHS.phone} px: ${result.overflow.slice(0, 3).join('; ')}`);
          if (result.missingFallback.length) failures.push(`${card.name}: ${result.missingFallback.join('; ')}`);
          if (result.lowContrast.length) failures.push(`${card.name} text below ${MIN_CONTRAST}:1: ${result.lowContrast.slice(0, 3).join('; ')}`);
          for (const chart of result.charts) chartsSeen.add(chart);
          for (const b of result.clippedButtons) clipped.set(b.replace(/ \(.*$/, ''), b);
          if (result.clippedButtons.length) failures.push(`${card.name} at ${WIDTHS.phone} px: button titles cut: ${result.clippedButtons.join('; ')}`);
          const kind = kindOf(card.json);
          if (!shown.has(kind)) {
            shown.set(kind, card);
            await phone.locator('#host').screenshot({ path: path.join(phoneDir, `${card.name}.png`) });
          }
        }
      } finally {
        await phone.close();
      }
      const desktop = await openRenderer(browser, theme, WIDTHS.desktop);
      const desktopDir = path.join(OUT, 'screens', `${theme}-${WIDTHS.desktop}`);
      mkdirSync(desktopDir, { recursive: true });
      try {
        for (const card of shown.values()) {
          const result = await render(desktop, card);
          if (result.error) failures.push(`${card.name}: ${result.error}`);
          await desktop.locator('#host').screenshot({ path: path.join(desktopDir, `${card.name}.png`) });
        }
      } finally {
        await desktop.close();
      }
      writeFileSync(path.join(OUT, `clipped-buttons-${theme}.txt`), `${[...clipped.values()].sort().join('\n')}\n`);
      // The fallback path is exercised only if the dialog tests produced a card with each chart the bot sends.
      assert.deepEqual([...chartsSeen].sort(), ['Chart.Donut', 'Chart.Gauge', 'Chart.Line'], 'charts rendered through their fallback');
      assert.deepEqual(failures, [], `cards that do not fit (JSON in test-output/cards/collected/<name>.json):\n${failures.join('\n')}`);
    });
  }
});
