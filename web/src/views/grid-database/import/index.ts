/**
 * Importing a file into the grid database: a pending job is created first, so its id exists
 * while the file uploads; the job is polled for its progress until the upload's answer (the
 * finished job) arrives. The recent imports are listed beside it.
 */
import { ApiError } from '../../../api.ts';
import { h } from '../../../dom.ts';
import { gridDatabaseApi, type ImportJobView, type ImportRequest } from '../../../grid-database-api.ts';
import type { GridDatabaseContext } from '../context.ts';
import { ImportForm } from './form.ts';
import { isFinished, JobPanel } from './job-panel.ts';
import { RecentJobs } from './recent-jobs.ts';

const POLL_MS = 500;

export class ImportView {
  readonly element: HTMLElement;
  private readonly form: ImportForm;
  private readonly panel = new JobPanel();
  private readonly recent = new RecentJobs((id) => void this.open(id));

  constructor(context: GridDatabaseContext) {
    this.form = new ImportForm(context, (file, request) => this.run(file, request));
    this.element = h('div', { class: 'gdb-import', 'data-testid': 'import-view' },
      h('div', { class: 'gdb-column' }, this.form.element, this.panel.element),
      h('div', { class: 'gdb-column' }, this.recent.element));
  }

  render(): void {
    this.form.render();
    this.panel.render();
    this.recent.render();
  }

  async show(): Promise<void> {
    await this.refreshRecent();
  }

  private async refreshRecent(): Promise<void> {
    try {
      this.recent.show((await gridDatabaseApi.recentImports()).imports);
    } catch (error) {
      console.warn('recent imports:', error);
      this.recent.setFailed();
    }
  }

  private async open(id: number): Promise<void> {
    this.panel.show(await gridDatabaseApi.job(id));
  }

  /** Creates the job, uploads the file, polls the job meanwhile; the panel ends on the finished job. */
  private async run(file: File, request: ImportRequest): Promise<void> {
    const job = await gridDatabaseApi.createImport(request);
    this.panel.show(job);
    let finished: ImportJobView | undefined;
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (stopped) return;
        try {
          const now = await gridDatabaseApi.job(job.id);
          if (!stopped) this.panel.show(now);
          if (isFinished(now)) return;
        } catch (error) {
          console.warn(`import ${job.id}:`, error);
        }
      }
    };
    const polling = poll();
    try {
      finished = await gridDatabaseApi.upload(job.id, file);
    } catch (error) {
      // A file that is not what it says fails the job (400 with its id): the job tells why.
      if (!(error instanceof ApiError && error.problem.importId === job.id)) throw error;
      finished = await gridDatabaseApi.job(job.id);
    } finally {
      stopped = true;
    }
    this.panel.show(finished);
    await polling;
    await this.refreshRecent();
  }
}
