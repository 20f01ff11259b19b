/**
 * Sending a file to a user the way Teams bots do in a personal chat: the bot sends a file consent card; when
 * the user presses Allow, Teams invokes the bot (`fileConsent/invoke`) with an upload URL in the user's
 * OneDrive; the bot PUTs the bytes there and then posts a file info card that opens the uploaded file.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4
 *
 * Files wait in this process's memory until the user answers, at most an hour. They hold clients' details,
 * so they are never written to disk or logged here; after a restart the user is asked to export again.
 */
import { randomUUID } from 'node:crypto';
import type { Attachment, InvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';

const WAIT_MS = 60 * 60 * 1000;

type PendingFile = { name: string; content: Buffer; userId: string; conversationId: string; expires: number };

const pending = new Map<string, PendingFile>();

function sweep(now: number): void {
  for (const [id, f] of pending) if (f.expires <= now) pending.delete(id);
}

/** Keeps the file for the user's answer and returns the consent card that asks for it. */
export function offerFile(file: { name: string; content: Buffer; description: string }, who: { userId: string; conversationId: string }): Attachment {
  const now = Date.now();
  sweep(now);
  const uploadId = randomUUID();
  pending.set(uploadId, { name: file.name, content: file.content, userId: who.userId, conversationId: who.conversationId, expires: now + WAIT_MS });
  return {
    contentType: FILE_CONSENT_CARD,
    name: file.name,
    content: {
      description: file.description,
      sizeInBytes: file.content.length,
      acceptContext: { uploadId },
      declineContext: { uploadId },
    },
  };
}

/** How many files are waiting for an answer (for tests and health checks). */
export function filesWaiting(): number {
  sweep(Date.now());
  return pending.size;
}

const ConsentInvokeSchema = z.object({
  type: z.literal('fileUpload'),
  action: z.enum(['accept', 'decline']),
  context: z.object({ uploadId: z.string().uuid() }).optional(),
  uploadInfo: z
    .object({
      name: z.string().min(1),
      uploadUrl: z.string().url(),
      contentUrl: z.string().url(),
      uniqueId: z.string().min(1),
      fileType: z.string().optional(),
    })
    .optional(),
});

export type UploadOutcome = 'uploaded' | 'declined' | 'expired' | 'failed' | 'invalid';

/**
 * Answers a `fileConsent/invoke`: uploads the file on Allow and posts its file card, or drops it on Decline.
 * Teams waits for the invoke response, so every path answers 200 once the user has been told what happened.
 */
export async function handleFileConsent(context: TurnContext, userId: string, log: (outcome: UploadOutcome) => void): Promise<InvokeResponse> {
  const parsed = ConsentInvokeSchema.safeParse(context.activity.value);
  if (!parsed.success || !parsed.data.context) {
    log('invalid');
    return { status: 400 };
  }
  const { action, context: consent, uploadInfo } = parsed.data;
  const file = pending.get(consent.uploadId);
  const conversationId = context.activity.conversation?.id ?? '';
  if (!file || file.expires <= Date.now() || file.userId !== userId || file.conversationId !== conversationId) {
    log('expired');
    await context.sendActivity('That file is no longer waiting. Type **export for DEX** to make it again.');
    return { status: 200 };
  }
  if (action === 'decline') {
    pending.delete(consent.uploadId);
    log('declined');
    await context.sendActivity(`OK, ${file.name} was not saved to your OneDrive.`);
    return { status: 200 };
  }
  if (!uploadInfo) {
    log('invalid');
    return { status: 400 };
  }
  const response = await fetch(uploadInfo.uploadUrl, {
    method: 'PUT',
    headers: {
      'Content-Type': 'application/xml',
      'Content-Length': String(file.content.length),
      'Content-Range': `bytes 0-${file.content.length - 1}/${file.content.length}`,
    },
    body: file.content,
  }).catch(() => undefined);
  if (!response?.ok) {
    log('failed');
    await context.sendActivity(`Sorry, ${file.name} could not be saved to your OneDrive${response ? ` (it answered ${response.status})` : ''}. Press Allow on the card again, or type **export for DEX** to make it again.`);
    return { status: 200 };
  }
  pending.delete(consent.uploadId);
  log('uploaded');
  await context.sendActivity({
    attachments: [{ contentType: FILE_INFO_CARD, name: uploadInfo.name, contentUrl: uploadInfo.contentUrl, content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType ?? 'xml' } }],
  });
  return { status: 200 };
}
