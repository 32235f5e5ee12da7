/** The view's controls: map mode, resolution, and the filters (area, major class, source). */
import { SOURCES, type Source } from '../../../../api/incidents/model.ts';
import { h } from '../../dom.ts';
import { label, t } from '../../i18n/index.ts';
import type { Resolution } from '../../analytics-api.ts';
import { MODES, RESOLUTIONS, type Mode, type ViewState } from './state.ts';

export interface FilterChoices {
  /** Areas the user may pick: its jurisdiction first, then the streets inside it. */
  areas: { code: string; name: string }[];
  /** Major classes (2-digit code and name). */
  categories: { code: string; name: string }[];
}

export class FilterBar {
  readonly element = h('section', { class: 'analytics-filters', 'data-testid': 'analytics-filters' });

  constructor(
    private readonly choices: FilterChoices,
    private readonly onChange: (change: Partial<ViewState>) => void,
  ) {}

  render(state: ViewState): void {
    const select = (testid: string, labelText: string, value: string, options: [string, string][], change: (v: string) => void) =>
      h('label', { class: 'analytics-field' }, h('span', {}, labelText),
        h('select', { 'data-testid': testid, onchange: (e: Event) => change((e.target as HTMLSelectElement).value) },
          options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
    const modes = h('div', { class: 'mode-switch', role: 'radiogroup', 'aria-label': t('analytics.mode') },
      MODES.map((mode: Mode) => h('button', {
        type: 'button', role: 'radio', class: 'mode-button', 'data-testid': `mode-${mode}`,
        'aria-checked': mode === state.mode ? 'true' : 'false',
        onclick: () => this.onChange({ mode }),
      }, t(`analytics.mode.${mode}`))));
    this.element.replaceChildren(
      modes,
      select('filter-res', t('analytics.res'), String(state.res), RESOLUTIONS.map((r) => [String(r), t('analytics.resOption', { res: r })]),
        (v) => this.onChange({ res: Number(v) as Resolution })),
      select('filter-area', t('analytics.area'), state.area ?? '', [['', t('analytics.ownArea')], ...this.choices.areas.map((a): [string, string] => [a.code, a.name])],
        (v) => this.onChange({ area: v || null })),
      select('filter-category', t('analytics.category'), state.category ?? '', [['', t('analytics.all')], ...this.choices.categories.map((c): [string, string] => [c.code, `${c.code} ${c.name}`])],
        (v) => this.onChange({ category: v || null })),
      select('filter-source', t('analytics.source'), state.source ?? '', [['', t('analytics.all')], ...SOURCES.map((s): [string, string] => [s, label(`source.${s}`, s)])],
        (v) => this.onChange({ source: (v || null) as Source | null })),
    );
  }
}
