/** The recent imports (newest first): file, status, counts; a click opens one in the job panel. */
import { h } from '../../../dom.ts';
import { formatShortDateTime } from '../../../format.ts';
import { formatNumber, t } from '../../../i18n/index.ts';
import type { ImportJobView } from '../../../grid-database-api.ts';

export class RecentJobs {
  readonly element = h('section', { class: 'recent-jobs', 'data-testid': 'recent-imports' });
  private jobs: ImportJobView[] = [];
  private failed = false;

  constructor(private readonly onOpen: (id: number) => void) {}

  show(jobs: ImportJobView[]): void {
    this.jobs = jobs;
    this.failed = false;
    this.render();
  }

  setFailed(): void {
    this.failed = true;
    this.render();
  }

  render(): void {
    const rows = this.jobs.map((job) =>
      h('tr', { 'data-testid': 'recent-import', 'data-import-id': job.id, class: 'clickable', onclick: () => this.onOpen(job.id) },
        h('td', { class: 'num' }, job.id),
        h('td', {}, job.filename ?? '—'),
        h('td', {}, h('span', { class: `job-status status-${job.status}` }, t(`gdb.status.${job.status}`))),
        h('td', { class: 'num' }, formatNumber(job.counts.inserted + job.counts.updated)),
        h('td', { class: 'num' }, formatNumber(job.counts.rejected)),
        h('td', { class: 'nowrap' }, formatShortDateTime(job.createdAt))));
    this.element.replaceChildren(
      h('h2', { class: 'section-title' }, t('gdb.recent.heading')),
      this.failed ? h('p', { class: 'panel-error' }, t('gdb.recent.failed'))
        : rows.length === 0 ? h('p', { class: 'muted' }, t('gdb.recent.empty'))
          : h('table', { class: 'data-table' },
            h('thead', {}, h('tr', {}, ...(['id', 'file', 'status', 'written', 'rejected', 'created'] as const).map((k) => h('th', {}, t(`gdb.recent.${k}`))))),
            h('tbody', {}, rows)),
    );
  }
}
