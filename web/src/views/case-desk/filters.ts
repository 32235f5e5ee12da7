/**
 * The queue's filters: ticket, status, level, source, category (class and matter), area
 * (street › community › grid, from the user's own grids), traffic lights, overdue, time range,
 * sort. Every change calls back with the new query; the chosen area also scopes the KPI strip,
 * which shows the user's whole jurisdiction when no narrower area is chosen.
 */
import type { GridCollection } from '../../api.ts';
import type { SessionUser } from '../../auth-api.ts';
import type { CaseFilter, IncidentReferenceView, KpiLevel, Light } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { label, t } from '../../i18n/index.ts';

const LIGHTS: Light[] = ['green', 'yellow', 'red'];

interface State {
  ticket: string;
  status: string; // 'open' | 'all' | a status
  level: string;
  source: string;
  major: string;
  matter: string;
  street: string;
  community: string;
  grid: string;
  lights: Light[];
  overdue: boolean;
  from: string;
  to: string;
  sort: 'created' | 'due';
}

export interface Area {
  level: KpiLevel;
  code: string | undefined;
  name: string | undefined;
}

const LEVEL_OF_LENGTH: Record<number, KpiLevel> = { 6: 'district', 9: 'street', 12: 'community', 15: 'grid' };

/** The user's jurisdiction as an area: a street dispatcher's street, a grid worker's grid, else the district. */
export function homeArea(user: Pick<SessionUser, 'jurisdiction' | 'jurisdictionName'>): Area {
  const level = user.jurisdiction ? LEVEL_OF_LENGTH[user.jurisdiction.length] : undefined;
  if (!level || level === 'district') return { level: 'district', code: undefined, name: undefined };
  return { level, code: user.jurisdiction!, name: user.jurisdictionName ?? undefined };
}

/** No filter, but the area locked to the home area's street, community and grid as far as it reaches. */
const initial = (home: Area): State => {
  const code = home.code ?? '';
  return {
    ticket: '', status: 'open', level: '', source: '', major: '', matter: '',
    street: code.length >= 9 ? code.slice(0, 9) : '', community: code.length >= 12 ? code.slice(0, 12) : '', grid: code.length >= 15 ? code : '',
    lights: [], overdue: false, from: '', to: '', sort: 'created',
  };
};

/** The day after a YYYY-MM-DD date: the list's `to` is exclusive, the user's "to" date is not. */
function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export class FilterBar {
  readonly element = h('form', { class: 'filters', 'data-testid': 'filters', onsubmit: (e: Event) => e.preventDefault() });
  private state: State;
  private readonly streets: { code: string; name: string }[];

  constructor(
    private readonly reference: IncidentReferenceView,
    /** The grids of the user's jurisdiction. */
    private readonly grids: GridCollection,
    private readonly home: Area,
    private readonly onChange: (filter: CaseFilter) => void,
  ) {
    this.state = initial(home);
    const streets = new Map(grids.features.map((f) => [f.properties.streetCode, f.properties.streetName]));
    this.streets = [...streets].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
    this.render();
  }

  /** The list query of the current filters. */
  query(): CaseFilter {
    const s = this.state;
    return {
      ticket: s.ticket.trim() || undefined,
      open: s.status === 'open' ? 'true' : undefined,
      status: s.status !== 'open' && s.status !== 'all' ? s.status : undefined,
      level: s.level || undefined,
      source: s.source || undefined,
      category: s.matter || s.major || undefined,
      street: s.grid || s.community ? undefined : s.street || undefined,
      community: s.grid ? undefined : s.community || undefined,
      grid: s.grid || undefined,
      light: s.lights.length ? s.lights.join(',') : undefined,
      overdue: s.overdue ? 'true' : undefined,
      from: s.from || undefined,
      to: s.to ? nextDay(s.to) : undefined,
      sort: s.sort,
    };
  }

  /** The narrowest area chosen (the user's jurisdiction when none). */
  area(): Area {
    const s = this.state;
    const grid = s.grid && this.grids.features.find((f) => f.properties.code === s.grid);
    if (grid) return { level: 'grid', code: s.grid, name: grid.properties.name };
    const inCommunity = s.community && this.grids.features.find((f) => f.properties.communityCode === s.community);
    if (inCommunity) return { level: 'community', code: s.community, name: inCommunity.properties.communityName };
    const street = s.street && this.streets.find((x) => x.code === s.street);
    if (street) return { level: 'street', code: street.code, name: street.name };
    return this.home;
  }

  private set(change: Partial<State>): void {
    this.state = { ...this.state, ...change };
    this.render();
    this.onChange(this.query());
  }

  render(): void {
    const s = this.state;
    const opt = (value: string, text: string, selected: string) => h('option', { value, selected: value === selected }, text);
    const select = (id: string, title: string, value: string, options: HTMLOptionElement[], onchange: (v: string) => void, locked = false) =>
      h('label', { class: 'filter' }, h('span', {}, title),
        h('select', { 'data-testid': `filter-${id}`, disabled: locked, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value) }, options));
    // A street dispatcher's street (a grid worker's grid, …) is not a filter: it is all they see.
    const homeLength = this.home.code?.length ?? 0;
    const any = (value: string) => opt('', t('filter.any'), value);

    const majors = new Map(this.reference.categories.map((c) => [c.majorCode, c.majorName]));
    const matters = s.major ? this.reference.categories.filter((c) => c.majorCode === s.major) : [];
    const communities = new Map<string, string>();
    const grids: { code: string; name: string }[] = [];
    for (const { properties: p } of this.grids.features) {
      if (s.street && p.streetCode === s.street) communities.set(p.communityCode, p.communityName);
      if (s.community && p.communityCode === s.community) grids.push({ code: p.code, name: p.name });
    }
    grids.sort((a, b) => a.code.localeCompare(b.code));

    this.element.replaceChildren(
      h('label', { class: 'filter filter-ticket' }, h('span', {}, t('filter.ticket')),
        h('input', { type: 'search', value: s.ticket, placeholder: 'PK…', 'data-testid': 'filter-ticket', onchange: (e: Event) => this.set({ ticket: (e.target as HTMLInputElement).value }) })),
      select('status', t('filter.status'), s.status, [
        opt('open', t('filter.statusOpen'), s.status), opt('all', t('filter.statusAll'), s.status),
        ...this.reference.statuses.map((v) => opt(v, label(`status.${v}`, v), s.status)),
      ], (status) => this.set({ status })),
      select('level', t('filter.level'), s.level, [any(s.level), ...this.reference.levels.map((v) => opt(v, t(`caseLevel.${v}`), s.level))], (level) => this.set({ level })),
      select('source', t('filter.source'), s.source, [any(s.source), ...this.reference.sources.map((v) => opt(v, t(`source.${v}`), s.source))], (source) => this.set({ source })),
      select('category', t('filter.category'), s.major, [any(s.major), ...[...majors].map(([code, name]) => opt(code, name, s.major))], (major) => this.set({ major, matter: '' })),
      select('matter', t('filter.matter'), s.matter, [any(s.matter), ...matters.map((c) => opt(c.code, c.name, s.matter))], (matter) => this.set({ matter })),
      select('street', t('filter.street'), s.street, [any(s.street), ...this.streets.map((x) => opt(x.code, x.name, s.street))], (street) => this.set({ street, community: '', grid: '' }), homeLength >= 9),
      select('community', t('filter.community'), s.community, [any(s.community), ...[...communities].map(([code, name]) => opt(code, name, s.community))], (community) => this.set({ community, grid: '' }), homeLength >= 12),
      select('grid', t('filter.grid'), s.grid, [any(s.grid), ...grids.map((g) => opt(g.code, g.name, s.grid))], (grid) => this.set({ grid }), homeLength >= 15),
      h('label', { class: 'filter' }, h('span', {}, t('filter.from')),
        h('input', { type: 'date', value: s.from, 'data-testid': 'filter-from', onchange: (e: Event) => this.set({ from: (e.target as HTMLInputElement).value }) })),
      h('label', { class: 'filter' }, h('span', {}, t('filter.to')),
        h('input', { type: 'date', value: s.to, 'data-testid': 'filter-to', onchange: (e: Event) => this.set({ to: (e.target as HTMLInputElement).value }) })),
      select('sort', t('filter.sort'), s.sort, [opt('created', t('filter.sortCreated'), s.sort), opt('due', t('filter.sortDue'), s.sort)],
        (sort) => this.set({ sort: sort === 'due' ? 'due' : 'created' })),
      h('fieldset', { class: 'filter filter-lights' }, h('legend', {}, t('filter.lights')),
        ...LIGHTS.map((light) => {
          const on = s.lights.includes(light);
          return h('button', {
            type: 'button', class: `light-chip tone-${light}`, 'aria-pressed': on ? 'true' : 'false', 'data-testid': `filter-light-${light}`,
            onclick: () => this.set({ lights: on ? s.lights.filter((l) => l !== light) : [...s.lights, light] }),
          }, h('span', { class: `case-dot tone-${light}` }), t(`light.${light}`));
        }),
        h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: s.overdue, 'data-testid': 'filter-overdue', onchange: (e: Event) => this.set({ overdue: (e.target as HTMLInputElement).checked }) }), t('filter.overdue')),
        h('button', { type: 'button', class: 'filter-reset', 'data-testid': 'filter-reset', onclick: () => this.set(initial(this.home)) }, t('filter.reset'))),
    );
  }
}
