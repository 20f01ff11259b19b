import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Colours of Microsoft Teams' light and dark themes, read from the Adaptive Cards host configs in
 * `hostConfigs/` (the same files the browser rendering check uses; copied from `adaptivecards-designer` 2.4.4, as docs/card-design.md says): background per
 * container style, and default and subtle text colour per named colour. Colours with eight hex digits are #AARRGGBB.
 *
 * We found no published host config for Teams' high-contrast theme, so high contrast is not here; see
 * docs/card-design.md for what is done instead.
 */
export type ThemeColours = Record<string, { background: string; foreground: Record<string, { default: string; subtle: string }> }>;

type HostConfig = {
  containerStyles: Record<string, { backgroundColor: string; foregroundColors: Record<string, { default: string; subtle: string }> }>;
};

function themeColours(file: string): ThemeColours {
  const config = JSON.parse(readFileSync(path.join(__dirname, 'hostConfigs', file), 'utf8')) as HostConfig;
  return Object.fromEntries(
    Object.entries(config.containerStyles).map(([style, c]) => [style, { background: c.backgroundColor, foreground: c.foregroundColors }]),
  );
}

export const TEAMS_THEMES: Record<'light' | 'dark', ThemeColours> = {
  light: themeColours('microsoft-teams-light.json'),
  dark: themeColours('microsoft-teams-dark.json'),
};
