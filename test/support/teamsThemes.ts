import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Colours of Microsoft Teams' light, dark and high-contrast themes, read from the Adaptive Cards host configs
 * in `hostConfigs/` (the same files the browser rendering check uses): background per container style, and
 * default and subtle text colour per named colour. Colours with eight hex digits are #AARRGGBB.
 *
 * Light and dark are copied from `adaptivecards-designer` 2.4.4. Teams publishes no high-contrast host config;
 * `teams-high-contrast.json` is the dark one with its colours replaced by those of the Teams high-contrast
 * theme in Fluent UI (`@fluentui/react-northstar`, `themes/teams-high-contrast/colors.ts`): black surfaces,
 * white text with no dimmed variant, #ffff00 for the brand (accent) and warnings, #3ff23f green, #ff0000 red
 * (docs/card-design.md).
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

/** The host config file of each Teams theme, for the contrast check and the browser rendering check. */
export const THEME_FILES = {
  light: 'microsoft-teams-light.json',
  dark: 'microsoft-teams-dark.json',
  'high-contrast': 'teams-high-contrast.json',
} as const;

export type TeamsTheme = keyof typeof THEME_FILES;

export const TEAMS_THEMES: Record<TeamsTheme, ThemeColours> = {
  light: themeColours(THEME_FILES.light),
  dark: themeColours(THEME_FILES.dark),
  'high-contrast': themeColours(THEME_FILES['high-contrast']),
};
