/**
 * The Adaptive Card JSON this bot sends, as TypeScript types: one union member per element and action, told
 * apart by `type`, with only the properties the Adaptive Cards 1.5 schema (and Teams' chart elements) give it.
 * An object literal with a misspelt or misplaced property (`wrapp`, `items` on a ColumnSet, a `fallback` on an
 * action) is a compile error, and so is a TextBlock that does not wrap (docs/card-design.md). Property names
 * follow the schema at adaptivecards.io/explorer and, for charts, Teams' "Charts in Adaptive Cards" page.
 */

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
export type TextColour = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';

/** What every element may carry. `fallback` is what a host that does not know the element shows instead. */
type ElementBase = {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
  isVisible?: boolean;
  fallback?: CardElement | 'drop';
};

/** Every TextBlock wraps: Teams mobile has no horizontal scrolling and cuts unwrapped text with an ellipsis. */
export type TextBlock = ElementBase & {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  color?: TextColour;
  isSubtle?: boolean;
  horizontalAlignment?: 'Left' | 'Center' | 'Right';
  maxLines?: number;
  style?: 'default' | 'heading';
};

export type Container = ElementBase & {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
  verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
};

export type Column = Omit<ElementBase, 'fallback'> & {
  type: 'Column';
  items: CardElement[];
  width?: 'auto' | 'stretch' | number | `${number}px`;
  style?: ContainerStyle;
  verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
};

export type ColumnSet = ElementBase & { type: 'ColumnSet'; columns: Column[]; style?: ContainerStyle };

export type Fact = { title: string; value: string };
export type FactSet = ElementBase & { type: 'FactSet'; facts: Fact[] };

type InputBase = ElementBase & {
  id: string;
  /** Every input carries its own label, which stays next to it when columns stack at phone width. */
  label: string;
  isRequired?: boolean;
  errorMessage?: string;
};

export type Choice = { title: string; value: string };

export type InputText = InputBase & {
  type: 'Input.Text';
  value?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
  style?: 'text' | 'tel' | 'url' | 'email';
};

export type InputChoiceSet = InputBase & {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  style: 'compact' | 'expanded' | 'filtered';
  isMultiSelect: boolean;
  wrap: true;
  value?: string;
  placeholder?: string;
};

/** A toggle's label is its `title`, the text beside the tick box. */
export type InputToggle = Omit<InputBase, 'label'> & {
  type: 'Input.Toggle';
  title: string;
  value: 'true' | 'false';
  valueOn: 'true';
  valueOff: 'false';
  wrap: true;
};

export type InputNumber = InputBase & { type: 'Input.Number'; value?: number; min?: number; max?: number; placeholder?: string };
export type InputDate = InputBase & { type: 'Input.Date'; value?: string; min?: string; max?: string };
export type InputTime = InputBase & { type: 'Input.Time'; value?: string; min?: string; max?: string };

export type ActionSet = ElementBase & { type: 'ActionSet'; actions: CardAction[] };

/**
 * Teams' chart elements. Hosts without them (the official renderer, older Teams clients, Outlook) show the
 * `fallback`, which the builders in cardKit.ts make required. Colours are Teams' chart colour names.
 */
export type ChartColour =
  | 'good'
  | 'warning'
  | 'attention'
  | 'neutral'
  | 'categoricalBlue'
  | 'categoricalLightBlue'
  | 'categoricalTeal'
  | 'categoricalGreen'
  | 'categoricalMarigold'
  | 'categoricalPurple';

type ChartBase = Omit<ElementBase, 'fallback'> & { title?: string; fallback: CardElement };

export type LineChart = ChartBase & {
  type: 'Chart.Line';
  data: { legend?: string; color?: ChartColour; values: { x: string | number; y: number }[] }[];
};

export type DonutChart = ChartBase & { type: 'Chart.Donut'; data: { legend: string; value: number; color?: ChartColour }[] };

export type GaugeChart = ChartBase & {
  type: 'Chart.Gauge';
  value: number;
  min?: number;
  max?: number;
  valueFormat?: 'Percentage' | 'Fraction';
  subLabel?: string;
  showLegend?: boolean;
  showMinMax?: boolean;
  segments: GaugeSegment[];
};

export type GaugeSegment = { legend: string; size: number; color?: ChartColour };

export type Chart = LineChart | DonutChart | GaugeChart;

export type CardElement =
  | TextBlock
  | Container
  | ColumnSet
  | FactSet
  | InputText
  | InputChoiceSet
  | InputToggle
  | InputNumber
  | InputDate
  | InputTime
  | ActionSet
  | Chart;

type ActionBase = { title: string; id?: string; style?: 'default' | 'positive' | 'destructive'; tooltip?: string };

export type SubmitAction = ActionBase & {
  type: 'Action.Submit';
  data: Record<string, unknown>;
  /** `none` lets Back, Help and Cancel through while a required input is still empty. */
  associatedInputs?: 'auto' | 'none';
};

export type ShowCardAction = ActionBase & { type: 'Action.ShowCard'; card: AdaptiveCard };
export type OpenUrlAction = ActionBase & { type: 'Action.OpenUrl'; url: string };

export type CardAction = SubmitAction | ShowCardAction | OpenUrlAction;

export type AdaptiveCard = {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width: 'Full' };
};
