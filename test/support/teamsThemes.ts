/**
 * Colours of Microsoft Teams' light and dark themes as Adaptive Cards host configs give them: background per
 * container style, and default and subtle text colour per named colour. Figures from the
 * `adaptivecards-designer` package 2.4.4 (MIT), `lib/hostConfigs/microsoft-teams-light.json` and
 * `microsoft-teams-dark.json`. Colours with eight hex digits are #AARRGGBB.
 *
 * The designer package has no host config for Teams' high-contrast theme and we found none published, so high
 * contrast is not in this table; see docs/card-design.md for what is done instead.
 */
export type ThemeColours = Record<string, { background: string; foreground: Record<string, { default: string; subtle: string }> }>;

export const TEAMS_THEMES: Record<'light' | 'dark', ThemeColours> = {
  light: {
    default: {
      background: '#ffffff',
      foreground: {
        default: {
          default: '#ff252424',
          subtle: '#bf252424'
        },
        dark: {
          default: '#252424',
          subtle: '#bf252424'
        },
        light: {
          default: '#ffffff',
          subtle: '#fff3f2f1'
        },
        accent: {
          default: '#6264a7',
          subtle: '#8b8cc7'
        },
        good: {
          default: '#92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#f8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#c4314b',
          subtle: '#e5c4314b'
        }
      }
    },
    emphasis: {
      background: '#fff9f8f7',
      foreground: {
        default: {
          default: '#ff252424',
          subtle: '#bf252424'
        },
        dark: {
          default: '#252424',
          subtle: '#bf252424'
        },
        light: {
          default: '#ffffff',
          subtle: '#fff3f2f1'
        },
        accent: {
          default: '#6264a7',
          subtle: '#8b8cc7'
        },
        good: {
          default: '#92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#f8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#c4314b',
          subtle: '#e5c4314b'
        }
      }
    },
    accent: {
      background: '#C7DEF9',
      foreground: {
        default: {
          default: '#ff252424',
          subtle: '#bf252424'
        },
        dark: {
          default: '#252424',
          subtle: '#bf252424'
        },
        light: {
          default: '#ffffff',
          subtle: '#fff3f2f1'
        },
        accent: {
          default: '#6264a7',
          subtle: '#8b8cc7'
        },
        good: {
          default: '#92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#f8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#c4314b',
          subtle: '#e5c4314b'
        }
      }
    },
    good: {
      background: '#CCFFCC',
      foreground: {
        default: {
          default: '#ff252424',
          subtle: '#bf252424'
        },
        dark: {
          default: '#252424',
          subtle: '#bf252424'
        },
        light: {
          default: '#ffffff',
          subtle: '#fff3f2f1'
        },
        accent: {
          default: '#6264a7',
          subtle: '#8b8cc7'
        },
        good: {
          default: '#92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#f8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#c4314b',
          subtle: '#e5c4314b'
        }
      }
    },
    attention: {
      background: '#FFC5B2',
      foreground: {
        default: {
          default: '#ff252424',
          subtle: '#bf252424'
        },
        dark: {
          default: '#252424',
          subtle: '#bf252424'
        },
        light: {
          default: '#ffffff',
          subtle: '#fff3f2f1'
        },
        accent: {
          default: '#6264a7',
          subtle: '#8b8cc7'
        },
        good: {
          default: '#92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#f8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#c4314b',
          subtle: '#e5c4314b'
        }
      }
    },
    warning: {
      background: '#FFE2B2',
      foreground: {
        default: {
          default: '#ff252424',
          subtle: '#bf252424'
        },
        dark: {
          default: '#252424',
          subtle: '#bf252424'
        },
        light: {
          default: '#ffffff',
          subtle: '#fff3f2f1'
        },
        accent: {
          default: '#6264a7',
          subtle: '#8b8cc7'
        },
        good: {
          default: '#92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#f8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#c4314b',
          subtle: '#e5c4314b'
        }
      }
    }
  },
  dark: {
    default: {
      background: '#ff2d2c2c',
      foreground: {
        default: {
          default: '#ffffffff',
          subtle: '#bfffffff'
        },
        dark: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        light: {
          default: '#ffffffff',
          subtle: '#bfffffff'
        },
        accent: {
          default: '#ffa6a7dc',
          subtle: '#ff8b8cc7'
        },
        good: {
          default: '#ff92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#fff8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#ffd74654',
          subtle: '#e5d74654'
        }
      }
    },
    emphasis: {
      background: '#ff292828',
      foreground: {
        default: {
          default: '#ffffffff',
          subtle: '#bfffffff'
        },
        dark: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        light: {
          default: '#ffffffff',
          subtle: '#bfffffff'
        },
        accent: {
          default: '#ffa6a7dc',
          subtle: '#ff8b8cc7'
        },
        good: {
          default: '#ff92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#fff8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#ffd74654',
          subtle: '#e5d74654'
        }
      }
    },
    accent: {
      background: '#C7DEF9',
      foreground: {
        default: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        dark: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        light: {
          default: '#ffffffff',
          subtle: '#bfffffff'
        },
        accent: {
          default: '#ffa6a7dc',
          subtle: '#ff8b8cc7'
        },
        good: {
          default: '#ff92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#fff8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#ffd74654',
          subtle: '#e5d74654'
        }
      }
    },
    good: {
      background: '#CCFFCC',
      foreground: {
        default: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        dark: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        light: {
          default: '#ffffffff',
          subtle: '#bfffffff'
        },
        accent: {
          default: '#ffa6a7dc',
          subtle: '#ff8b8cc7'
        },
        good: {
          default: '#ff92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#fff8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#ffd74654',
          subtle: '#e5d74654'
        }
      }
    },
    attention: {
      background: '#FFC5B2',
      foreground: {
        default: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        dark: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        light: {
          default: '#ffffffff',
          subtle: '#bfffffff'
        },
        accent: {
          default: '#ffa6a7dc',
          subtle: '#ff8b8cc7'
        },
        good: {
          default: '#ff92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#fff8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#ffd74654',
          subtle: '#e5d74654'
        }
      }
    },
    warning: {
      background: '#FFE2B2',
      foreground: {
        default: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        dark: {
          default: '#ff201f1f',
          subtle: '#ff2d2c2c'
        },
        light: {
          default: '#ffffffff',
          subtle: '#bfffffff'
        },
        accent: {
          default: '#ffa6a7dc',
          subtle: '#ff8b8cc7'
        },
        good: {
          default: '#ff92c353',
          subtle: '#e592c353'
        },
        warning: {
          default: '#fff8d22a',
          subtle: '#e5f8d22a'
        },
        attention: {
          default: '#ffd74654',
          subtle: '#e5d74654'
        }
      }
    }
  }
};
