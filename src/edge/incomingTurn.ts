import { z } from 'zod';

/**
 * The shape of an activity the bot accepts on `POST /api/messages`, checked before authentication and before
 * the Bot Framework sees it. Only the fields the bot or the SDK read are checked; anything else a channel adds
 * passes through untouched. Optional fields may be absent or null (some channels send null), but a field
 * that is present must have the right type, so nothing downstream meets a number where it reads a string.
 */

const Id = z.string().min(1).max(1024);
const ShortText = z.string().max(1024);

/** A user or bot in a conversation (Bot Framework `ChannelAccount`). */
export const ChannelAccount = z.looseObject({
  id: Id,
  name: ShortText.nullish(),
  aadObjectId: ShortText.nullish(),
  role: ShortText.nullish(),
});

const ConversationAccount = z.looseObject({
  id: Id,
  tenantId: ShortText.nullish(),
  name: ShortText.nullish(),
  conversationType: ShortText.nullish(),
  isGroup: z.boolean().nullish(),
});

/**
 * A mention names who was mentioned and the text that stands for them; the SDK strips that text from the
 * message, so both must be there. Other entity types (clientInfo, …) only need a type.
 */
const Entity = z.looseObject({ type: z.string().min(1).max(256) }).superRefine((entity, ctx) => {
  if (entity.type.toLowerCase() !== 'mention') return;
  const mention = z.looseObject({ mentioned: ChannelAccount, text: z.string().max(1024) }).safeParse(entity);
  if (!mention.success) ctx.addIssue({ code: 'custom', message: 'a mention needs who was mentioned and its text' });
});

const Attachment = z.looseObject({ contentType: z.string().min(1).max(256), contentUrl: z.string().max(4096).nullish(), name: ShortText.nullish() });

const ChannelData = z.looseObject({ tenant: z.looseObject({ id: ShortText.nullish() }).nullish() });

/** An ISO 8601 date-time, as channels send `timestamp` and `localTimestamp`. */
const Timestamp = z.iso.datetime({ offset: true, local: true });

export const IncomingTurn = z.looseObject({
  /** message, conversationUpdate, invoke, …: any word, so a new activity type is ignored rather than refused. */
  type: z.string().regex(/^[A-Za-z][A-Za-z/]{0,63}$/),
  id: Id.nullish(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  from: ChannelAccount,
  recipient: ChannelAccount,
  conversation: ConversationAccount,
  text: z.string().max(100_000).nullish(),
  textFormat: ShortText.nullish(),
  locale: ShortText.nullish(),
  timestamp: Timestamp.nullish(),
  localTimestamp: Timestamp.nullish(),
  replyToId: Id.nullish(),
  name: ShortText.nullish(),
  deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).nullish(),
  /** A card submit's inputs and button data; each command and step checks its own fields with its own schema. */
  value: z.unknown().optional(),
  entities: z.array(Entity).max(100).optional(),
  attachments: z.array(Attachment).max(50).nullish(),
  membersAdded: z.array(ChannelAccount).max(1000).nullish(),
  membersRemoved: z.array(ChannelAccount).max(1000).nullish(),
  channelData: ChannelData.nullish(),
});

export type IncomingTurn = z.infer<typeof IncomingTurn>;

/** Where an activity broke the schema, by field path and problem only: values can hold a client's details. */
export function describeProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.code}`)
    .join('; ');
}
