/**
 * The side panel of one grid: where it sits (区 › 街道 › 社区 › 网格, each a link that zooms the
 * map), its size, its staff by role and the grid-database records in it by domain.
 */
import { ENTITY_DOMAINS, isStaffRole, STAFF_ROLES, type GridDetail } from '../../api.ts';
import { h } from '../../dom.ts';
import { formatNumber, locale, t } from '../../i18n/index.ts';

export type HierarchyLevel = 'district' | 'street' | 'community' | 'grid';

export interface GridPanelHandlers {
  onClose(): void;
  onZoomTo(level: HierarchyLevel, code: string): void;
}

type State = { kind: 'hidden' } | { kind: 'loading'; code: string } | { kind: 'error'; code: string } | { kind: 'shown'; grid: GridDetail };

export class GridPanel {
  readonly element: HTMLElement;
  private state: State = { kind: 'hidden' };

  constructor(private readonly handlers: GridPanelHandlers) {
    this.element = h('aside', { class: 'grid-panel', 'data-testid': 'grid-panel', 'aria-live': 'polite', hidden: true });
  }

  get isOpen(): boolean {
    return this.state.kind !== 'hidden';
  }

  /** The code of the grid shown or being loaded. */
  get code(): string | null {
    if (this.state.kind === 'hidden') return null;
    return this.state.kind === 'shown' ? this.state.grid.code : this.state.code;
  }

  showLoading(code: string): void {
    this.setState({ kind: 'loading', code });
  }

  show(grid: GridDetail): void {
    this.setState({ kind: 'shown', grid });
  }

  showError(code: string): void {
    this.setState({ kind: 'error', code });
  }

  hide(): void {
    this.setState({ kind: 'hidden' });
  }

  private setState(state: State): void {
    this.state = state;
    this.render();
  }

  /** Redraws from the current state (also after a language switch). */
  render(): void {
    const state = this.state;
    this.element.hidden = state.kind === 'hidden';
    this.element.dataset.state = state.kind;
    if (state.kind === 'hidden') {
      this.element.replaceChildren();
      return;
    }
    const close = h('button', { class: 'panel-close', type: 'button', title: t('panel.close'), 'aria-label': t('panel.close'), onclick: () => this.handlers.onClose() }, '×');
    if (state.kind !== 'shown') {
      const text = state.kind === 'loading' ? t('panel.loading') : t('panel.failed');
      this.element.replaceChildren(
        h('header', { class: 'panel-header' }, h('div', {}, h('div', { class: 'panel-eyebrow' }, t('level.grid')), h('h2', { class: 'panel-title', 'data-testid': 'grid-panel-title' }, state.code)), close),
        h('p', { class: `panel-message panel-${state.kind}` }, text),
      );
      return;
    }
    const grid = state.grid;
    this.element.replaceChildren(
      h(
        'header',
        { class: 'panel-header' },
        h(
          'div',
          {},
          h('div', { class: 'panel-eyebrow' }, t('level.grid'), h('span', { class: `kind-chip kind-${grid.kind}` }, t(`kind.${grid.kind}`))),
          h('h2', { class: 'panel-title', 'data-testid': 'grid-panel-title' }, grid.name),
          h('div', { class: 'panel-code' }, grid.code),
        ),
        close,
      ),
      this.hierarchy(grid),
      this.overview(grid),
      this.staff(grid),
      this.entities(grid),
      h('footer', { class: 'panel-footer' }, `${t('panel.version')} ${grid.version} · ${t('panel.validFrom')} ${new Date(grid.validFrom).toLocaleDateString(locale())}`),
    );
  }

  private hierarchy(grid: GridDetail): HTMLElement {
    const steps: [HierarchyLevel, { code: string; name: string }][] = [
      ['district', grid.district],
      ['street', grid.street],
      ['community', grid.community],
      ['grid', { code: grid.code, name: grid.name }],
    ];
    return h(
      'section',
      { class: 'panel-section' },
      h('h3', {}, t('panel.hierarchy')),
      h(
        'nav',
        { class: 'hierarchy', 'aria-label': t('panel.hierarchy') },
        h(
          'ol',
          {},
          steps.map(([level, item]) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'crumb',
                  'data-testid': `crumb-${level}`,
                  title: t('panel.zoomTo', { name: item.name }),
                  onclick: () => this.handlers.onZoomTo(level, item.code),
                },
                h('span', { class: 'crumb-level' }, t(`level.${level}`)),
                h('span', { class: 'crumb-name' }, item.name),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private overview(grid: GridDetail): HTMLElement {
    const metric = (label: string, value: string, unit: string) =>
      h('div', { class: 'metric' }, h('div', { class: 'metric-label' }, label), h('div', { class: 'metric-value' }, value, h('span', { class: 'metric-unit' }, unit)));
    return h(
      'section',
      { class: 'panel-section' },
      h('h3', {}, t('panel.overview')),
      h(
        'div',
        { class: 'metrics' },
        metric(t('panel.households'), formatNumber(grid.households), t('panel.householdsUnit')),
        metric(t('panel.population'), formatNumber(grid.population), t('panel.populationUnit')),
        metric(t('panel.area'), formatNumber(grid.areaKm2, 2), t('unit.km2')),
      ),
    );
  }

  private staff(grid: GridDetail): HTMLElement {
    const order = new Map<string, number>(STAFF_ROLES.map((role, i) => [role, i]));
    const staff = [...grid.staff].sort((a, b) => (order.get(a.role) ?? 99) - (order.get(b.role) ?? 99));
    return h(
      'section',
      { class: 'panel-section' },
      h('h3', {}, t('panel.staff'), h('span', { class: 'section-count' }, staff.length)),
      staff.length
        ? h(
            'ul',
            { class: 'staff-list', 'data-testid': 'grid-staff' },
            staff.map((person) =>
              h(
                'li',
                { class: 'staff', 'data-role': person.role },
                h('span', { class: `staff-role role-${person.role}` }, isStaffRole(person.role) ? t(`role.${person.role}`) : person.role),
                h('span', { class: 'staff-name' }, person.name),
                person.phone ? h('a', { class: 'staff-phone', href: `tel:${person.phone}` }, person.phone) : h('span', { class: 'staff-phone' }),
              ),
            ),
          )
        : h('p', { class: 'panel-message' }, t('panel.staffNone')),
    );
  }

  private entities(grid: GridDetail): HTMLElement {
    const counts = ENTITY_DOMAINS.map((domain) => [domain, grid.stats.entities.byDomain[domain] ?? 0] as const);
    const max = Math.max(1, ...counts.map(([, n]) => n));
    return h(
      'section',
      { class: 'panel-section' },
      h('h3', {}, t('panel.entities'), h('span', { class: 'section-count' }, `${t('panel.entitiesTotal')} ${formatNumber(grid.stats.entities.total)}`)),
      h(
        'ul',
        { class: 'domain-list', 'data-testid': 'grid-entities' },
        counts.map(([domain, n]) =>
          h(
            'li',
            { class: 'domain', 'data-domain': domain },
            h('span', { class: 'domain-label' }, t(`domain.${domain}`)),
            h('span', { class: 'domain-bar' }, h('span', { class: `domain-fill domain-${domain}`, style: `width:${((n / max) * 100).toFixed(1)}%` })),
            h('span', { class: 'domain-count' }, formatNumber(n)),
          ),
        ),
      ),
    );
  }
}
