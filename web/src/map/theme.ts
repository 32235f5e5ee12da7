/**
 * Colours and zoom breakpoints of the network map, in one place. At the whole-district view
 * (zoom ≈ 9.5–10) streets carry the picture; communities come in at mid zoom and grids at 12.
 */
export const ZOOM = {
  /** Street fills fade out between these zooms, making room for grid fills. */
  streetFillFadeStart: 11,
  streetFillFadeEnd: 12.2,
  /** Community outlines appear. */
  communityMin: 10.5,
  /** Grid fills and outlines appear. */
  gridMin: 12,
  /** Label bands (a label also waits until its area is wide enough on screen). */
  streetLabelMax: 11.5,
  communityLabelMin: 11.5,
  communityLabelMax: 13.5,
  gridLabelMin: 13.5,
} as const;

export const COLORS = {
  background: '#e9edf1',
  districtOutline: '#12335b',
  streetOutline: '#ffffff',
  communityOutline: '#3d5a80',
  gridOutline: '#4a5d73',
  gridHover: '#f2a900',
  gridSelected: '#d9480f',
  urban: '#5b8ec9',
  rural: '#8cbf7a',
  /** Household classes, light to dark; the breaks come from the data (quantiles). */
  households: ['#eef4fb', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'],
} as const;

/** Number of household classes when colouring grids by households. */
export const HOUSEHOLD_CLASSES = 6;

/** Muted categorical colours for the streets (15 streets and special zones in Pukou). */
export const STREET_PALETTE = [
  '#8fb8de', '#f2c57c', '#a8d5a2', '#e8a2a8', '#b9a7d6', '#f5d491', '#9fd3cf', '#d9b48f',
  '#c4d6a0', '#e3b5d1', '#a3c4e0', '#f0b899', '#b7d3b0', '#cdb8e0', '#d7cf9a', '#9ec5b8',
] as const;

/** CJK-capable font stack for deck.gl labels (drawn with local fonts, nothing fetched). */
export const LABEL_FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif';

/** Case points on the desk map: the traffic light of the time limit, or the stage when no clock runs. */
export const CASE_COLORS = {
  green: '#2f9e44',
  yellow: '#f59f00',
  red: '#e03131',
  /** Reported or verified: waiting for the dispatcher, no clock yet. */
  awaiting: '#1c7ed6',
  suspended: '#7950f2',
  finished: '#868e96',
  selected: '#12335b',
} as const;
