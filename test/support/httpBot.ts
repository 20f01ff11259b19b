import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type App } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { silentLogger, type Logger } from '../../src/logger';
import { SAMPLE_TENANT } from './sampleOrganisations';

export type HttpBot = { app: App; url: string; dataDir: string; stop(): Promise<void> };

/** Starts the real server (restify + CloudAdapter) on a free loopback port with its own embedded store. */
export async function startHttpBot(options: { env?: NodeJS.ProcessEnv; dataDir?: string; logger?: Logger } = {}): Promise<HttpBot> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'dex-http-'));
  // Tests stay on loopback even when credentials switch authentication on.
  const config: AppConfig = { ...loadConfig({ DATA_DIR: dataDir, ...options.env }), port: 0, bindHost: '127.0.0.1' };
  const app = await startApp(config, options.logger ?? silentLogger);
  return {
    app,
    url: app.server.url,
    dataDir,
    async stop() {
      await app.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Posts one activity the way a channel does, asking for the replies in the response body. */
export async function postActivity(
  url: string,
  activity: Partial<Activity> & { conversationId?: string },
): Promise<{ status: number; replies: Partial<Activity>[] }> {
  const { conversationId = `http-${randomUUID()}`, ...rest } = activity;
  const body = {
    type: 'message',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/au/',
    deliveryMode: 'expectReplies',
    from: { id: 'http-user', name: 'Harriet Http', aadObjectId: 'http-user' },
    recipient: { id: 'dex-assistant-bot', name: 'DEX Assistant' },
    conversation: { id: conversationId, tenantId: SAMPLE_TENANT },
    channelData: { tenant: { id: SAMPLE_TENANT } },
    timestamp: new Date().toISOString(),
    ...rest,
  };
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as { activities?: Partial<Activity>[] }) : {};
  return { status: res.status, replies: parsed.activities ?? [] };
}
