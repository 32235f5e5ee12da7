import { describe, expect, it } from 'vitest';
import { countScale, binColor, emergingLegend } from './scales.ts';
import { DEFAULT_STATE, readState, writeState, type ViewState } from './state.ts';
import { lastWeeks, weekStart } from './weeks.ts';

describe('view state in the query string', () => {
  it('reads back what it wrote', () => {
    const state: ViewState = { mode: 'hotspots', res: 8, area: '320111001', category: '06', source: 'citizen_app', week: '2026-11-23', by: 'category', center: [118.62514, 32.05871], zoom: 11.5 };
    expect(readState(writeState(state))).toEqual(state);
    expect(readState(writeState(DEFAULT_STATE))).toEqual(DEFAULT_STATE);
  });

  it('falls back to the defaults for values it does not know', () => {
    const state = readState('?mode=pie&res=12&area=abc&category=6&source=fax&week=last&center=1,x&zoom=y');
    expect(state).toEqual(DEFAULT_STATE);
  });
});

describe('weeks', () => {
  it('start on Monday 00:00 in Beijing', () => {
    // Sunday 2026-11-29 23:30 in Beijing; Monday 00:30 is a new week.
    expect(weekStart(new Date('2026-11-29T15:30:00Z')).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(weekStart(new Date('2026-11-29T16:30:00Z')).toISOString()).toBe('2026-11-29T16:00:00.000Z');
    const weeks = lastWeeks(new Date('2026-12-05T00:00:00Z'), 52);
    expect(weeks).toHaveLength(52);
    expect(weeks[51].id).toBe('2026-11-30');
    expect(weeks[0].id).toBe('2025-12-08');
    for (let i = 1; i < weeks.length; i++) expect(weeks[i].start.getTime()).toBe(weeks[i - 1].end.getTime());
  });
});

describe('colour scales', () => {
  it('are fixed per resolution, one class per legend entry', () => {
    const scale = countScale(9);
    const legend = scale.legend();
    expect(legend.map((e) => e.label)).toEqual(['1', '2', '3–4', '5–7', '8–11', '≥ 12']);
    expect([1, 2, 4, 7, 11, 100].map(scale.color)).toEqual(legend.map((e) => e.color));
    expect(countScale(7).legend()[5].label).toBe('≥ 150');
  });

  it('colour hot bins red, cold blue, and name 17 emerging categories apart', () => {
    expect(binColor(3)).not.toBe(binColor(-3));
    expect(new Set([-3, -2, -1, 0, 1, 2, 3].map(binColor)).size).toBe(7);
    expect(new Set(emergingLegend().map((e) => e.color)).size).toBe(17);
  });
});
