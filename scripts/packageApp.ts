import 'dotenv/config';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { DexBot } from '../src/bot/dexBot';
import { loadConfig } from '../src/config/env';
import { findPackageRoot } from '../src/config/packageRoot';
import { silentLogger } from '../src/logger';
import { createServices } from '../src/services';
import { openEmbeddedDatabase } from '../src/storage/embeddedDatabase';
import { buildManifest, manifestDir, type PackageSettings } from '../src/teamsApp/appPackage';
import { buildCommands } from '../dialogs/commandCatalogue';
import { createConversationRouter } from '../dialogs/conversationRouter';

function required(name: string, fallback?: string): string {
  const value = process.env[name]?.trim() || fallback;
  if (!value) {
    process.stderr.write(`Set ${name} to package the app (see README, "Install in Teams").\n`);
    process.exit(1);
  }
  return value;
}

/** Writes the zip Teams' "Upload a custom app" accepts: manifest.json plus the two icons. */
async function main(): Promise<void> {
  const root = findPackageRoot();
  const botId = required('MicrosoftAppId');
  const settings: PackageSettings = {
    teamsAppId: required('TEAMS_APP_ID', botId),
    botId,
    botDomain: required('BOT_DOMAIN'),
    developerName: required('DEVELOPER_NAME', 'Your organisation'),
    developerWebsiteUrl: required('DEVELOPER_WEBSITE_URL', `https://${process.env.BOT_DOMAIN}`),
    developerPrivacyUrl: required('DEVELOPER_PRIVACY_URL', `https://${process.env.BOT_DOMAIN}/privacy`),
    developerTermsUrl: required('DEVELOPER_TERMS_URL', `https://${process.env.BOT_DOMAIN}/terms`),
  };
  const services = await createServices(loadConfig({}), silentLogger, { db: openEmbeddedDatabase({ inMemoryOnly: true }) });
  const manifest = buildManifest(root, settings, new DexBot(services, createConversationRouter(buildCommands)).menuEntries());
  await services.db.close();

  const outDir = path.join(root, 'build', 'appPackage');
  mkdirSync(outDir, { recursive: true });
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  for (const icon of ['color.png', 'outline.png']) zip.addFile(icon, readFileSync(path.join(manifestDir(root), icon)));
  const out = path.join(outDir, 'dex-assistant.zip');
  zip.writeZip(out);
  process.stdout.write(`Wrote ${out}\n`);
}

void main();
