/**
 * One import job: its status, the progress while the file is read (bytes and rows), the final
 * counts, the first rejected rows with their line numbers and reasons, and the link to all of
 * them as CSV.
 */
import { h } from '../../../dom.ts';
import { formatDateTime } from '../../../format.ts';
import { formatNumber, t } from '../../../i18n/index.ts';
import type { ImportCounts, ImportJobView } from '../../../grid-database-api.ts';

const COUNTS = ['read', 'inserted', 'updated', 'unchanged', 'rejected', 'outsideGrid'] as const satisfies readonly (keyof ImportCounts)[];

/** 1.2 MB, 830 kB, 512 B. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${formatNumber(bytes / 1024 / 1024, 1)} MB`;
  if (bytes >= 1024) return `${formatNumber(bytes / 1024, 1)} kB`;
  return `${formatNumber(bytes)} B`;
}

export const isFinished = (job: Pick<ImportJobView, 'status'>) => job.status === 'done' || job.status === 'failed';

export class JobPanel {
  readonly element = h('section', { class: 'job-panel', 'data-testid': 'import-job', hidden: true });
  private job: ImportJobView | undefined;

  show(job: ImportJobView): void {
    this.job = job;
    this.render();
  }

  render(): void {
    const job = this.job;
    this.element.hidden = !job;
    if (!job) return;
    Object.assign(this.element.dataset, { status: job.status, importId: String(job.id) });
    const { progress } = job;
    const fraction = progress.fraction ?? (isFinished(job) ? 1 : null);
    const bytes = progress.bytesTotal ? `${formatBytes(progress.bytesRead)} / ${formatBytes(progress.bytesTotal)}` : formatBytes(progress.bytesRead);
    const parts: (HTMLElement | null)[] = [
      h('header', { class: 'job-head' },
        h('h2', { class: 'section-title' }, t('gdb.job.heading', { id: job.id }), job.filename ? h('span', { class: 'muted' }, ` · ${job.filename}`) : null),
        h('span', { class: `job-status status-${job.status}`, 'data-testid': 'import-status' }, t(`gdb.status.${job.status}`))),
      h('div', { class: 'job-progress' },
        h('progress', { max: 1, value: fraction ?? undefined, 'data-testid': 'import-progress' }),
        h('span', { 'data-testid': 'import-progress-text' },
          t('gdb.job.progress', { bytes, rows: formatNumber(job.counts.read), rate: formatNumber(progress.rowsPerSecond) }),
          progress.etaSeconds !== null ? ` · ${t('gdb.job.eta', { seconds: progress.etaSeconds })}` : '')),
      h('p', { class: 'muted small' },
        t('gdb.job.settings', { format: job.format.toUpperCase(), encoding: job.detectedEncoding ?? job.encoding, srid: job.srid, category: job.category ?? '—' }),
        job.finishedAt ? ` · ${t('gdb.job.finished', { at: formatDateTime(job.finishedAt) })}` : ''),
      job.error ? h('p', { class: 'form-error', 'data-testid': 'import-error' }, job.error) : null,
      h('dl', { class: 'job-counts' }, COUNTS.flatMap((key) => [
        h('dt', {}, t(`gdb.count.${key}`)),
        h('dd', { 'data-testid': `import-count-${key}` }, formatNumber(job.counts[key])),
      ])),
      this.rejections(job),
    ];
    this.element.replaceChildren(...parts.filter((part) => part !== null));
  }

  private rejections(job: ImportJobView): HTMLElement | null {
    if (!isFinished(job) || job.rejections.count === 0) return null;
    const { first, count } = job.rejections;
    return h('section', { class: 'job-rejections', 'data-testid': 'import-rejections' },
      h('h3', {}, t('gdb.job.rejections', { n: formatNumber(count) }),
        ' ', h('a', { href: job.rejections.csv, download: `import-${job.id}-rejections.csv`, 'data-testid': 'import-rejections-csv' }, t('gdb.job.download'))),
      h('table', { class: 'data-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('gdb.job.line')), h('th', {}, t('gdb.job.reason')), h('th', {}, t('gdb.job.raw')))),
        h('tbody', {}, first.map((r) => h('tr', { 'data-testid': 'rejection', 'data-line': r.line },
          h('td', { class: 'num' }, r.line), h('td', {}, r.reason), h('td', { class: 'raw' }, r.raw ?? ''))))),
      first.length < count ? h('p', { class: 'muted small' }, t('gdb.job.firstOnly', { shown: first.length, n: formatNumber(count) })) : null,
    );
  }
}
