import { CardFactory } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { z } from 'zod';
import { EXPORT_COMMAND, exportPeriodChoiceCard, exportSummaryCard } from '../cards/exportCards';
import type { Command } from '../src/bot/commands';
import { randomUUID } from 'node:crypto';
import { chatExportFolder, chatExportFolderFor, offerFile } from '../src/bot/fileConsent';
import { getUserContext } from '../src/bot/userContext';
import { openReportingPeriods } from '../src/domain/periods';
import { dexSchemaInUse, type DexSchema } from '../src/export/dexSchema';
import { SchemaReadError } from '../src/export/xsdModel';
import { exportPeriod } from '../src/export/exportPeriod';
import { folderSink } from '../src/export/folderSink';
import type { Services } from '../src/services';

const ExportOptions = z.object({
  periodId: z
    .string()
    .regex(/^\d{4}-H[12]$/)
    .optional(),
});

/**
 * "Export for DEX": the period's upload file(s) for the user's organisation, with a summary card first. Files
 * carry every exported client's details, so they are offered only in a personal chat (Teams' file consent
 * card puts them in the user's own OneDrive) and only to case managers.
 */
class ExportDialog extends Dialog<Record<string, unknown>> {
  constructor(private readonly services: Services) {
    super(EXPORT_COMMAND);
  }

  override async beginDialog(dc: DialogContext, raw?: Record<string, unknown>): Promise<DialogTurnResult> {
    const context = dc.context;
    const user = getUserContext(context);
    const org = user.organisation;
    if (context.activity.conversation?.conversationType !== 'personal') {
      await context.sendActivity(
        'A DEX file holds your clients’ details, so I only make it in a personal chat. Open a chat with me (DEX Assistant) and type **export for DEX** there.',
      );
      return dc.endDialog();
    }
    if (user.role === 'viewer') {
      await context.sendActivity(`Your role in ${org.name} is viewer, and the DEX file holds every client's details. Ask a case manager to export it.`);
      return dc.endDialog();
    }
    const options = ExportOptions.safeParse(raw ?? {}).data ?? {};
    const now = this.services.clock().setZone(org.timeZone);
    const open = openReportingPeriods(now, org.timeZone);
    if (!options.periodId && open.length > 1) {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(exportPeriodChoiceCard(open))] });
      return dc.endDialog();
    }
    let schema: DexSchema;
    try {
      schema = dexSchemaInUse();
    } catch (err) {
      if (!(err instanceof SchemaReadError)) throw err;
      this.services.logger.error('dexExport.schemaUnreadable', { reason: err.message });
      await context.sendActivity(
        'The DEX schema this installation is set to use (DEX_SCHEMA_FILE) cannot be read, so no file can be checked. Please ask your IT team to look at the bot’s log.',
      );
      return dc.endDialog();
    }
    await context.sendActivity({ type: 'typing' });
    // The files wait on disk, owner-only, for the user's answer to each consent card (see src/bot/fileConsent).
    const exportId = randomUUID();
    const folder = await chatExportFolderFor(chatExportFolder(this.services.config.dataDir), exportId);
    const summary = await exportPeriod(
      { organisation: org, periodId: options.periodId ?? open.at(-1)!.id, actor: user.actor, now, exportId },
      {
        caseFiles: this.services.caseFiles,
        clients: this.services.clients,
        ledger: this.services.exports,
        referenceData: this.services.referenceData,
        schema,
        sink: folderSink(folder),
      },
    );
    this.services.logger.info('dexExport.chat', {
      organisation: org.organisationId,
      period: summary.period?.id,
      files: summary.files.length,
      leftOut: summary.leftOut.length,
      problems: summary.problems.length,
    });
    const canFix = (command: string) => dc.dialogs.find(command) !== undefined;
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(exportSummaryCard(summary, canFix))] });
    for (const [i, file] of summary.files.entries()) {
      const description = `DEX upload file ${summary.files.length > 1 ? `${i + 1} of ${summary.files.length} ` : ''}for ${summary.period!.label}`;
      await context.sendActivity({ attachments: [offerFile({ exportId, name: file.name, bytes: file.bytes, description })] });
    }
    return dc.endDialog();
  }
}

export function exportCommand(services: Services): Command<'exportDex'> {
  return {
    id: EXPORT_COMMAND,
    title: 'Export for DEX',
    description:
      'The DEX bulk-upload file for the reporting period: what goes in, which case files are left out and why, then the file itself (personal chat only).',
    example: 'export for DEX',
    shortCommand: 'export for DEX',
    writes: false,
    args: ExportOptions,
    dialog: new ExportDialog(services),
  };
}
