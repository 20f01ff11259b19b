import assert from 'node:assert/strict';
import { cardLayoutProblems, contrast } from '../support/cardLayout';
import { TEAMS_THEMES } from '../support/teamsThemes';

const ratio = (theme: keyof typeof TEAMS_THEMES, colour: string) => {
  const surface = TEAMS_THEMES[theme].default!;
  return Number(contrast(surface.foreground[colour]!.default, surface.background).toFixed(2));
};

describe('card contrast in Teams themes', () => {
  it('reads each theme from its host config: the figures docs/card-design.md quotes', () => {
    assert.deepEqual([ratio('light', 'good'), ratio('light', 'warning'), ratio('dark', 'attention')], [2.07, 1.47, 3.24]);
    // High contrast (Fluent UI's Teams high-contrast colours): white on black, red the lowest at 5.25:1.
    assert.deepEqual([ratio('high-contrast', 'default'), ratio('high-contrast', 'attention'), ratio('high-contrast', 'accent')], [21, 5.25, 19.56]);
  });

  it('reports text in a colour that fails in any theme, naming the theme', () => {
    const card = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Increased', wrap: true, color: 'Good' }] };
    assert.deepEqual(cardLayoutProblems(card), ['card AdaptiveCard[0] TextBlock: good text on default is 2.07:1 in Teams light (needs 4.5:1)']);
  });
});
