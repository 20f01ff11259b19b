import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MenuEntry } from '../../cards/menuCards';

export type PackageSettings = {
  teamsAppId: string;
  botId: string;
  botDomain: string;
  developerName: string;
  developerWebsiteUrl: string;
  developerPrivacyUrl: string;
  developerTermsUrl: string;
};

/** Teams limits a command title to 32 characters and a description to 128, and a list to 10 commands. */
const MAX_COMMANDS = 10;

export function manifestDir(root: string): string {
  return path.join(root, 'appManifest');
}

/**
 * Fills the committed manifest's `${{NAME}}` placeholders and its command list (from the commands the bot
 * really understands, so the two cannot drift apart).
 */
export function buildManifest(root: string, settings: PackageSettings, commands: MenuEntry[]): Record<string, unknown> {
  const values: Record<string, string> = {
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_ID: settings.botId,
    BOT_DOMAIN: settings.botDomain,
    DEVELOPER_NAME: settings.developerName,
    DEVELOPER_WEBSITE_URL: settings.developerWebsiteUrl,
    DEVELOPER_PRIVACY_URL: settings.developerPrivacyUrl,
    DEVELOPER_TERMS_URL: settings.developerTermsUrl,
  };
  const template = readFileSync(path.join(manifestDir(root), 'manifest.json'), 'utf8');
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`manifest placeholder ${whole} has no value`);
    return value;
  });
  const manifest = JSON.parse(filled) as { bots: { commandLists: { commands: unknown[] }[] }[] };
  manifest.bots[0]!.commandLists[0]!.commands = commands.slice(0, MAX_COMMANDS).map((c) => ({
    title: (c.shortCommand ?? c.title).slice(0, 32),
    description: c.description.slice(0, 128),
  }));
  return manifest;
}
