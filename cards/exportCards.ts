import type { ReportingPeriod } from '../src/domain/periods';
import type { ExportSummary } from '../src/export/exportTypes';
import { plural } from '../src/domain/wording';
import { actionSet, card, container, facts, heading, submit, text, type AdaptiveCard, type CardElement } from './cardKit';
import { fixButton, type FixFilter } from './statusCards';

export const EXPORT_COMMAND = 'exportDex' as const;

/** Left-out case files listed with their reasons before the rest are counted, to keep the card small. */
const CASE_FILES_SHOWN = 8;
const REASONS_SHOWN = 3;

/** Two periods are open for a month after each half-year: which one? */
export function exportPeriodChoiceCard(periods: readonly ReportingPeriod[]): AdaptiveCard {
  return card(
    [heading('Export for DEX'), text('Two reporting periods are open. Which one do you want the DEX file for?')],
    periods.map((p) => submit(p.label, { command: EXPORT_COMMAND, args: { periodId: p.id } })),
  );
}

export function exportSummaryCard(s: ExportSummary, canFix: FixFilter): AdaptiveCard {
  if (s.refused) return card([heading('Export for DEX'), text(`✖ ${s.refused}`)]);
  const c = s.counts;
  const body: CardElement[] = [
    heading(`DEX file for ${s.period!.label}`),
    facts([
      ['Clients', c.clients.toLocaleString('en-AU')],
      ['Cases', c.cases.toLocaleString('en-AU')],
      ['Sessions', c.sessions.toLocaleString('en-AU')],
      ['Participants', c.participants.toLocaleString('en-AU')],
      ['Community SCOREs', c.communityScores.toLocaleString('en-AU')],
      ['Files', s.files.length === 0 ? 'none' : s.files.map((f) => `${f.name} (${(f.bytes / 1_000_000).toFixed(2)} MB)`).join(', ')],
    ]),
  ];
  if (s.files.length > 0) {
    body.push(
      text(
        `${s.files.length === 1 ? 'The file follows' : 'The files follow; upload them in the order of their numbers'}. Upload in the DEX portal under **Uploads**.`,
        { subtle: true },
      ),
    );
  } else if (s.problems.length === 0) {
    body.push(text('There is nothing ready to send for this period yet.', { weight: 'Bolder' }));
  }
  if (s.unchanged > 0) body.push(text(`${plural(s.unchanged, 'case file')} unchanged since the last export, not sent again.`, { subtle: true }));
  if (s.leftOut.length > 0) {
    const items: CardElement[] = [text(`Left out: ${plural(s.leftOut.length, 'case file')} not ready for DEX`, { weight: 'Bolder' })];
    for (const l of s.leftOut.slice(0, CASE_FILES_SHOWN)) {
      items.push(text(`**${l.name}**`));
      for (const r of l.reasons.slice(0, REASONS_SHOWN)) {
        items.push(text(`• ${r.message}`));
        const button = fixButton(r.fix, canFix);
        if (button.length) items.push(actionSet(button));
      }
      if (l.reasons.length > REASONS_SHOWN) items.push(text(`…and ${l.reasons.length - REASONS_SHOWN} more.`, { subtle: true }));
    }
    if (s.leftOut.length > CASE_FILES_SHOWN)
      items.push(text(`…and ${plural(s.leftOut.length - CASE_FILES_SHOWN, 'more case file')}. Type **my case files** to see them all.`, { subtle: true }));
    body.push(container(items, { style: 'warning', separator: true }));
  }
  if (s.problems.length > 0) {
    const items: CardElement[] = [text('✖ Not sent: the DEX schema rejected these, so the file holding them was not made', { weight: 'Bolder' })];
    for (const p of s.problems.slice(0, CASE_FILES_SHOWN)) items.push(text(`• ${p.message}`));
    if (s.problems.length > CASE_FILES_SHOWN) items.push(text(`…and ${s.problems.length - CASE_FILES_SHOWN} more.`, { subtle: true }));
    body.push(container(items, { style: 'attention', separator: true }));
  }
  if (s.notInSchema.length > 0) {
    body.push(
      text(
        `Recorded but not in this DEX schema, so not sent: ${s.notInSchema.map((n) => n.field.replace(/ \(.*\)$/, '')).join(', ')}. Your DEX administrator can supply the current schema.`,
        { subtle: true },
      ),
    );
  }
  return card(body);
}
