/**
 * Readiness items about a client's own record rather than their place on a case file: each DEX detail the
 * record lacks, and other clients of the organisation sharing their SLK (DEX takes one SLK for one person).
 */
import { DateTime } from 'luxon';
import type { Client } from './client';
import { CLIENT_DETAIL_LABELS, missingClientDetails } from './clientDetails';
import { formatAuDate } from './dateFormat';
import type { ReadinessItem } from './readiness';

export type SlkSharer = Pick<Client, 'clientId' | 'givenName' | 'familyName' | 'birthDate'>;

export function clientRecordItems(
  caseFileId: string,
  clientId: string,
  name: string,
  record: Client | undefined,
  sharers: readonly SlkSharer[] = [],
): ReadinessItem[] {
  const items: ReadinessItem[] = [];
  if (record) {
    for (const field of missingClientDetails(record)) {
      items.push({
        clientId,
        code: `clientDetails.missing.${field}`,
        severity: 'error',
        message: `${name} has no ${CLIENT_DETAIL_LABELS[field]} recorded. DEX rejects a client without it.`,
        fix: { command: 'completeClientDetails', args: { clientId, field, caseFileId } },
      });
    }
  }
  for (const other of sharers) {
    items.push({
      clientId,
      code: 'client.duplicateSlk',
      severity: 'error',
      message: `${name} has the same SLK as ${other.givenName} ${other.familyName} (born ${formatAuDate(DateTime.fromISO(other.birthDate))}, client ${other.clientId}), another client of your organisation. DEX would count them as one person: review them and merge them if they are.`,
      fix: { command: 'reviewDuplicateClients', args: { clientId, otherClientId: other.clientId } },
    });
  }
  return items;
}

/**
 * How many errors a client's own record brings to every case file the client is on: the error items above,
 * counted, for listings that add them to each case file's stored counts (caseFilesDue).
 */
export function clientRecordErrorCount(record: Client, sharers: readonly SlkSharer[] = []): number {
  return clientRecordItems('', record.clientId, '', record, sharers).filter((i) => i.severity === 'error').length;
}
