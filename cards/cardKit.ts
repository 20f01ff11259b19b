/**
 * Minimal typed builders for Adaptive Cards 1.5, the highest version Teams renders. Cards are plain JSON
 * so they can be built and validated without the Bot Framework.
 */
import type { ButtonCommand } from '../src/domain/commandIds';
import type {
  ActionSet,
  AdaptiveCard,
  CardAction,
  CardElement,
  ChartColour,
  Choice,
  Container,
  DonutChart,
  ContainerStyle,
  FactSet,
  GaugeChart,
  GaugeSegment,
  InputChoiceSet,
  InputText,
  InputToggle,
  LineChart,
  SubmitAction,
  TextBlock,
} from './cardSchema';

export type { AdaptiveCard, CardAction, CardElement, Choice } from './cardSchema';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * The card's own actions stay a row at its foot when their titles fit a phone side by side; otherwise they
 * become the last element of the body, one button per row (see `actionSet`).
 */
export function card(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  const inRow = actions.length > 0 && fitsInOneRow(actions);
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: actions.length && !inRow ? [...body, actionSet(actions)] : body,
    ...(inRow ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/**
 * What a 360 px phone leaves for button titles, measured in the browser suite (test/browser/cardRendering.test.ts):
 * one button alone has 306 px for its title, and each further button in the row takes about 30 px of spacing and
 * padding. Titles are reckoned at 10 px a character, a little over the widest measured (9.2 px for "Record a
 * Community SCORE"), so a title reckoned to fit is not cut with an ellipsis.
 */
const ROW_TITLE_PX = 306;
const PX_PER_EXTRA_BUTTON = 30;
const PX_PER_CHARACTER = 10;

/** The longest button title that fits a phone on a row of its own. */
export const MAX_BUTTON_TITLE = Math.floor(ROW_TITLE_PX / PX_PER_CHARACTER);

function fitsInOneRow(actions: readonly CardAction[]): boolean {
  const perButton = (ROW_TITLE_PX - PX_PER_EXTRA_BUTTON * (actions.length - 1)) / actions.length;
  return actions.every((a) => [...a.title].length * PX_PER_CHARACTER <= perButton);
}

export function heading(text: string): TextBlock {
  return { type: 'TextBlock', text, size: 'Medium', weight: 'Bolder', wrap: true };
}

/**
 * Text in the host's default colour, or Accent: in Teams' light and dark themes these are the only text colours
 * with at least 4.5:1 contrast (Good and Warning fail on light, Attention on dark; docs/card-design.md), so what
 * a colour would say is said in words and symbols instead (see `MARK`).
 */
export function text(value: string, options: { subtle?: boolean; color?: 'Accent'; weight?: 'Bolder' } = {}): TextBlock {
  return {
    type: 'TextBlock',
    text: value,
    wrap: true,
    ...(options.subtle ? { isSubtle: true, size: 'Small' } : {}),
    ...(options.color ? { color: options.color } : {}),
    ...(options.weight ? { weight: options.weight } : {}),
  };
}

/** Symbols that carry meaning without colour, so a problem reads the same in every theme and to everyone. */
export const MARK = { error: '✖', warning: '⚠', ok: '✔', rise: '▲', hold: '■', fall: '▼' } as const;

export function facts(pairs: [string, string][]): FactSet {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value: value === '' ? '—' : value })) };
}

export function choiceSet(
  id: string,
  label: string,
  choices: Choice[],
  options: { value?: string; multi?: boolean; required?: boolean; style?: 'compact' | 'expanded' | 'filtered'; placeholder?: string } = {},
): InputChoiceSet {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    choices,
    style: options.style ?? (choices.length > 6 ? 'compact' : 'expanded'),
    isMultiSelect: options.multi ?? false,
    // Radio buttons and tick boxes are cut at one line otherwise; a phone shows few words per line.
    wrap: true,
    ...(options.value !== undefined ? { value: options.value } : {}),
    ...(options.required ? { isRequired: true, errorMessage: `${label} is required` } : {}),
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
  };
}

export function textInput(
  id: string,
  label: string,
  options: { value?: string; placeholder?: string; multiline?: boolean; maxLength?: number; required?: boolean } = {},
): InputText {
  return {
    type: 'Input.Text',
    id,
    label,
    ...(options.value !== undefined ? { value: options.value } : {}),
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
    ...(options.multiline ? { isMultiline: true } : {}),
    ...(options.maxLength ? { maxLength: options.maxLength } : {}),
    ...(options.required ? { isRequired: true, errorMessage: `${label} is required` } : {}),
  };
}

export function toggle(id: string, title: string, value: boolean): InputToggle {
  return { type: 'Input.Toggle', id, title, value: value ? 'true' : 'false', valueOn: 'true', valueOff: 'false', wrap: true };
}

/** A submit button's data; a button that starts a command names it by its typed id. */
export type SubmitData = Record<string, unknown> & { command?: ButtonCommand };

export function submit(title: string, data: SubmitData, style?: 'positive' | 'destructive'): SubmitAction {
  return { type: 'Action.Submit', title, data, ...(style ? { style } : {}) };
}

export function container(items: CardElement[], options: { separator?: boolean; style?: Exclude<ContainerStyle, 'default' | 'accent'> } = {}): Container {
  return { type: 'Container', items, ...(options.separator ? { separator: true } : {}), ...(options.style ? { style: options.style } : {}) };
}

/**
 * Buttons side by side when every title fits a phone that way, else one per row: side by side the renderer cuts
 * a title that does not fit to "Ope…" (29 titles were cut at 360 px before this rule), stacked each is read whole.
 */
export function actionSet(actions: CardAction[]): ActionSet | Container {
  if (fitsInOneRow(actions)) return { type: 'ActionSet', actions };
  return container(actions.map((a): ActionSet => ({ type: 'ActionSet', actions: [a] })));
}

/**
 * A button named after something the user entered (a person, a case file), whose title may be any length: the
 * name itself when it fits a phone, otherwise the name in full as text with a short button under it that
 * carries the full name as its tooltip, which screen readers announce.
 */
export function namedButton(title: string, short: string, data: SubmitData, style?: 'positive' | 'destructive'): CardElement {
  if ([...title].length <= MAX_BUTTON_TITLE) return actionSet([submit(title, data, style)]);
  return container([text(title, { weight: 'Bolder' }), actionSet([{ ...submit(short, data, style), tooltip: title }])]);
}

/**
 * Charts Teams draws (Chart.Line, Chart.Donut, Chart.Gauge), each carrying the same facts in words as its
 * `fallback`, which is what hosts without charts show (the official renderer, older clients); the type makes
 * the words required. The chart's own `title` is not set: the Agents Playground does not draw it, so the
 * caller puts the title in a TextBlock above, which every host shows (docs/card-design.md).
 */
export function lineChart(series: LineChart['data'], inWords: CardElement[]): LineChart {
  return { type: 'Chart.Line', data: series, fallback: container(inWords) };
}

export type DonutSlice = { legend: string; value: number; color?: ChartColour };

export function donutChart(slices: DonutSlice[], inWords: CardElement[]): DonutChart {
  return { type: 'Chart.Donut', data: slices, fallback: container(inWords) };
}

/**
 * Progress from 0 to the sum of the segments' sizes, the needle at `value`. The playground draws a gauge only
 * when it has segments (without them it shows neither the gauge nor its fallback), so they are required here.
 */
export function gaugeChart(value: number, segments: GaugeSegment[], inWords: CardElement[]): GaugeChart {
  const max = segments.reduce((n, s) => n + s.size, 0);
  return { type: 'Chart.Gauge', value, min: 0, max, segments, showMinMax: true, fallback: container(inWords) };
}

/** A command offered as a button, with its arguments: pressing it starts that command as if it were typed. */
export type NextStep = { title: string; command: ButtonCommand; args?: Record<string, unknown> };

export const MENU: NextStep = { title: 'Menu', command: 'menu' };

export function commandButton(step: NextStep, style?: 'positive' | 'destructive'): SubmitAction {
  return submit(step.title, { command: step.command, ...(step.args ? { args: step.args } : {}) }, style);
}

/** A short answer that leads on: what happened or what is missing, with the one natural next step beside the menu. */
export function nextStepCard(title: string, message: string, next: NextStep): AdaptiveCard {
  return card([heading(title), text(message), actionSet([commandButton(next, 'positive'), commandButton(MENU)])]);
}

/** Teams caps a message at about 100 KB; stay well under it so a long list never fails to send. */
/** Teams' card guidance: at most six actions on a card (a shown card counts as a card of its own). */
export const MAX_ACTIONS = 6;

/** Actions a card shows at once: its own and those of its action sets (a shown card's count on their own). */
export function countActions(c: Pick<AdaptiveCard, 'body' | 'actions'>): number {
  const walk = (node: unknown): number => {
    if (Array.isArray(node)) return node.reduce((n: number, x) => n + walk(x), 0);
    if (!node || typeof node !== 'object') return 0;
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) return 1;
    return Object.entries(o).reduce((n, [k, v]) => n + (k === 'selectAction' ? 0 : walk(v)), 0);
  };
  return walk(c.body) + walk(c.actions ?? []);
}

export const MAX_CARD_BYTES = 80 * 1024;

/** Teams counts a message's size as UTF-16, two bytes per code unit, not as the UTF-8 sent on the wire. */
export function cardSize(c: AdaptiveCard): number {
  return JSON.stringify(c).length * 2;
}
