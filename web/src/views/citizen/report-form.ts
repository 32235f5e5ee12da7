/**
 * The report: what (category), where (pin), photos, description, optional contact. Before
 * sending, open reports of the same kind nearby are offered to follow instead. A report gets one
 * Idempotency-Key when first sent; editing it afterwards makes it a new report with a new key.
 */
import { citizenApi, newIdempotencyKey, type PublicTicket, type ReportDraft } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { CategoryPicker, categoryName } from './category-picker.ts';
import { askAboutDuplicates } from './duplicates-dialog.ts';
import { LocationPicker } from './location-picker.ts';
import { PhotoInput } from './photo-input.ts';
import { failureText, sendReport } from './submit.ts';
import { accessOf, rememberTicket } from './ticket-store.ts';

export interface ReportFormHandlers {
  /** A new ticket, or one the citizen chose to follow instead. */
  onTicket(ticket: string, created: PublicTicket | null): void;
}

export class ReportForm {
  readonly element = h('form', { class: 'report-form', 'data-testid': 'report-form', novalidate: true });
  readonly category = new CategoryPicker(() => this.changed());
  readonly location = new LocationPicker(() => this.changed());
  readonly photos = new PhotoInput(() => this.changed());
  private readonly description = h('textarea', { rows: 3, class: 'input', maxlength: 2000, 'data-testid': 'description' });
  private readonly name = h('input', { type: 'text', class: 'input', maxlength: 50, autocomplete: 'name', 'data-testid': 'contact-name' });
  private readonly phone = h('input', { type: 'tel', class: 'input', inputmode: 'tel', autocomplete: 'tel', 'data-testid': 'contact-phone' });
  private readonly submitButton = h('button', { type: 'submit', class: 'button primary block big', 'data-testid': 'submit' });
  private readonly message = h('p', { class: 'form-message', role: 'status', 'data-testid': 'submit-message' });
  /** The key of the report as it was first sent; null until then, and again after an edit. */
  private key: string | null = null;
  private sending = false;

  constructor(private readonly handlers: ReportFormHandlers) {
    for (const input of [this.description, this.name, this.phone]) input.addEventListener('input', () => this.changed());
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.render();
  }

  private changed(): void {
    if (!this.sending) this.key = null;
  }

  reset(): void {
    this.category.reset();
    this.location.reset();
    this.photos.reset();
    this.description.value = '';
    this.key = null;
    this.message.textContent = '';
  }

  private draft(): ReportDraft | string[] {
    const missing: string[] = [];
    if (!this.category.chosen) missing.push(t('report.fieldCategory'));
    if (!this.location.pin || !this.location.place) missing.push(t('report.fieldLocation'));
    if (!this.description.value.trim()) missing.push(t('report.fieldDescription'));
    if (missing.length) return missing;
    return {
      category: this.category.chosen!,
      lon: Math.round(this.location.pin!.lon * 1e6) / 1e6,
      lat: Math.round(this.location.pin!.lat * 1e6) / 1e6,
      description: this.description.value.trim(),
      name: this.name.value.trim() || undefined,
      phone: this.phone.value.trim() || undefined,
      photos: this.photos.photos.map((p) => p.blob),
    };
  }

  private async submit(): Promise<void> {
    if (this.sending) return;
    const draft = this.draft();
    if (Array.isArray(draft)) {
      this.message.dataset.kind = 'error';
      this.message.textContent = t('report.missing', { fields: draft.join('、') });
      return;
    }
    this.setSending(true);
    this.message.dataset.kind = 'info';
    this.message.textContent = t('report.submitting');
    try {
      if (!this.key) {
        // Only before the first try: a retry of a sent report must not be turned into a follow.
        const { items } = await citizenApi.duplicates(draft.category, draft.lon, draft.lat).catch(() => ({ items: [] }));
        if (items.length) {
          // Only a ticket whose token this phone holds can be followed from here.
          const choice = await askAboutDuplicates(items, categoryName, (ticket) => accessOf(ticket) !== null);
          if (choice.kind === 'cancel') return void (this.message.textContent = '');
          if (choice.kind === 'follow') {
            rememberTicket(choice.ticket, null, draft.category);
            this.reset();
            return this.handlers.onTicket(choice.ticket, null);
          }
        }
        this.key = newIdempotencyKey();
      }
      const ticket = await sendReport(draft, this.key, (attempt) => (this.message.textContent = t('report.retrying', { n: attempt })));
      rememberTicket(ticket.ticket, ticket.access, draft.category);
      this.reset();
      this.handlers.onTicket(ticket.ticket, ticket);
    } catch (error) {
      console.warn('report:', error);
      this.message.dataset.kind = 'error';
      this.message.textContent = t('report.failed', { reason: failureText(error, t) });
    } finally {
      this.setSending(false);
    }
  }

  private setSending(sending: boolean): void {
    this.sending = sending;
    this.submitButton.disabled = sending;
    this.submitButton.textContent = t(sending ? 'report.submitting' : 'report.submit');
  }

  render(): void {
    this.category.render();
    this.location.render();
    this.photos.render();
    this.description.placeholder = t('report.descriptionPlaceholder');
    this.name.placeholder = t('report.name');
    this.phone.placeholder = t('report.phone');
    this.setSending(this.sending);
    this.element.replaceChildren(
      this.category.element,
      this.location.element,
      this.photos.element,
      h('section', { class: 'step' }, h('h2', { class: 'step-title' }, h('span', { class: 'step-number' }, '4'), t('report.description')), this.description),
      h('section', { class: 'step' }, h('h2', { class: 'step-title' }, h('span', { class: 'step-number' }, '5'), t('report.contact')),
        h('div', { class: 'contact-row' }, this.name, this.phone), h('p', { class: 'muted small' }, t('report.contactHint'))),
      h('div', { class: 'submit-bar' }, this.message, this.submitButton),
    );
  }
}
