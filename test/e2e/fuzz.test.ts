import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import fc from 'fast-check';
import { CaseFileSchema } from '../../src/domain/caseFile';
import { COMMAND_IDS } from '../../src/domain/commandIds';
import { ClientSchema } from '../../src/domain/client';
import { createLogger } from '../../src/logger';
import { demoActivity, demoCaseFile, demoClients } from '../../src/seed/demoData';
import { cardsOf, transcript } from '../support/botHarness';
import { choiceValues, inputsOf, submitActions } from '../support/cardQueries';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { postRaw, startHttpBot, teamsActivity, type HttpBot } from '../support/httpBot';
import { SAMPLE_TENANT } from '../support/sampleOrganisations';

/**
 * Property-based fuzzing of the real HTTP server: short conversations of typed answers (commands, dates,
 * junk, any Unicode), card submits (real buttons with inputs picked, mangled or left out; forged command
 * buttons; arbitrary values) and malformed activity shapes. Properties: a client error never gets a 5xx,
 * every well-formed turn is answered (and never with the "something went wrong" apology), the server stays
 * up, and every record in the store still passes the domain schemas.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED_CASE = 'Wednesday seniors social group';

const typedAnswer = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'help',
      'menu',
      'cancel',
      'back',
      'save',
      'yes',
      'skip',
      'no',
      '0',
      '3',
      '12',
      'new case file',
      'new case file for Fuzz walkers',
      `add session to ${SEED_CASE}`,
      `assign everyone to last session of ${SEED_CASE}`,
      `add Margaret to ${SEED_CASE}`,
      `status of ${SEED_CASE}`,
      `is ${SEED_CASE} ready for DEX`,
      'my case files',
      `community score for ${SEED_CASE}`,
      `edit last session of ${SEED_CASE}`,
      `copy score for ${SEED_CASE} to later sessions`,
      'transfer list',
      'transfer Tuesday',
      'how are we going on social cohesion',
      'today 10am',
      '15/10/2025 2:30pm',
      '1/1/0000',
      '0000-01-01',
      '31/02/2025',
      '1h30',
      '90',
      'Margaret Nguyen',
      'Zed Fuzzman 1/2/1960',
      'stop reminders',
      'remind me on Mondays at 9',
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

/** What to put in one input of a card: what it shows, one of its choices, something else entirely, or nothing. */
const inputPick = fc.record({
  mode: fc.constantFrom('keep', 'choice', 'choice', 'choice', 'junk', 'omit'),
  index: fc.nat(),
  junk: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 })),
});

// Every command, plus the words help and menu and one that is no command.
const commandIds = [...COMMAND_IDS, 'help', 'menu', 'nope'];
const argsValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.record(
    {
      caseFileId: fc.oneof(fc.constant('demo-case-file-seniors'), fc.jsonValue({ maxDepth: 1 })),
      periodId: fc.oneof(fc.constantFrom('0000-H1', '2025-H2', '9999-H2', '2013-H1'), fc.jsonValue({ maxDepth: 1 })),
      sessionId: fc.jsonValue({ maxDepth: 1 }),
      caseName: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
);
const cardValue = fc.oneof(
  fc.record({ command: fc.constantFrom(...commandIds), args: argsValue }, { requiredKeys: ['command'] }),
  fc.record(
    {
      nav: fc.oneof(fc.constantFrom('save', 'back', 'help', 'cancel'), fc.jsonValue({ maxDepth: 1 })),
      flowRun: fc.jsonValue({ maxDepth: 1 }),
      stepId: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const FIELDS = [
  'type',
  'id',
  'channelId',
  'serviceUrl',
  'from',
  'recipient',
  'conversation',
  'text',
  'value',
  'entities',
  'membersAdded',
  'channelData',
  'replyToId',
  'timestamp',
  'deliveryMode',
  'attachments',
] as const;
const mutation = fc.record({
  field: fc.constantFrom(...FIELDS),
  to: fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('conversationUpdate', 'invoke', 'typing', '', 'message'),
  ),
});

type Action =
  | { kind: 'say'; text: string }
  | { kind: 'press'; button: number; inputs: { mode: string; index: number; junk: unknown }[] }
  | { kind: 'value'; value: unknown; text?: string }
  | { kind: 'shape'; mutations: { field: (typeof FIELDS)[number]; to: unknown }[] }
  | { kind: 'raw'; body: string };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: typedAnswer.map((text) => ({ kind: 'say' as const, text })) },
  // The first button is usually Continue or Save, so favouring it walks flows through to their saves.
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('press' as const), button: fc.oneof(fc.constant(0), fc.nat()), inputs: fc.array(inputPick, { maxLength: 12 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('value' as const), value: cardValue, text: fc.option(typedAnswer, { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('shape' as const), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.json()).map((body) => ({ kind: 'raw' as const, body })) },
);

/** How conversations open: inside a flow most of the time, so random answers land on its steps. */
const opening = fc.constantFrom(
  'new case file for Fuzz walkers',
  `add session to ${SEED_CASE}`,
  `assign everyone to last session of ${SEED_CASE}`,
  `add clients to ${SEED_CASE}`,
  `edit last session of ${SEED_CASE}`,
  `community score for ${SEED_CASE}`,
  `copy score for ${SEED_CASE} to later sessions`,
  'transfer Tuesday',
  'menu',
  'help',
);

type Tally = { runs: number; turns: number; wellFormed: number; answered: number; byStatus: Record<string, number> };

describe('fuzz: activity shapes, card values and typed answers through the real HTTP server', function () {
  this.timeout(600_000);
  let bot: HttpBot;
  let connector: ConnectorStandIn;
  const logs: { event: string; level: string }[] = [];
  const tally: Tally = { runs: 0, turns: 0, wellFormed: 0, answered: 0, byStatus: {} };

  before(async () => {
    connector = await new ConnectorStandIn().start();
    bot = await startHttpBot({ logger: createLogger('info', (line) => logs.push(JSON.parse(line) as { event: string; level: string })) });
    const { services } = bot.app;
    const org = services.organisations.byTenant(SAMPLE_TENANT)!;
    const ctx = { actor: { userId: 'seed', name: 'Seed' }, now: services.clock().setZone(org.timeZone), zone: org.timeZone };
    const clients = demoClients(org, ctx);
    for (const c of clients) assert.ok(await services.clients.insert(c));
    assert.ok((await services.caseFiles.insert(demoCaseFile(org, clients, ctx))).ok);
    await services.activities.upsert(demoActivity(org, clients, ctx.now));
  });
  after(async () => {
    await bot?.stop();
    await connector?.close();
  });

  /** Runs one action in a conversation; returns the replies when the turn was well-formed. */
  async function perform(conversationId: string, step: number, a: Action, last: Partial<Activity>[]): Promise<Partial<Activity>[] | undefined> {
    const base = { conversationId, serviceUrl: connector.url };
    let body: unknown;
    let wellFormed = true;
    if (a.kind === 'say') body = teamsActivity({ ...base, text: a.text });
    else if (a.kind === 'value') body = teamsActivity({ ...base, value: a.value, text: a.text, replyToId: `card-${step}` });
    else if (a.kind === 'press') {
      const buttons = submitActions(last);
      if (buttons.length === 0) body = teamsActivity({ ...base, text: 'menu' });
      else {
        const button = buttons[a.button % buttons.length]!;
        const card =
          last
            .flatMap(cardsOf)
            .find((c) => submitActions([{ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: c }] }]).includes(button)) ??
          last.flatMap(cardsOf)[0];
        const inputs: Record<string, unknown> = {};
        if (button.associatedInputs !== 'none') {
          inputsOf(card).forEach((input, i) => {
            const pick = a.inputs[i % Math.max(1, a.inputs.length)] ?? { mode: 'keep', index: 0, junk: '' };
            const choices = choiceValues(input);
            if (pick.mode === 'omit') return;
            if (pick.mode === 'junk') inputs[input.id as string] = pick.junk;
            else if (pick.mode === 'choice' && choices.length) inputs[input.id as string] = choices[pick.index % choices.length];
            else if (input.value !== undefined) inputs[input.id as string] = input.value;
          });
        }
        body = teamsActivity({ ...base, value: { ...(button.data as object), ...inputs }, replyToId: `card-${step}` });
      }
    } else if (a.kind === 'shape') {
      wellFormed = false;
      const activity = teamsActivity({ ...base, text: 'help' });
      for (const m of a.mutations) {
        if (m.to === undefined) delete activity[m.field];
        else activity[m.field] = m.to;
      }
      body = activity;
    } else {
      wellFormed = false;
      body = undefined;
    }
    const res = a.kind === 'raw' ? await postRaw(bot.url, a.body) : await postRaw(bot.url, JSON.stringify(body));
    tally.turns++;
    tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
    assert.ok(
      res.status < 500,
      `${res.status} for ${a.kind}: ${JSON.stringify(body ?? (a as { body: string }).body).slice(0, 400)} → ${res.text.slice(0, 200)}`,
    );
    if (!wellFormed) {
      assert.ok([200, 400, 413].includes(res.status), `${res.status} for a ${a.kind}`);
      return undefined;
    }
    tally.wellFormed++;
    assert.equal(res.status, 200, `${a.kind} ${JSON.stringify(body).slice(0, 300)} → ${res.text.slice(0, 200)}`);
    const replies = (JSON.parse(res.text) as { activities?: Partial<Activity>[] }).activities ?? [];
    assert.ok(replies.length > 0, `no reply to ${a.kind} ${JSON.stringify(body).slice(0, 300)}`);
    assert.doesNotMatch(transcript(replies), /something went wrong/, `apology for ${a.kind} ${JSON.stringify(body).slice(0, 600)}`);
    tally.answered++;
    return replies;
  }

  it(`holds its properties over ${RUNS} random conversations`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(opening, fc.array(action, { minLength: 1, maxLength: 8 }), async (first, rest) => {
        const actions: Action[] = [{ kind: 'say', text: first }, ...rest];
        const conversationId = `fuzz-${++run}`;
        tally.runs++;
        let last: Partial<Activity>[] = [];
        for (const [step, a] of actions.entries()) {
          const replies = await perform(conversationId, step, a, last);
          if (replies) last = replies;
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
    console.log(
      `      fuzz: ${tally.runs} runs, ${tally.turns} requests, ${tally.wellFormed} well-formed turns all answered; statuses ${JSON.stringify(tally.byStatus)}`,
    );
  });

  it('stayed up and logged no failed turn or server error', async () => {
    assert.ok(tally.turns >= RUNS, 'the property ran');
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
    const failures = logs.filter((l) => l.event === 'turn.failed' || l.event === 'request.failed');
    assert.deepEqual(failures, []);
  });

  it('stored nothing that fails the domain schemas', async () => {
    const db = bot.app.services.db;
    const caseFiles = await db.collection<object>('caseFiles').find({});
    const clients = await db.collection<object>('clients').find({});
    assert.ok(caseFiles.length >= 1 && clients.length >= 1);
    for (const cf of caseFiles) {
      const parsed = CaseFileSchema.safeParse(cf);
      assert.ok(parsed.success, `${JSON.stringify(cf).slice(0, 300)}: ${parsed.error?.message}`);
    }
    for (const c of clients) {
      const parsed = ClientSchema.safeParse(c);
      assert.ok(parsed.success, `${JSON.stringify(c).slice(0, 300)}: ${parsed.error?.message}`);
    }
    const count = (key: 'sessions' | 'audit') => caseFiles.reduce((n: number, cf) => n + ((cf as Record<string, unknown[] | undefined>)[key]?.length ?? 0), 0);
    console.log(
      `      fuzz store: ${caseFiles.length} case files, ${clients.length} clients, ${count('sessions')} sessions, ${count('audit')} audit entries (saves), all valid`,
    );
  });
});
