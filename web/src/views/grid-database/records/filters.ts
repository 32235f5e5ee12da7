/**
 * The records' filters: category, and the area (street › community › grid, from the user's own
 * grids; a street dispatcher's street is fixed). Every change calls back; the export links
 * follow the current filter.
 */
import type { GridCollection } from '../../../api.ts';
import { h } from '../../../dom.ts';
import { locale, t } from '../../../i18n/index.ts';
import { entityExportHref, type EntityFilter } from '../../../grid-database-api.ts';
import { categoryName, type GridDatabaseContext } from '../context.ts';

interface Option {
  code: string;
  name: string;
}

/** The distinct streets, communities or grids of a set of grids, in code order. */
function areas(grids: GridCollection, level: 'street' | 'community' | 'grid', within: string): Option[] {
  const seen = new Map<string, string>();
  for (const { properties: p } of grids.features) {
    if (!p.code.startsWith(within)) continue;
    if (level === 'street') seen.set(p.streetCode, p.streetName);
    else if (level === 'community') seen.set(p.communityCode, p.communityName);
    else seen.set(p.code, p.name);
  }
  return [...seen].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}

export class RecordFilters {
  readonly element = h('div', { class: 'filters gdb-filters', 'data-testid': 'record-filters' });
  private readonly state: Required<EntityFilter> = { category: '', street: '', community: '', grid: '' };
  /** The user's own area: fixed in the selects, not a choice. */
  private readonly own: string;

  constructor(
    private readonly context: GridDatabaseContext,
    private readonly onChange: () => void,
  ) {
    this.own = context.user.jurisdiction ?? '';
    if (this.own.length >= 9) this.state.street = this.own.slice(0, 9);
    if (this.own.length >= 12) this.state.community = this.own.slice(0, 12);
    if (this.own.length >= 15) this.state.grid = this.own;
    this.render();
  }

  /** The filter as GET /entities takes it: the narrowest area chosen. */
  query(): EntityFilter {
    const { category, street, community, grid } = this.state;
    return { category: category || undefined, ...(grid ? { grid } : community ? { community } : street ? { street } : {}) };
  }

  set(filter: EntityFilter): void {
    Object.assign(this.state, { category: '', street: '', community: '', grid: '' }, filter);
    this.render();
    this.onChange();
  }

  render(): void {
    const { grids, categories } = this.context;
    const select = (key: keyof EntityFilter, options: Option[], fixed: boolean, label: string) => {
      const control = h('select', { 'data-testid': `record-filter-${key}`, disabled: fixed },
        h('option', { value: '' }, t('filter.any')),
        options.map((o) => h('option', { value: o.code }, o.name)));
      control.value = this.state[key];
      control.addEventListener('change', () => {
        this.state[key] = control.value;
        // A wider area chosen again clears the narrower ones under it.
        if (key === 'street') Object.assign(this.state, { community: '', grid: '' });
        if (key === 'community') this.state.grid = '';
        this.render();
        this.onChange();
      });
      return h('label', { class: 'filter' }, label, control);
    };
    const lang = locale();
    this.element.replaceChildren(
      select('category', categories.map((c) => ({ code: c.code, name: `${c.code} ${categoryName(c, lang)}` })), false, t('gdb.records.category')),
      select('street', areas(grids, 'street', ''), this.own.length >= 9, t('filter.street')),
      select('community', this.state.street ? areas(grids, 'community', this.state.street) : [], this.own.length >= 12, t('filter.community')),
      select('grid', this.state.community ? areas(grids, 'grid', this.state.community) : [], this.own.length >= 15, t('filter.grid')),
      h('div', { class: 'filter gdb-export' }, t('gdb.records.export'),
        h('span', {},
          h('a', { href: entityExportHref(this.query(), 'csv'), download: 'entities.csv', 'data-testid': 'export-csv' }, 'CSV'),
          ' · ',
          h('a', { href: entityExportHref(this.query(), 'geojson'), download: 'entities.geojson', 'data-testid': 'export-geojson' }, 'GeoJSON'))),
    );
  }
}
