import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type App } from '../../src/app';
import type { AuthenticationOverrides } from '../../src/bot/adapter';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { silentLogger, type Logger } from '../../src/logger';
import { SAMPLE_TENANT } from './sampleOrganisations';

export type HttpBot = { app: App; url: string; dataDir: string; stop(): Promise<void> };

/** Starts the real server (restify + CloudAdapter) on a free loopback port with its own embedded store. */
export async function startHttpBot(
  options: { env?: NodeJS.ProcessEnv; dataDir?: string; logger?: Logger; authentication?: AuthenticationOverrides } = {},
): Promise<HttpBot> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'dex-http-'));
  // Tests stay on loopback even when credentials switch authentication on.
  const config: AppConfig = { ...loadConfig({ DATA_DIR: dataDir, ...options.env }), port: 0, bindHost: '127.0.0.1' };
  const app = await startApp(config, options.logger ?? silentLogger, options.authentication ? { authentication: options.authentication } : {});
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

/** An activity as Teams posts it (tenant in both places), with the given fields replaced or added. */
export function teamsActivity(activity: Partial<Activity> & { conversationId?: string } = {}): Record<string, unknown> {
  const { conversationId = `http-${randomUUID()}`, ...rest } = activity;
  return {
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
}

/** Posts one activity the way a channel does, asking for the replies in the response body. */
export async function postActivity(
  url: string,
  activity: Partial<Activity> & { conversationId?: string },
): Promise<{ status: number; replies: Partial<Activity>[] }> {
  const { status, text } = await postRaw(url, JSON.stringify(teamsActivity(activity)));
  const parsed = text ? (JSON.parse(text) as { activities?: Partial<Activity>[] }) : {};
  return { status: status, replies: parsed.activities ?? [] };
}

/** Posts any body with any headers (JSON by default), for requests no channel would send. */
export async function postRaw(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}
