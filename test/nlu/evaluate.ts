import { DateTime } from 'luxon';
import { COMMAND_GRAMMAR } from '../../dialogs/commandPhrases';
import { matchName } from '../../src/search/nameMatch';
import { readMidFlow, type MidFlowReading } from '../../src/understanding/midFlow';
import { createRecogniser, type Said, type Understanding } from '../../src/understanding/recogniser';
import {
  COMMAND_PHRASES,
  CORPUS_NOW,
  CORPUS_WORLD,
  CORPUS_ZONE,
  MID_FLOW_ANSWERS,
  MID_FLOW_COMMANDS,
  NAVIGATION_PHRASES,
  type CommandPhrase,
  type Expected,
  type MidFlowAnswer,
  type MidFlowCommand,
  type NavigationPhrase,
} from './corpus';

/** Commands that change case files: one started on the wrong case file is the worst mistake. */
const WRITES = new Set([
  'createCaseFile',
  'transferActivity',
  'addClients',
  'addSession',
  'assignParticipants',
  'sessionDetails',
  'communityScore',
  'cloneScore',
  'editCaseFile',
  'editSession',
  'removeSession',
  'editCaseClient',
]);

export type SlotResult = { slot: keyof Expected; expected: unknown; got: unknown; kept: boolean };
export type PhraseResult = { text: string; expected: string; got: string; right: boolean; slots: SlotResult[]; wrongCaseFile?: string };

/** What a message typed mid-flow became: a navigation, a command id, `asked: cancel?`, `smallTalk` or `answer` (stored). */
function gotOf(read: MidFlowReading): string {
  return read.kind === 'navigation' ? read.nav : read.kind === 'maybeNavigation' ? `asked: ${read.nav}?` : read.kind === 'command' ? read.command : read.kind;
}

export function describe(u: Understanding): string {
  return u.kind === 'command' ? u.command : u.kind;
}

function sameNames(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return JSON.stringify(a?.map((x) => x.toLowerCase())) === JSON.stringify(b?.map((x) => x.toLowerCase()));
}

function whenOf(said: Said): string | undefined {
  return said.when ? `${said.when.date}${said.when.time ? `T${said.when.time}` : ''}` : undefined;
}

function sessionOf(said: Said): string | undefined {
  const s = said.session;
  return !s ? undefined : s.kind === 'date' ? s.date : s.kind;
}

/** The case file a name resolves to: one sure match, or nothing (reported as not found / ask which). */
export function resolveCase(name: string | undefined): { file?: string; sure: string[] } {
  if (!name) return { sure: [] };
  const { sure } = matchName(name, CORPUS_WORLD.caseFiles, (n) => n);
  return { file: sure.length === 1 ? sure[0] : undefined, sure };
}

function slotResults(p: CommandPhrase, said: Said): SlotResult[] {
  const out: SlotResult[] = [];
  const push = (slot: keyof Expected, got: unknown, kept: boolean) => out.push({ slot, expected: p[slot], got, kept });
  if (p.caseFile !== undefined) {
    const { file, sure } = resolveCase(said.caseName);
    const kept = p.caseFile === null ? said.caseName !== undefined && sure.length === 0 : file === p.caseFile;
    push('caseFile', said.caseName ? `${said.caseName} → ${file ?? (sure.length ? `one of ${sure.length}` : 'not found')}` : undefined, kept);
  }
  if (p.clients) push('clients', said.clients, sameNames(p.clients, said.clients));
  if (p.everyone) push('everyone', said.everyone, said.everyone === true);
  if (p.when) push('when', whenOf(said), whenOf(said) === p.when);
  if (p.minutes !== undefined) push('minutes', said.minutes, said.minutes === p.minutes);
  if (p.session) push('session', sessionOf(said), sessionOf(said) === p.session);
  if (p.domain) push('domain', said.domain, said.domain === p.domain);
  if (p.name) push('name', said.name, said.name?.toLowerCase() === p.name.toLowerCase());
  if (p.query) push('query', said.query, said.query?.toLowerCase() === p.query.toLowerCase());
  return out;
}

export type Evaluation = {
  phrases: PhraseResult[];
  /** `stored`: mid-flow, a free-text step would keep the words as its answer (neither navigation, nor a command, nor small talk). */
  navigation: { text: string; expected: string; got: string; right: boolean; stored: boolean }[];
  midFlowCommands: { text: string; expected: string; got: string; right: boolean }[];
  /** Answers typed mid-flow: `stored` when kept without a question, `confirm` when asked first, never taken for navigation. */
  midFlowAnswers: { text: string; got: string; navigation: boolean; looksLikeCommand: boolean; askedAsNavigation: boolean }[];
};

/** A navigation phrase may name other readings that are as fair ("take me to the start": menu or start over). */
export type NavigationCase = NavigationPhrase & { or?: NavigationPhrase['nav'][] };
export type PhraseSets = { commands: CommandPhrase[]; navigation: NavigationCase[]; midFlowCommands: MidFlowCommand[]; midFlowAnswers: MidFlowAnswer[] };
export const CORPUS: PhraseSets = {
  commands: COMMAND_PHRASES,
  navigation: NAVIGATION_PHRASES,
  midFlowCommands: MID_FLOW_COMMANDS,
  midFlowAnswers: MID_FLOW_ANSWERS,
};

export function evaluate(sets: PhraseSets = CORPUS): Evaluation {
  const recogniser = createRecogniser(COMMAND_GRAMMAR);
  const now = DateTime.fromISO(CORPUS_NOW, { zone: CORPUS_ZONE });
  const phrases = sets.commands.map((p): PhraseResult => {
    const u = recogniser.understand(p.text, now);
    const got = describe(u);
    const said = u.kind === 'command' || u.kind === 'unknown' ? u.said : {};
    const slots = u.kind === 'command' ? slotResults(p, said) : slotResults(p, {});
    const resolved = u.kind === 'command' ? resolveCase(said.caseName).file : undefined;
    const wrongCaseFile = u.kind === 'command' && WRITES.has(u.command) && resolved && resolved !== p.caseFile ? resolved : undefined;
    return { text: p.text, expected: p.command, got, right: got === p.command, slots, ...(wrongCaseFile ? { wrongCaseFile } : {}) };
  });
  // As the main dialog treats a message typed while a flow waits (mainDialog `interrupt`): navigation first,
  // then a command (answered or offered as a switch) or small talk (answered, question asked again); anything
  // else reaches the step as its answer.
  const understand = (text: string) => recogniser.understand(text, now);
  const navigation = sets.navigation.map((n) => {
    const read = readMidFlow(n.text, understand);
    const got = gotOf(read);
    return { text: n.text, expected: n.nav, got, right: got === n.nav || (n.or ?? []).some((o) => o === got), stored: read.kind === 'answer' };
  });
  const midFlowCommands = sets.midFlowCommands.map((c) => {
    const got = gotOf(readMidFlow(c.text, understand));
    return { text: c.text, expected: c.command, got, right: got === c.command };
  });

  const midFlowAnswers = sets.midFlowAnswers.map((a) => {
    const read = readMidFlow(a.text, understand);
    const got = gotOf(read);
    return {
      text: a.text,
      got,
      navigation: read.kind === 'navigation',
      looksLikeCommand: read.kind === 'command',
      askedAsNavigation: read.kind === 'maybeNavigation',
    };
  });
  return { phrases, navigation, midFlowCommands, midFlowAnswers };
}

export type Figures = {
  commandAccuracy: number;
  slotAccuracy: number;
  navigationAccuracy: number;
  midFlowCommandAccuracy: number;
  wrongCaseFileStarts: number;
  answersTakenForNavigation: number;
  navigationStoredAsAnswers: number;
  perCommand: Record<string, { right: number; total: number }>;
  perSlot: Record<string, { kept: number; total: number }>;
};

export function figures(e: Evaluation): Figures {
  const perCommand: Figures['perCommand'] = {};
  for (const p of e.phrases) {
    const c = perCommand[p.expected] ?? { right: 0, total: 0 };
    perCommand[p.expected] = c;
    c.total += 1;
    if (p.right) c.right += 1;
  }
  const perSlot: Figures['perSlot'] = {};
  const allSlots = e.phrases.flatMap((p) => p.slots);
  for (const s of allSlots) {
    const c = perSlot[s.slot] ?? { kept: 0, total: 0 };
    perSlot[s.slot] = c;
    c.total += 1;
    if (s.kept) c.kept += 1;
  }
  const share = (n: number, d: number) => (d === 0 ? 1 : n / d);
  return {
    commandAccuracy: share(e.phrases.filter((p) => p.right).length, e.phrases.length),
    slotAccuracy: share(allSlots.filter((s) => s.kept).length, allSlots.length),
    navigationAccuracy: share(e.navigation.filter((n) => n.right).length, e.navigation.length),
    midFlowCommandAccuracy: share(e.midFlowCommands.filter((c) => c.right).length, e.midFlowCommands.length),
    wrongCaseFileStarts: e.phrases.filter((p) => p.wrongCaseFile).length,
    answersTakenForNavigation: e.midFlowAnswers.filter((a) => a.navigation).length,
    navigationStoredAsAnswers: e.navigation.filter((n) => n.stored).length,
    perCommand,
    perSlot,
  };
}
