import { z } from 'zod';
import { nextStepCard } from '../cards/cardKit';
import { facts, heading, text } from '../cards/cardKit';
import type { Command } from '../src/bot/commands';
import { GuidedFlowDialog, type FlowDefinition, type FlowTurn } from '../src/bot/guidedFlow';
import { choiceStep } from '../src/bot/stepKit';
import { CLIENT_ID_MAX, type Client } from '../src/domain/client';
import { mergeClientInCaseFile } from '../src/domain/clientMerge';
import type { Services } from '../src/services';
import { changeContext } from './changeContext';

export const MERGE_CLIENTS_COMMAND = 'mergeClients' as const;

const Answers = z.object({ clientIds: z.array(z.string()).length(2), keepId: z.string().optional() });
type Answers = z.infer<typeof Answers>;
const StartOptions = z.object({ clientId: z.string().min(1).max(CLIENT_ID_MAX), otherClientId: z.string().min(1).max(CLIENT_ID_MAX) });

async function both(turn: FlowTurn<Answers>): Promise<Client[]> {
  const org = turn.user.organisation.organisationId;
  const found = await turn.services.clients.getMany(org, turn.answers.clientIds);
  return turn.answers.clientIds.flatMap((id) => found.find((c) => c.clientId === id) ?? []);
}

const nameOf = (c: Client) => `${c.givenName} ${c.familyName}`;

const keepStep = choiceStep<Answers>({
  id: 'keep',
  title: 'Record to keep',
  help: 'Both records are the same person. Choose the one to keep: the other one’s case files, sessions and referrals move to it, and it is no longer offered. Usually keep the older record.',
  question: () => 'Which record should be kept?',
  async options(turn) {
    const clients = await both(turn);
    return Promise.all(
      clients.map(async (c) => {
        const files = await turn.services.caseFiles.listForClient(c.organisationId, c.clientId);
        return {
          key: c.clientId,
          label: `${nameOf(c)} (${c.clientId})`,
          description: `created ${c.createdAt.slice(0, 10)}, on ${files.length} case file${files.length === 1 ? '' : 's'}`,
        };
      }),
    );
  },
  current: (a) => a.keepId,
  async pick([keepId], _turn, options) {
    return { ok: true, answers: { keepId }, echo: `Keep ${options.find((o) => o.key === keepId)?.label ?? keepId}` };
  },
});

function flow(): FlowDefinition<Answers, Record<string, unknown>> {
  return {
    id: MERGE_CLIENTS_COMMAND,
    title: 'Merge two clients',
    async start(turn, options) {
      const parsed = StartOptions.safeParse(options);
      if (!parsed.success)
        return {
          refuse: { text: 'To merge two clients, use the **Merge** button on the review of two clients with the same SLK (type **duplicate clients**).' },
        };
      const org = turn.user.organisation.organisationId;
      const clients = await turn.services.clients.getMany(org, [parsed.data.clientId, parsed.data.otherClientId]);
      if (clients.length !== 2 || clients.some((c) => c.mergedInto) || clients[0]!.slk !== clients[1]!.slk) {
        return { refuse: { text: 'Those two records can no longer be merged: one has gone or been merged already, or they no longer share an SLK.' } };
      }
      return { answers: { clientIds: [parsed.data.clientId, parsed.data.otherClientId] } };
    },
    steps: [keepStep],
    async review(turn) {
      const clients = await both(turn);
      const kept = clients.find((c) => c.clientId === turn.answers.keepId)!;
      const other = clients.find((c) => c.clientId !== turn.answers.keepId)!;
      const files = await turn.services.caseFiles.listForClient(other.organisationId, other.clientId);
      return [
        heading(`Merge ${other.clientId} into ${kept.clientId}?`),
        facts([
          ['Keep', `${nameOf(kept)} (${kept.clientId})`],
          ['Give up', `${nameOf(other)} (${other.clientId})`],
          ['Case files moving', files.map((f) => f.name).join('; ') || 'none'],
        ]),
        text('Every session and referral of the record given up moves to the one kept. This cannot be undone here.', { subtle: true }),
      ];
    },
    async save(turn, operationId) {
      const org = turn.user.organisation.organisationId;
      const keepId = turn.answers.keepId;
      const fromId = turn.answers.clientIds.find((id) => id !== keepId);
      if (!keepId || !fromId) return { ok: false, message: 'Choose the record to keep first.', stepId: 'keep' };
      const ctx = changeContext(turn);
      // One case file at a time, each change recognised by its operation id, and the record marked merged
      // last: a save cut short and pressed again carries on where it stopped.
      for (const file of await turn.services.caseFiles.listForClient(org, fromId)) {
        const result = await turn.services.caseFiles.update(
          org,
          file.caseFileId,
          (cf) => mergeClientInCaseFile(cf, fromId, keepId, ctx),
          `${operationId}:${file.caseFileId}`,
        );
        if (!result.ok && result.problems[0]?.code !== 'merge.nothingToMove') return { ok: false, message: result.problems.map((p) => p.message).join(' ') };
      }
      await turn.services.clients.markMerged(org, fromId, keepId, { now: ctx.now.toISO()!, actor: ctx.actor });
      return {
        ok: true,
        reply: {
          card: nextStepCard('Clients merged', `Client ${fromId} is merged into ${keepId}: its case files and sessions are now under ${keepId}.`, {
            title: 'Duplicate clients',
            command: 'reviewDuplicateClients',
          }),
        },
      };
    },
  };
}

export function mergeClientsCommand(services: Services): Command<'mergeClients'> {
  return {
    id: MERGE_CLIENTS_COMMAND,
    title: 'Merge two clients',
    description: 'Two records of one person (same SLK): keep one, move the other’s case files, sessions and referrals to it.',
    example: 'merge clients',
    writes: true,
    args: StartOptions.partial(),
    dialog: new GuidedFlowDialog(flow(), services),
  };
}
