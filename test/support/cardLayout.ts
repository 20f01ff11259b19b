import { MAX_BUTTON_TITLE } from '../../cards/cardKit';
import { TEAMS_THEMES } from './teamsThemes';

/**
 * The card design rules of docs/card-design.md, checked on the JSON of every card the dialog tests see:
 * at most six actions per card (Teams' guidance), every TextBlock wraps (Teams mobile has no horizontal
 * scrolling), every input carries its own label (so it stays next to its input at any width), no column set
 * wider than a phone can show, and text colours with at least 4.5:1 contrast (WCAG AA) in Teams' light, dark and
 * high-contrast themes.
 */
export const MAX_ACTIONS = 6;
export const MIN_CONTRAST = 4.5;
/** Three columns of text fit a 360 px phone; a fourth squeezes words to a letter a line. */
const MAX_COLUMNS = 3;

type Node = Record<string, unknown>;

function rgba(hex: string): [number, number, number, number] {
  const h = hex.replace('#', '');
  const argb = h.length === 8 ? h : `ff${h}`;
  const n = (i: number) => Number.parseInt(argb.slice(i, i + 2), 16) / 255;
  return [n(2), n(4), n(6), n(0)];
}

function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/** WCAG contrast of a (possibly translucent) text colour drawn over an opaque background. */
export function contrast(foreground: string, background: string): number {
  const [fr, fg, fb, fa] = rgba(foreground);
  const [br, bg, bb] = rgba(background);
  const blended = [fr * fa + br * (1 - fa), fg * fa + bg * (1 - fa), fb * fa + bb * (1 - fa)];
  const [hi, lo] = [luminance(blended), luminance([br, bg, bb])].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function textProblems(node: Node, style: string, where: string): string[] {
  const problems: string[] = [];
  const colour = String(node.color ?? 'default').toLowerCase();
  const tone = node.isSubtle === true ? 'subtle' : 'default';
  for (const [theme, styles] of Object.entries(TEAMS_THEMES)) {
    const container = styles[style] ?? styles.default!;
    const fg = container.foreground[colour]?.[tone];
    if (!fg) continue;
    const ratio = contrast(fg, container.background);
    if (ratio < MIN_CONTRAST)
      problems.push(
        `${where}: ${colour}${tone === 'subtle' ? ' subtle' : ''} text on ${style} is ${ratio.toFixed(2)}:1 in Teams ${theme} (needs ${MIN_CONTRAST}:1)`,
      );
  }
  return problems;
}

/** Walks one card's body (not the cards inside Action.ShowCard, which are checked as cards of their own). */
function walk(node: unknown, style: string, found: { actions: number; problems: string[]; subcards: Node[] }, where: string): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => {
      walk(n, style, found, `${where}[${i}]`);
    });
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  const type = String(n.type ?? '');
  const here = `${where} ${type}${typeof n.id === 'string' ? `#${n.id}` : ''}`.trim();
  const innerStyle = typeof n.style === 'string' && ['Container', 'Column', 'ColumnSet'].includes(type) ? n.style : style;
  if (type === 'TextBlock') {
    if (n.wrap !== true) found.problems.push(`${here}: TextBlock does not wrap ("${String(n.text).slice(0, 40)}")`);
    found.problems.push(...textProblems(n, style, here));
  }
  if (type === 'TextRun') found.problems.push(...textProblems(n, style, here));
  // The renderer cuts a radio button's or tick box's text at one line unless the choice set wraps.
  if (type === 'Input.ChoiceSet' && n.style !== 'compact' && n.style !== 'filtered' && n.wrap !== true) found.problems.push(`${here}: choices do not wrap`);
  if (type === 'Input.Toggle' && n.wrap !== true) found.problems.push(`${here}: toggle text does not wrap`);
  if (type.startsWith('Input.')) {
    const label = type === 'Input.Toggle' ? (n.label ?? n.title) : n.label;
    if (typeof label !== 'string' || !label.trim()) found.problems.push(`${here}: input without its own label`);
  }
  if (type === 'ColumnSet' && Array.isArray(n.columns) && n.columns.length > MAX_COLUMNS) {
    found.problems.push(`${here}: ${n.columns.length} columns do not fit a phone (at most ${MAX_COLUMNS})`);
  }
  if (type.startsWith('Action.')) {
    found.actions += 1;
    // Longer titles are cut with an ellipsis on a phone even on a row of their own (see `namedButton`).
    if (typeof n.title === 'string' && [...n.title].length > MAX_BUTTON_TITLE)
      found.problems.push(`${here}: button title "${n.title}" is longer than ${MAX_BUTTON_TITLE} characters, cut on a phone`);
    if (type === 'Action.ShowCard' && n.card && typeof n.card === 'object') found.subcards.push(n.card as Node);
    return;
  }
  for (const [key, value] of Object.entries(n)) {
    if (key === 'selectAction') continue;
    if (typeof value === 'object')
      walk(value, innerStyle, found, key === 'items' || key === 'columns' || key === 'body' || key === 'actions' ? here : `${here}.${key}`);
  }
}

export function cardLayoutProblems(card: unknown, where = 'card'): string[] {
  const found = { actions: 0, problems: [] as string[], subcards: [] as Node[] };
  walk(card, 'default', found, where);
  if (found.actions > MAX_ACTIONS) found.problems.push(`${where}: ${found.actions} actions (at most ${MAX_ACTIONS})`);
  return [...found.problems, ...found.subcards.flatMap((c, i) => cardLayoutProblems(c, `${where} > shown card ${i + 1}`))];
}
