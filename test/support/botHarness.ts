import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestAdapter, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { DateTime } from 'luxon';
import { DexBot } from '../../src/bot/dexBot';
import { parseOrganisations } from '../../src/config/organisations';
import { loadConfig } from '../../src/config/env';
import { silentLogger, type Logger } from '../../src/logger';
import { createServices, type Services } from '../../src/services';
import type { Database } from '../../src/storage/database';
import { openEmbeddedDatabase } from '../../src/storage/embeddedDatabase';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards/cardKit';
import { buildCommands } from '../../dialogs/commandCatalogue';
import { createConversationRouter } from '../../dialogs/conversationRouter';
import { assertValidCard } from './cardValidation';
import { sampleOrganisations, SAMPLE_TENANT } from './sampleOrganisations';

export type HarnessOptions = {
  db?: Database;
  now?: string;
  logger?: Logger;
  /** An organisations file's JSON to use instead of the committed sample, e.g. two organisations in one store. */
  organisations?: unknown;
};

export type Harness = {
  services: Services;
  bot: DexBot;
  /** Moves the harness clock, e.g. to test what happens a day later. */
  setNow(iso: string): void;
  conversation(user?: ConversationOptions): TestConversation;
  close(): Promise<void>;
};

export type ConversationOptions = {
  id?: string;
  name?: string;
  tenantId?: string;
  conversationId?: string;
  /** Where the channel says replies go; a local stand-in connector in proactive-message tests. */
  serviceUrl?: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
};

/** Records card replacements, which the stock TestAdapter applies silently to its queue. */
class RecordingAdapter extends TestAdapter {
  readonly updates: Partial<Activity>[] = [];
  // The base class's signature, so `void` is kept in the union; nothing is returned.
  // biome-ignore lint/suspicious/noConfusingVoidType: an override must match TestAdapter's declared type.
  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.updates.push(activity);
  }
}

/**
 * One Teams conversation with the bot (channel pinned to msteams), driven turn by turn. Every card the bot
 * sends is checked with the official Adaptive Cards library as it arrives.
 */
export class TestConversation {
  readonly adapter: RecordingAdapter;
  private lastReplies: Partial<Activity>[] = [];
  readonly conversationId: string;

  constructor(
    bot: DexBot,
    reference: { conversationId: string; userId: string; userName: string; tenantId: string; serviceUrl?: string; conversationType?: string },
  ) {
    this.conversationId = reference.conversationId;
    const conversationType = reference.conversationType ?? 'personal';
    this.adapter = new RecordingAdapter(async (context) => bot.run(context), {
      channelId: 'msteams',
      serviceUrl: reference.serviceUrl ?? 'https://smba.trafficmanager.net/au/',
      conversation: { id: reference.conversationId, tenantId: reference.tenantId, isGroup: conversationType !== 'personal', conversationType, name: '' },
      from: { id: reference.userId, name: reference.userName, aadObjectId: reference.userId },
      recipient: { id: 'dex-assistant-bot', name: 'DEX Assistant' },
      channelData: { tenant: { id: reference.tenantId } },
    } as Partial<Activity>);
  }

  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity({ type: 'message', id: randomUUID(), ...activity });
    this.lastReplies = this.adapter.activeQueue.splice(0);
    for (const card of this.lastReplies.flatMap(cardsOf)) assertValidCard(card);
    return this.lastReplies;
  }

  say(text: string): Promise<Partial<Activity>[]> {
    return this.send({ text });
  }

  /** A card submit as Teams sends it: no text, the inputs and the button's data merged in `value`. */
  submit(value: Record<string, unknown>): Promise<Partial<Activity>[]> {
    return this.send({ value, replyToId: `card-${randomUUID()}` });
  }

  /** Submits the last card's button with this title, merged with the given inputs. */
  press(title: string, inputs: Record<string, unknown> = {}): Promise<Partial<Activity>[]> {
    const action = findAction(this.lastReplies.flatMap(cardsOf), title);
    if (!action) throw new Error(`No button "${title}" in the last replies:\n${transcript(this.lastReplies)}`);
    return this.submit({ ...(action.data as object), ...inputs });
  }

  get replies(): Partial<Activity>[] {
    return this.lastReplies;
  }
}

export function cardsOf(activity: Partial<Activity>): Record<string, unknown>[] {
  return (activity.attachments ?? []).filter((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE).map((a) => a.content as Record<string, unknown>);
}

function findAction(cards: Record<string, unknown>[], title: string): Record<string, unknown> | undefined {
  const walk = (node: unknown): Record<string, unknown> | undefined => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const hit = walk(n);
        if (hit) return hit;
      }
      return undefined;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Submit' && o.title === title) return o;
      for (const v of Object.values(o)) {
        const hit = walk(v);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return walk(cards.slice().reverse());
}

/** All visible words of the replies (text and card text), for assertions and failure messages. */
export function transcript(replies: Partial<Activity>[]): string {
  const words: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'label', 'value'] as const) if (typeof o[key] === 'string' && key !== 'value') words.push(o[key] as string);
      if (Array.isArray(o.facts)) for (const f of o.facts as { title: string; value: string }[]) words.push(`${f.title}: ${f.value}`);
      for (const [k, v] of Object.entries(o)) if (k !== 'facts' && typeof v === 'object') walk(v);
    }
  };
  for (const r of replies) {
    if (r.text) words.push(r.text);
    walk(cardsOf(r));
  }
  return words.join('\n');
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  let now = DateTime.fromISO(options.now ?? '2025-10-20T10:00:00', { zone: 'Australia/Sydney' });
  const db = options.db ?? openEmbeddedDatabase({ inMemoryOnly: true });
  // A data folder of its own: files offered in chat wait there (the store itself is in memory).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dex-harness-'));
  const config = loadConfig({ DATA_DIR: dataDir });
  const services = await createServices(config, options.logger ?? silentLogger, {
    db,
    clock: () => now,
    organisations: parseOrganisations(options.organisations ?? sampleOrganisations(), 'test organisations'),
  });
  const bot = new DexBot(services, createConversationRouter(buildCommands));
  return {
    services,
    bot,
    setNow(iso) {
      now = DateTime.fromISO(iso, { zone: 'Australia/Sydney' });
    },
    conversation(user = {}) {
      return new TestConversation(bot, {
        conversationId: user.conversationId ?? `conv-${randomUUID()}`,
        userId: user.id ?? 'user-alice',
        userName: user.name ?? 'Alice Case-Manager',
        tenantId: user.tenantId ?? SAMPLE_TENANT,
        ...(user.serviceUrl ? { serviceUrl: user.serviceUrl } : {}),
        ...(user.conversationType ? { conversationType: user.conversationType } : {}),
      });
    },
    async close() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
