import { defaultHeapCeilingMb } from '../storage/storeCapacity';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** Environment variables the bot reads; names follow the Bot Framework's own conventions where they exist. */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: optionalText.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'must start with mongodb:// or mongodb+srv://',
  }),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a plain database name')
    .default('dex_assistant'),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  REFERENCE_DATA_DIR: optionalText,
  /** The DEX upload schema downloaded from the DEX portal; read by the export (src/export/dexSchema.ts). */
  DEX_SCHEMA_FILE: optionalText,
  DEX_REFERENCE_DATA_FILE: optionalText,
  ORGANISATIONS_FILE: optionalText,
  /** Comma-separated Teams tenant ids; empty means "the tenants named in the organisations file". */
  ALLOWED_TENANTS: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Heap `npm start` gives the bot at least (MB); it sizes the heap up for the embedded store's data. */
  DEX_HEAP_MB: z.coerce.number().int().min(64).max(65536).default(128),
  /** The most heap `npm start` may give the bot (MB); default half the machine's or container's memory, at most 4096. */
  DEX_HEAP_MAX_MB: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(64).max(65536).optional()),
  /** `off` stops the deadline reminder scheduler (e.g. on all but one instance, or in development). */
  REMINDERS: z.enum(['on', 'off']).default('on'),
});

export type AppConfig = {
  port: number;
  dataDir: string;
  mongodbUri: string | undefined;
  mongodbDb: string;
  appId: string | undefined;
  appPassword: string | undefined;
  appTenantId: string | undefined;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  referenceDataDir: string | undefined;
  /** A DSS DEXReferenceData.xml overriding every list it holds. */
  referenceDataFile: string | undefined;
  organisationsFile: string | undefined;
  allowedTenants: string[] | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  heapFloorMb: number;
  heapCeilingMb: number;
  remindersEnabled: boolean;
  /** No app id means nobody is authenticated, so the server must stay on loopback. */
  authenticationEnabled: boolean;
  bindHost: string;
};

export class ConfigError extends Error {}

/** Validates the environment; the error message is one line naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = env[name];
    const shown = name.toLowerCase().includes('password') || name.includes('URI') ? '' : got === undefined ? '' : ` (got "${got}")`;
    throw new ConfigError(`Configuration error: ${name} ${issue.message}${shown}`);
  }
  const e = parsed.data;
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
    throw new ConfigError('Configuration error: MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (e.DEX_HEAP_MAX_MB !== undefined && e.DEX_HEAP_MAX_MB < e.DEX_HEAP_MB) {
    throw new ConfigError(`Configuration error: DEX_HEAP_MAX_MB (${e.DEX_HEAP_MAX_MB}) must not be below DEX_HEAP_MB (${e.DEX_HEAP_MB})`);
  }
  if (e.MicrosoftAppType === 'SingleTenant' && !e.MicrosoftAppTenantId) {
    throw new ConfigError('Configuration error: MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant');
  }
  const authenticationEnabled = Boolean(e.MicrosoftAppId);
  return {
    port: e.PORT,
    dataDir: e.DATA_DIR,
    mongodbUri: e.MONGODB_URI,
    mongodbDb: e.MONGODB_DB,
    appId: e.MicrosoftAppId,
    appPassword: e.MicrosoftAppPassword,
    appTenantId: e.MicrosoftAppTenantId,
    appType: e.MicrosoftAppType,
    referenceDataDir: e.REFERENCE_DATA_DIR,
    referenceDataFile: e.DEX_REFERENCE_DATA_FILE,
    organisationsFile: e.ORGANISATIONS_FILE,
    allowedTenants: e.ALLOWED_TENANTS?.split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    heapFloorMb: e.DEX_HEAP_MB,
    heapCeilingMb: e.DEX_HEAP_MAX_MB ?? defaultHeapCeilingMb(),
    remindersEnabled: e.REMINDERS === 'on',
    authenticationEnabled,
    bindHost: authenticationEnabled ? '0.0.0.0' : '127.0.0.1',
  };
}
