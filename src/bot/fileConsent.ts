/**
 * Sending a file to a user the way Teams bots do in a personal chat: the bot sends a file consent card; when
 * the user presses Allow, Teams invokes the bot (`fileConsent/invoke`) with an upload URL in the user's
 * OneDrive; the bot PUTs the bytes there and then posts a file info card that opens the uploaded file.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4
 *
 * The file waits on disk, owner-only, in the chat-exports folder under DATA_DIR, one folder per export; the
 * card's context carries only the export's id and the file's name. On Allow the file is read back and checked
 * against the SHA-256 the export record holds, so an answer after a restart uploads exactly the bytes offered
 * and the process never keeps a file in memory. A file is deleted once uploaded or declined, and after an
 * hour unanswered. Nothing of its content is logged.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Attachment, InvokeResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ensurePrivateDirectory } from '../storage/privateFiles';
import type { ExportLedger } from '../storage/exportLedger';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';

const WAIT_MS = 60 * 60 * 1000;
/** OneDrive wants upload fragments in multiples of 320 KiB; ten of them keeps a 10 MB file to four requests. */
export const UPLOAD_FRAGMENT_BYTES = 10 * 320 * 1024;
/** A request to the upload URL that takes longer than this is given up, so the invoke always gets its answer. */
const UPLOAD_TIMEOUT_MS = 60_000;

/** Where files offered in chat wait for the user's answer. */
export function chatExportFolder(dataDir: string): string {
  return path.resolve(dataDir, 'chat-exports');
}

const ExportIdSchema = z.string().uuid();
/** Export file names as the exporter makes them: no path separators can reach the file system. */
const FileNameSchema = z.string().regex(/^DEX-[A-Za-z0-9-]+-\d{4}-H[12]-\d{8}T\d{6}Z-\d{2}\.xml$/);

const OfferContextSchema = z.object({ exportId: ExportIdSchema, fileName: FileNameSchema });
type OfferContext = z.infer<typeof OfferContextSchema>;

function fileOf(folder: string, offer: OfferContext): string {
  return path.join(folder, offer.exportId, offer.fileName);
}

/** Deletes folders of exports older than the wait: files nobody answered for. */
export async function sweepChatExports(folder: string, now = Date.now()): Promise<void> {
  const entries = await fs.promises.readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !ExportIdSchema.safeParse(entry.name).success) continue;
    const dir = path.join(folder, entry.name);
    const stat = await fs.promises.stat(dir).catch(() => undefined);
    if (stat && stat.mtimeMs + WAIT_MS <= now) await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** The folder one export's files are written to, owner-only, before they are offered. */
export async function chatExportFolderFor(folder: string, exportId: string): Promise<string> {
  ensurePrivateDirectory(folder);
  await sweepChatExports(folder);
  return path.join(folder, ExportIdSchema.parse(exportId));
}

/** The consent card for a file the export wrote to its chat-export folder. */
export function offerFile(file: { exportId: string; name: string; bytes: number; description: string }): Attachment {
  const context: OfferContext = { exportId: file.exportId, fileName: file.name };
  return {
    contentType: FILE_CONSENT_CARD,
    name: file.name,
    content: { description: file.description, sizeInBytes: file.bytes, acceptContext: context, declineContext: context },
  };
}

const ConsentInvokeSchema = z.object({
  type: z.literal('fileUpload'),
  action: z.enum(['accept', 'decline']),
  context: OfferContextSchema.optional(),
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

export type UploadOutcome = 'uploaded' | 'declined' | 'expired' | 'failed' | 'invalid' | 'changed';

export type ConsentDeps = { folder: string; ledger: ExportLedger; organisationId: string; userId: string; now?: () => number };

/**
 * PUTs the file to an upload session a fragment at a time with `Content-Range`, reading each fragment from
 * disk. OneDrive answers 202 until the last byte, then 200 or 201. Returns the status that stopped it, if any.
 */
export async function uploadToSession(file: string, size: number, uploadUrl: string): Promise<{ ok: true } | { ok: false; status: number | undefined }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    for (let from = 0; from < size; from += UPLOAD_FRAGMENT_BYTES) {
      const length = Math.min(UPLOAD_FRAGMENT_BYTES, size - from);
      const fragment = Buffer.alloc(length);
      await handle.read(fragment, 0, length, from);
      const response = await fetch(uploadUrl, {
        method: 'PUT',
        // No Authorization header: the upload URL carries its own, and OneDrive refuses a request with another.
        headers: { 'Content-Length': String(length), 'Content-Range': `bytes ${from}-${from + length - 1}/${size}` },
        body: fragment,
        signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
      }).catch(() => undefined);
      if (!response) return { ok: false, status: undefined };
      await response.arrayBuffer().catch(() => undefined);
      const last = from + length === size;
      if (last ? response.status !== 200 && response.status !== 201 : response.status !== 202) return { ok: false, status: response.status };
    }
    return { ok: true };
  } finally {
    await handle.close();
  }
}

async function sha256Of(file: string): Promise<{ sha256: string; bytes: number } | undefined> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of fs.createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch {
    return undefined;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Answers a `fileConsent/invoke`: uploads the file on Allow and posts its file card, or drops it on Decline.
 * Teams waits for the invoke response, so every path answers 200 once the user has been told what happened.
 */
export async function handleFileConsent(context: TurnContext, deps: ConsentDeps, log: (outcome: UploadOutcome) => void): Promise<InvokeResponse> {
  const parsed = ConsentInvokeSchema.safeParse(context.activity.value);
  if (!parsed.success || !parsed.data.context) {
    log('invalid');
    return { status: 400 };
  }
  const { action, context: offer, uploadInfo } = parsed.data;
  const now = deps.now?.() ?? Date.now();
  const recorded = await deps.ledger.get(deps.organisationId, offer.exportId);
  const entry = recorded?.files.find((f) => f.name === offer.fileName);
  const file = fileOf(deps.folder, offer);
  // Only the user the file was made for, within the hour, while the file is still there.
  if (!recorded || !entry || recorded.by.userId !== deps.userId || Date.parse(recorded.at) + WAIT_MS <= now || !fs.existsSync(file)) {
    if (recorded && recorded.by.userId === deps.userId) await fs.promises.rm(file, { force: true });
    log('expired');
    await context.sendActivity('That file is no longer waiting. Type **export for DEX** to make it again.');
    return { status: 200 };
  }
  if (action === 'decline') {
    await fs.promises.rm(file, { force: true });
    log('declined');
    await context.sendActivity(`OK, ${offer.fileName} was not saved to your OneDrive.`);
    return { status: 200 };
  }
  if (!uploadInfo) {
    log('invalid');
    return { status: 400 };
  }
  const onDisk = await sha256Of(file);
  if (!onDisk || onDisk.sha256 !== entry.sha256 || onDisk.bytes !== entry.bytes) {
    await fs.promises.rm(file, { force: true });
    log('changed');
    await context.sendActivity(
      `${offer.fileName} is not the file that was checked against the DEX schema any more, so I did not upload it. Type **export for DEX** to make it again.`,
    );
    return { status: 200 };
  }
  const sent = await uploadToSession(file, entry.bytes, uploadInfo.uploadUrl);
  if (!sent.ok) {
    log('failed');
    await context.sendActivity(
      `Sorry, ${offer.fileName} could not be saved to your OneDrive${sent.status ? ` (it answered ${sent.status})` : ''}. Press Allow on the card again, or type **export for DEX** to make it again.`,
    );
    return { status: 200 };
  }
  await fs.promises.rm(file, { force: true });
  log('uploaded');
  await context.sendActivity({
    attachments: [
      {
        contentType: FILE_INFO_CARD,
        name: uploadInfo.name,
        contentUrl: uploadInfo.contentUrl,
        content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType ?? 'xml' },
      },
    ],
  });
  return { status: 200 };
}
