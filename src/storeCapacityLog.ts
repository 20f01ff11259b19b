import type { Services } from './services';
import { capacityReport, embeddedDataBytes, type CapacityReport } from './storage/storeCapacity';

/** The embedded store's size against the memory it may use, as /healthz shows it. */
export function embeddedCapacity(services: Pick<Services, 'config'>): CapacityReport {
  return capacityReport({ dataBytes: embeddedDataBytes(services.config.dataDir), ceilingMb: services.config.heapCeilingMb });
}

/** Logged at start and every hour: the size and headroom, as a warning from 80% of capacity. */
export function logEmbeddedCapacity(services: Pick<Services, 'config' | 'logger'>): void {
  const { warning, ...figures } = embeddedCapacity(services);
  if (warning === undefined) services.logger.info('store.capacity', figures);
  else services.logger.warn('store.capacity', { ...figures, warning });
}
