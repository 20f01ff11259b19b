import { MAX_SCORE_NOTE, type DomainTrend, type ScoreChange } from '../src/domain/communityScore';
import { formatStoredDate } from '../src/domain/dateFormat';
import {
  MARK,
  actionSet,
  card,
  choiceSet,
  container,
  donutChart,
  facts,
  heading,
  lineChart,
  submit,
  text,
  textInput,
  toggle,
  type AdaptiveCard,
  type CardElement,
  type DonutSlice,
} from './cardKit';

/** The choice meaning "this domain does not apply to the session", so it is left out of the score. */
export const NOT_APPLICABLE = 'NA';
export const SINGLE_INPUT = 'single';
export const NOTE_INPUT = 'note';
export const ASSESSED_BY_INPUT = 'assessedBy';
export const preInput = (domainCode: string) => `pre_${domainCode}`;
export const postInput = (domainCode: string) => `post_${domainCode}`;

export type RatingScale = readonly { rating: number; label: string }[];
export type Coded = { code: string; label: string };

/** "3 – limited change, strong engagement": the number with the DSS wording, so nobody has to remember it. */
export function ratingWording(rating: number, scale: RatingScale): string {
  const label = scale.find((r) => r.rating === rating)?.label;
  return label ? `${rating} – ${label.charAt(0).toLowerCase()}${label.slice(1)}` : String(rating);
}

const CHANGE_WORDS: Record<ScoreChange, string> = {
  increased: 'Increased',
  same: 'Stayed the same',
  declined: 'Declined',
  single: 'Single end-of-session rating',
};
/** Rise, hold and fall read from a symbol as well as the word, never from colour alone. */
const CHANGE_MARKS: Partial<Record<ScoreChange, string>> = { increased: MARK.rise, same: MARK.hold, declined: MARK.fall };

function marked(change: ScoreChange, words: string): string {
  const mark = CHANGE_MARKS[change];
  return mark ? `${mark} ${words}` : words;
}

export type ScoreEntryInput = {
  caseFileName: string;
  sessionLabel: string;
  domains: readonly Coded[];
  scale: RatingScale;
  assessedBy: readonly Coded[];
  /** Input id → value shown: the user's draft, or the stored score when editing. */
  values: Record<string, string>;
  /** Who recorded the score being edited, and when; absent for a new score. */
  editing?: string;
};

/**
 * Every Community SCORE domain on one card, PRE above POST: side by side the drop-downs cut the DSS wording
 * short, and the wording is why it is shown.
 */
export function scoreEntryBody(input: ScoreEntryInput): CardElement[] {
  const choices = [
    { title: 'Not applicable', value: NOT_APPLICABLE },
    ...input.scale.map((r) => ({ title: ratingWording(r.rating, input.scale), value: String(r.rating) })),
  ];
  const rating = (id: string, label: string) => choiceSet(id, label, choices, { value: input.values[id] ?? NOT_APPLICABLE, style: 'compact' });
  return [
    heading(`Community SCORE: ${input.caseFileName}, ${input.sessionLabel}`),
    text(
      input.editing
        ? `This session already has a score (${input.editing}); its ratings are filled in below. Change what you need.`
        : 'Rate each domain that applies: PRE near the start of the session, POST near the end. Leave the rest as "Not applicable".',
    ),
    toggle(SINGLE_INPUT, 'Single end-of-session rating (one-off event): fill in POST only', input.values[SINGLE_INPUT] === 'true'),
    ...input.domains.map((d) =>
      container([text(d.label, { weight: 'Bolder' }), rating(preInput(d.code), 'PRE (start)'), rating(postInput(d.code), 'POST (end)')], { separator: true }),
    ),
    textInput(NOTE_INPUT, 'Community SCORE note (optional)', {
      value: input.values[NOTE_INPUT] ?? '',
      multiline: true,
      maxLength: MAX_SCORE_NOTE,
      placeholder: 'Avoid * & % # @',
    }),
    choiceSet(
      ASSESSED_BY_INPUT,
      'Assessed by (optional)',
      input.assessedBy.map((a) => ({ title: a.label, value: a.code })),
      { value: input.values[ASSESSED_BY_INPUT], style: 'compact', placeholder: 'Not recorded' },
    ),
  ];
}

export type DomainRow = { label: string; pre?: number; post?: number; change: ScoreChange };

function phases(row: DomainRow, scale: RatingScale): string {
  if (row.change === 'single') return `${row.pre === undefined ? 'POST' : 'PRE'} ${ratingWording((row.post ?? row.pre)!, scale)}`;
  return `PRE ${ratingWording(row.pre!, scale)} → POST ${ratingWording(row.post!, scale)}`;
}

export type ScoreReviewInput = {
  caseFileName: string;
  sessionLabel: string;
  rows: DomainRow[];
  scale: RatingScale;
  singleRating: boolean;
  note?: string;
  assessedByLabel: string;
  replaces?: string;
};

export function scoreReviewBody(input: ScoreReviewInput): CardElement[] {
  return [
    heading('Community SCORE to save'),
    facts([
      ['Case file', input.caseFileName],
      ['Session', input.sessionLabel],
      ...input.rows.map((r): [string, string] => [r.label, phases(r, input.scale)]),
      ['Single rating', input.singleRating ? 'Yes, one end-of-session (POST) rating' : 'No, PRE and POST'],
      ['Note', input.note ?? ''],
      ['Assessed by', input.assessedByLabel],
    ]),
    ...(input.replaces ? [text(`${MARK.warning} This replaces the score ${input.replaces}.`)] : []),
  ];
}

export type ScoreSavedInput = {
  caseFileName: string;
  sessionLabel: string;
  rows: DomainRow[];
  notApplicable: string[];
  scale: RatingScale;
  clone?: { caseFileId: string; sessionId: string };
};

const CHANGE_SLICES: { change: 'increased' | 'same' | 'declined'; color: NonNullable<DonutSlice['color']> }[] = [
  { change: 'increased', color: 'good' },
  { change: 'same', color: 'neutral' },
  { change: 'declined', color: 'attention' },
];

/**
 * How many domains rose, held and fell, as a donut where Teams draws charts and the same counts in words where
 * it does not. Worth a picture from two compared domains on; single ratings have no direction and are left out.
 */
function changeDonut(title: string, changes: readonly ScoreChange[]): CardElement[] {
  const slices = CHANGE_SLICES.map((s) => ({ ...s, value: changes.filter((c) => c === s.change).length })).filter((s) => s.value > 0);
  if (slices.reduce((n, s) => n + s.value, 0) < 2) return [];
  const words = slices.map((s) => `${CHANGE_MARKS[s.change]} ${s.value} ${CHANGE_WORDS[s.change].toLowerCase()}`).join(', ');
  return [
    text(title, { weight: 'Bolder' }),
    donutChart(
      slices.map((s) => ({ legend: marked(s.change, CHANGE_WORDS[s.change]), value: s.value, color: s.color })),
      [text(`${words}.`)],
    ),
  ];
}

/** What DEX CM's Community SCORE pane shows: per domain, up, same or down, with PRE → POST. */
export function scoreSavedCard(input: ScoreSavedInput): AdaptiveCard {
  return card([
    heading(`Community SCORE saved: ${input.caseFileName}, ${input.sessionLabel}`),
    ...changeDonut(
      'Domains this session',
      input.rows.map((r) => r.change),
    ),
    ...input.rows.map((r) =>
      container([text(r.label, { weight: 'Bolder' }), text(marked(r.change, `${CHANGE_WORDS[r.change]}: ${phases(r, input.scale)}`))], { separator: true }),
    ),
    ...(input.notApplicable.length ? [text(`Not rated: ${input.notApplicable.join('; ')}.`, { subtle: true })] : []),
    ...(input.clone ? [] : [text('There are no later sessions to copy this score to yet.', { subtle: true })]),
    actionSet([
      ...(input.clone ? [submit('Clone to later sessions', { command: 'cloneScore', args: input.clone }, 'positive')] : []),
      submit('Menu', { command: 'menu' }),
    ]),
  ]);
}

export type TrendCaseFile = { caseFileId: string; name: string; rows: { label: string; trend?: DomainTrend }[] };

function trendSentence(t: DomainTrend, scale: RatingScale, zone: string): string {
  const scored = t.points.length === 1 ? '1 scored session' : `${t.points.length} scored sessions`;
  if (t.change === 'single') return `One rating so far: ${ratingWording(t.latest.rating, scale)} (${formatStoredDate(t.latest.startsAt, zone)}).`;
  const from = `${ratingWording(t.first.rating, scale)} (${t.first.phase}, ${formatStoredDate(t.first.startsAt, zone)})`;
  const to = `${ratingWording(t.latest.rating, scale)} (${t.latest.phase}, ${formatStoredDate(t.latest.startsAt, zone)})`;
  return `${CHANGE_WORDS[t.change]} from ${from} to ${to}, over ${scored}.`;
}

function pointText(p: DomainTrend['points'][number]): string {
  if (p.pre !== undefined && p.post !== undefined) return `PRE ${p.pre} → POST ${p.post}`;
  return p.post !== undefined ? `POST ${p.post}` : `PRE ${p.pre}`;
}

/**
 * Every scored session of one domain: a line per phase (PRE, POST) across the sessions where Teams draws
 * charts, and the same ratings listed by date where it does not. One session is a point, not a line.
 */
function trendPoints(t: DomainTrend, zone: string): CardElement {
  const inWords = facts(t.points.map((p): [string, string] => [formatStoredDate(p.startsAt, zone), pointText(p)]));
  if (t.points.length < 2) return inWords;
  // Two sessions on one day would share an x value and be drawn as one; the second is numbered.
  const seen = new Map<string, number>();
  const xs = t.points.map((p) => {
    const day = formatStoredDate(p.startsAt, zone);
    const n = (seen.get(day) ?? 0) + 1;
    seen.set(day, n);
    return n === 1 ? day : `${day} (${n})`;
  });
  const series = (['pre', 'post'] as const).flatMap((phase) => {
    const values = t.points.flatMap((p, i) => (p[phase] === undefined ? [] : [{ x: xs[i]!, y: p[phase] }]));
    return values.length
      ? [{ legend: phase.toUpperCase(), color: phase === 'pre' ? ('categoricalBlue' as const) : ('categoricalMarigold' as const), values }]
      : [];
  });
  return lineChart(series, [inWords]);
}

/** "How are we going on social cohesion?": first vs latest per domain, with every scored session listed. */
export function scoreTrendCard(question: string, caseFiles: TrendCaseFile[], scale: RatingScale, zone: string): AdaptiveCard {
  const sections = caseFiles.map((cf) =>
    container(
      [
        heading(cf.name),
        ...cf.rows.flatMap((r) =>
          r.trend
            ? [text(r.label, { weight: 'Bolder' }), text(marked(r.trend.change, trendSentence(r.trend, scale, zone))), trendPoints(r.trend, zone)]
            : [text(`${r.label}: not scored yet.`, { subtle: true })],
        ),
        ...changeDonut(
          'Domains since the first scored session',
          cf.rows.flatMap((r) => (r.trend ? [r.trend.change] : [])),
        ),
        actionSet([submit('Record a score', { command: 'communityScore', args: { caseFileId: cf.caseFileId } })]),
      ],
      { separator: true },
    ),
  );
  return card([heading(question), ...sections, actionSet([submit('Menu', { command: 'menu' })])]);
}

export function cloneDoneCard(input: {
  caseFileName: string;
  sourceLabel: string;
  added: string[];
  replaced: string[];
  kept: string[];
  unchanged: string[];
}): AdaptiveCard {
  const copied = input.added.length + input.replaced.length;
  return card([
    heading(`Score copied: ${input.caseFileName}`),
    text(`The Community SCORE of ${input.sourceLabel} is now on ${copied === 1 ? '1 more session' : `${copied} more sessions`}.`),
    facts([
      ['Added to', input.added.join('; ')],
      ['Replaced on', input.replaced.join('; ')],
      ...(input.kept.length ? [['Kept their own score', input.kept.join('; ')] as [string, string]] : []),
      ...(input.unchanged.length ? [['Already had this score', input.unchanged.join('; ')] as [string, string]] : []),
    ]),
    actionSet([submit('Menu', { command: 'menu' })]),
  ]);
}
