/**
 * The panel of one case: what, where, when and by whom; its photos and departments; the actions
 * the signed-in user may take; the timeline; the thread with the citizen (for case handlers:
 * an analyst reads the case, with the reporter masked by the server, and nothing more).
 */
import { CASE_HANDLERS } from '../../../../api/auth/roles.ts';
import type { SessionUser } from '../../auth-api.ts';
import type { CaseView } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { formatNumber, label, t } from '../../i18n/index.ts';
import { formatDateTime, timeLeft } from '../../format.ts';
import { caseTone } from '../../map/layers/cases.ts';
import { ActionPanel, type ActionPanelHandlers } from './action-panel.ts';
import { MessageThread } from './messages.ts';
import { timeline } from './timeline.ts';

type State = { kind: 'hidden' } | { kind: 'loading'; id: number } | { kind: 'error'; id: number } | { kind: 'shown'; detail: CaseView };

export class CaseDetail {
  readonly element = h('aside', { class: 'case-panel', 'data-testid': 'case-panel', 'aria-live': 'polite', hidden: true });
  private state: State = { kind: 'hidden' };
  private readonly handler: boolean;
  private readonly actions: ActionPanel;
  private readonly messages = new MessageThread();
  private readonly departmentNames: Map<string, string>;

  constructor(
    departments: { code: string; name: string }[],
    private readonly user: SessionUser,
    private readonly handlers: ActionPanelHandlers & { onClose(): void },
  ) {
    this.handler = CASE_HANDLERS.includes(user.role);
    this.departmentNames = new Map(departments.map((d) => [d.code, d.name]));
    this.actions = new ActionPanel(departments, handlers);
  }

  get shownId(): number | null {
    return this.state.kind === 'hidden' ? null : this.state.kind === 'shown' ? this.state.detail.id : this.state.id;
  }

  /** The case shown, once loaded. */
  get shown(): CaseView | null {
    return this.state.kind === 'shown' ? this.state.detail : null;
  }

  get isOpen(): boolean {
    return this.state.kind !== 'hidden';
  }

  loading(id: number): void {
    const same = this.shownId === id && this.state.kind === 'shown';
    if (!same) this.setState({ kind: 'loading', id });
  }

  show(detail: CaseView): void {
    const newCase = this.shownId !== detail.id || this.state.kind !== 'shown';
    this.setState({ kind: 'shown', detail });
    if (newCase && this.handler) void this.messages.load(detail.id);
  }

  failed(id: number): void {
    this.setState({ kind: 'error', id });
  }

  hide(): void {
    this.setState({ kind: 'hidden' });
  }

  private setState(state: State): void {
    this.state = state;
    this.render();
  }

  render(): void {
    const state = this.state;
    this.element.hidden = state.kind === 'hidden';
    this.element.dataset.state = state.kind;
    if (state.kind === 'hidden') return this.element.replaceChildren();
    const close = h('button', { class: 'panel-close', type: 'button', title: t('detail.close'), 'aria-label': t('detail.close'), 'data-testid': 'case-close', onclick: () => this.handlers.onClose() }, '×');
    if (state.kind !== 'shown') {
      this.element.replaceChildren(
        h('header', { class: 'panel-header' }, h('h2', { class: 'panel-title' }, `#${state.id}`), close),
        h('p', { class: `panel-message panel-${state.kind}` }, t(state.kind === 'loading' ? 'detail.loading' : 'detail.failed')),
      );
      return;
    }
    const d = state.detail;
    this.actions.show(d, this.user);
    if (this.handler) this.messages.render();
    const tone = caseTone(d);
    this.element.dataset.status = d.status;
    this.element.replaceChildren(
      h('header', { class: 'panel-header' },
        h('div', {},
          h('div', { class: 'panel-eyebrow' }, d.category.majorName ?? d.category.majorCode,
            h('span', { class: `status-chip status-${d.status}`, 'data-testid': 'case-status' }, label(`status.${d.status}`, d.status)),
            d.priority === 'urgent' ? h('span', { class: 'urgent-chip' }, t('priority.urgent')) : ''),
          h('h2', { class: 'panel-title', 'data-testid': 'case-title' }, d.category.name ?? d.category.code),
          h('div', { class: 'panel-code', 'data-testid': 'case-ticket' }, `${d.ticket} · #${d.id} · ${t('detail.version', { version: d.version })}`),
          d.light || d.status === 'suspended'
            ? h('div', { class: `light-line tone-${tone}`, 'data-testid': 'case-light' }, h('span', { class: `case-dot tone-${tone}` }),
              d.light ? `${t(`light.${d.light}`)} · ${timeLeft(d.dueAt)}` : t('status.suspended'))
            : ''),
        close),
      this.handler ? this.actions.element : h('section', { class: 'panel-section' }, h('p', { class: 'read-only', 'data-testid': 'case-read-only' }, t('auth.readOnly'))),
      this.info(d),
      this.photos(d),
      this.departments(d),
      timeline(d, (code) => this.departmentNames.get(code) ?? code),
      this.handler ? this.messages.element : '',
    );
  }

  private info(d: CaseView): HTMLElement {
    const row = (name: string, ...value: (Node | string)[]) => [h('dt', {}, name), h('dd', {}, ...value)];
    const limit = d.timeLimit;
    return h('section', { class: 'panel-section' },
      h('h3', {}, t('detail.info')),
      h('dl', { class: 'facts' },
        row(t('detail.description'), h('span', { 'data-testid': 'case-description' }, d.description)),
        row(t('detail.place'), `${d.street.name ?? d.street.code} › ${d.community.name ?? d.community.code} › `, h('span', { 'data-testid': 'case-grid', 'data-code': d.grid.code }, d.grid.name ?? d.grid.code)),
        d.address ? row(t('detail.address'), d.address) : [],
        row(t('detail.source'), t(`source.${d.source}`)),
        row(t('detail.level'), t(`caseLevel.${d.level}`), ' · ', t(`priority.${d.priority}`)),
        row(t('detail.reporter'), h('span', { 'data-testid': 'case-reporter' }, [d.reporter.by, d.reporter.name, d.reporter.phone].filter(Boolean).join(' · '))),
        d.publicLink ? row(t('auth.publicLink'), h('a', { href: d.publicLink, target: '_blank', rel: 'noopener', 'data-testid': 'case-public-link' }, d.ticket)) : [],
        row(t('detail.created'), formatDateTime(d.createdAt)),
        d.registeredAt ? row(t('detail.registered'), formatDateTime(d.registeredAt)) : [],
        limit ? row(t('detail.due'), `${formatDateTime(limit.dueAt)} (${t('detail.limit', { amount: formatNumber(limit.amount, 1), unit: t(`unit.${limit.unit}`) })})`, limit.paused ? t('detail.paused') : '') : [],
        d.assignee ? row(t('detail.assignee'), d.assignee) : [],
        d.closedAt ? row(t('detail.closed'), `${formatDateTime(d.closedAt)} · ${t(d.closedOnTime ? 'detail.onTime' : 'detail.late')}`) : [],
        d.rating ? row(t('detail.rating'), `${'★'.repeat(d.rating.score)}${'☆'.repeat(5 - d.rating.score)} ${d.rating.comment ?? ''}`) : [],
      ),
    );
  }

  private photos(d: CaseView): HTMLElement | string {
    if (!d.photos.length) return '';
    return h('section', { class: 'panel-section' },
      h('h3', {}, t('detail.photos'), h('span', { class: 'section-count' }, d.photos.length)),
      h('div', { class: 'photos', 'data-testid': 'case-photos' }, d.photos.map((p) =>
        h('a', { href: p.url, target: '_blank', rel: 'noopener', class: 'photo' },
          h('img', { src: p.url, alt: `${t('detail.photos')} ${p.id}`, loading: 'lazy' }),
          h('span', { class: 'photo-stage' }, t(p.stage === 'report' ? 'detail.photoReport' : 'detail.photoFeedback'))))));
  }

  private departments(d: CaseView): HTMLElement | string {
    if (!d.departments.length) return '';
    return h('section', { class: 'panel-section' },
      h('h3', {}, t('detail.departments'), h('span', { class: 'section-count' }, d.departments.length)),
      h('ul', { class: 'department-list', 'data-testid': 'case-departments' }, d.departments.map((dep) =>
        h('li', { 'data-code': dep.code }, h('span', {}, dep.name ?? dep.code),
          h('span', { class: `dep-status dep-${dep.status}` }, t(`departmentStatus.${dep.status}`))))));
  }
}
