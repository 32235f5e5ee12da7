/**
 * The import form: the file (CSV / NDJSON / GeoJSON), its encoding, the category of rows that
 * name none, the coordinate system, and an optional column mapping (the API detects what is
 * not given). Submitting hands the file and the request to the caller.
 */
import { h } from '../../../dom.ts';
import { locale, t } from '../../../i18n/index.ts';
import { ENCODINGS, SRIDS, type Encoding, type ImportRequest, type Mapping, type Srid } from '../../../grid-database-api.ts';
import { categoryName, type GridDatabaseContext } from '../context.ts';

const ACCEPT = '.csv,.txt,.tsv,.ndjson,.jsonl,.geojson,.json';

export class ImportForm {
  readonly element: HTMLFormElement;
  private readonly file = h('input', { type: 'file', accept: ACCEPT, class: 'input', 'data-testid': 'import-file', required: true });
  private readonly encoding = h('select', { class: 'input', 'data-testid': 'import-encoding' });
  private readonly category = h('select', { class: 'input', 'data-testid': 'import-category' });
  private readonly srid = h('select', { class: 'input', 'data-testid': 'import-srid' });
  private readonly lon = h('input', { class: 'input', 'data-testid': 'import-map-lon', autocomplete: 'off' });
  private readonly lat = h('input', { class: 'input', 'data-testid': 'import-map-lat', autocomplete: 'off' });
  private readonly key = h('input', { class: 'input', 'data-testid': 'import-map-key', autocomplete: 'off' });
  private readonly required = h('input', { class: 'input', 'data-testid': 'import-map-required', autocomplete: 'off' });
  private readonly submit = h('button', { type: 'submit', class: 'button primary', 'data-testid': 'import-submit' });
  private readonly error = h('p', { class: 'form-error', 'data-testid': 'import-form-error', hidden: true });

  constructor(
    private readonly context: GridDatabaseContext,
    private readonly onSubmit: (file: File, request: ImportRequest) => Promise<void>,
  ) {
    this.element = h('form', { class: 'import-form', 'data-testid': 'import-form', novalidate: true });
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.render();
  }

  render(): void {
    const keep = { encoding: this.encoding.value || 'auto', category: this.category.value, srid: this.srid.value || '4326' };
    this.encoding.replaceChildren(...ENCODINGS.map((e) => h('option', { value: e }, t(`gdb.encoding.${e}`))));
    this.category.replaceChildren(
      h('option', { value: '' }, t('gdb.import.categoryFromFile')),
      ...this.context.categories.map((c) => h('option', { value: c.code }, `${c.code} ${categoryName(c, locale())}`)),
    );
    this.srid.replaceChildren(...SRIDS.map((s) => h('option', { value: String(s) }, t(`gdb.srid.${s}`))));
    this.encoding.value = keep.encoding;
    this.category.value = keep.category;
    this.srid.value = keep.srid;
    this.lon.placeholder = t('gdb.import.detected');
    this.lat.placeholder = t('gdb.import.detected');
    this.key.placeholder = t('gdb.import.detected');
    this.required.placeholder = t('gdb.import.requiredHint');
    this.submit.textContent = t('gdb.import.submit');
    const field = (label: string, control: HTMLElement) => h('label', { class: 'filter' }, label, control);
    this.element.replaceChildren(
      h('h2', { class: 'section-title' }, t('gdb.import.heading')),
      h('div', { class: 'import-fields' },
        h('label', { class: 'filter import-file' }, t('gdb.import.file'), this.file),
        field(t('gdb.import.encoding'), this.encoding),
        field(t('gdb.import.category'), this.category),
        field(t('gdb.import.srid'), this.srid)),
      h('fieldset', { class: 'import-mapping' },
        h('legend', {}, t('gdb.import.mapping')),
        field(t('gdb.import.mapLon'), this.lon),
        field(t('gdb.import.mapLat'), this.lat),
        field(t('gdb.import.mapKey'), this.key),
        field(t('gdb.import.mapRequired'), this.required)),
      this.error,
      h('div', { class: 'form-actions' }, this.submit),
    );
  }

  /** What the mapping fields say; only the columns given (the rest is detected). */
  private mapping(): Mapping {
    const mapping: Mapping = {};
    const lon = this.lon.value.trim();
    const lat = this.lat.value.trim();
    if (lon || lat) Object.assign(mapping, { lon, lat });
    if (this.key.value.trim()) mapping.sourceKey = this.key.value.trim();
    const required = this.required.value.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
    if (required.length) mapping.required = required;
    return mapping;
  }

  private fail(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
  }

  private async send(): Promise<void> {
    this.error.hidden = true;
    const file = this.file.files?.[0];
    if (!file) return this.fail(t('gdb.import.noFile'));
    const mapping = this.mapping();
    if ((mapping.lon === '') !== (mapping.lat === '')) return this.fail(t('gdb.import.lonLatTogether'));
    this.submit.disabled = true;
    try {
      await this.onSubmit(file, {
        filename: file.name,
        encoding: this.encoding.value as Encoding,
        category: this.category.value || undefined,
        srid: Number(this.srid.value) as Srid,
        mapping,
      });
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    } finally {
      this.submit.disabled = false;
    }
  }
}
