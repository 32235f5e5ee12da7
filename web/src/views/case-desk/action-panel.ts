/**
 * The actions a case allows the signed-in user, as the server lists them (`allowedActions`): one
 * button each; a click opens the inputs that action needs (note, departments, extension, …)
 * and a confirm button. A refusal (409/403/400) shows the server's words and, for a 409, the
 * actions allowed now.
 */
import { ApiError } from '../../api.ts';
import type { SessionUser } from '../../auth-api.ts';
import { casesApi, type ActionRequest, type AllowedAction, type CaseView } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { label, t } from '../../i18n/index.ts';
import { photoDataUrl, preparePhoto } from '../../photos.ts';
import { roleName } from '../../user-menu.ts';
import { DepartmentPicker } from './department-picker.ts';

export interface ActionPanelHandlers {
  /** The case after a successful action. */
  onDone(detail: CaseView): void;
  /** The server refused: reload the case (it may have moved on). */
  onRefused(): void;
}

interface Refusal {
  message: string;
  allowed: AllowedAction[] | null;
  /** The case had moved on since it was shown (expectedVersion): it has been reloaded. */
  stale: boolean;
}

export class ActionPanel {
  readonly element = h('section', { class: 'panel-section action-panel', 'data-testid': 'action-panel' });
  private detail: CaseView | null = null;
  private user: SessionUser | null = null;
  private open: AllowedAction | null = null;
  private sending = false;
  private refusal: Refusal | null = null;
  private formError: string | null = null;
  private picker: DepartmentPicker | null = null;

  constructor(
    private readonly departments: { code: string; name: string }[],
    private readonly handlers: ActionPanelHandlers,
  ) {}

  /** Shows the actions of `detail` for `user`; a refusal stays visible until the next action. */
  show(detail: CaseView, user: SessionUser): void {
    if (this.detail?.id !== detail.id) this.refusal = null;
    // A refusal that did not list the allowed actions (a stale view) gets them from the reloaded case.
    else if (this.refusal && !this.refusal.allowed && detail.version !== this.detail.version) this.refusal.allowed = detail.allowedActions;
    this.detail = detail;
    this.user = user;
    this.open = null;
    this.render();
  }

  render(): void {
    const detail = this.detail;
    const user = this.user;
    if (!detail || !user) return this.element.replaceChildren();
    const buttons = detail.allowedActions.map((allowed) =>
      h('button', {
        type: 'button', class: `action-button action-${allowed.action}`, 'data-testid': `action-${allowed.action}`,
        'aria-pressed': this.open?.action === allowed.action ? 'true' : 'false', disabled: this.sending,
        onclick: () => {
          this.open = this.open?.action === allowed.action ? null : allowed;
          this.refusal = null;
          this.formError = null;
          this.picker = null;
          this.render();
        },
      }, t(`action.${allowed.action}`)));
    this.element.replaceChildren(
      h('h3', {}, t('detail.actions')),
      h('p', { class: 'muted small' }, detail.allowedActions.length ? t('detail.actingAs', { role: roleName(user) }) : t('detail.noActions')),
      h('div', { class: 'action-buttons' }, buttons),
      this.open ? this.form(detail, this.open) : '',
      this.refusal ? this.refusalBox(this.refusal) : '',
    );
  }

  private form(detail: CaseView, allowed: AllowedAction): HTMLElement {
    const action = allowed.action;
    const needs = (field: string) => allowed.requires.includes(field);
    const note = h('textarea', { rows: 2, class: 'input', 'data-testid': 'action-note', placeholder: t(needs('note') ? 'form.noteRequired' : 'form.note') });
    const fields: HTMLElement[] = [h('label', { class: 'field' }, h('span', {}, t(needs('note') ? 'form.noteRequired' : 'form.note')), note)];
    let assignee: HTMLInputElement | null = null;
    let amount: HTMLInputElement | null = null;
    let duplicateOf: HTMLInputElement | null = null;
    let photos: HTMLInputElement | null = null;
    let point: [HTMLInputElement, HTMLInputElement] | null = null;
    if (needs('departments')) {
      this.picker ??= new DepartmentPicker(this.departments);
      fields.push(this.picker.element);
    }
    if (action === 'dispatch' && detail.level !== 'district') {
      assignee = h('input', { type: 'text', class: 'input', 'data-testid': 'action-assignee' });
      fields.push(h('label', { class: 'field' }, h('span', {}, t('form.assignee')), assignee));
    }
    if (needs('amount')) {
      const unit = detail.timeLimit ? t(`unit.${detail.timeLimit.unit}`) : '';
      amount = h('input', { type: 'number', min: 0.5, max: 1000, step: 0.5, value: 1, class: 'input', 'data-testid': 'action-amount' });
      fields.push(h('label', { class: 'field' }, h('span', {}, t('form.amount', { unit })), amount));
    }
    if (action === 'void') {
      duplicateOf = h('input', { type: 'number', min: 1, step: 1, class: 'input', 'data-testid': 'action-duplicate' });
      fields.push(h('label', { class: 'field' }, h('span', {}, t('form.duplicateOf')), duplicateOf));
    }
    if (action === 'place') {
      const coordinate = (testid: string, min: number, max: number) =>
        h('input', { type: 'number', min, max, step: 'any', class: 'input', 'data-testid': testid, required: true });
      point = [coordinate('action-lon', -180, 180), coordinate('action-lat', -90, 90)];
      fields.unshift(h('p', { class: 'muted small' }, t('form.placeHint', { address: detail.address ?? '' })));
      fields.push(h('label', { class: 'field' }, h('span', {}, t('form.lon')), point[0]), h('label', { class: 'field' }, h('span', {}, t('form.lat')), point[1]));
    }
    if (action === 'feedback') {
      photos = h('input', { type: 'file', accept: 'image/*', multiple: true, class: 'input', 'data-testid': 'action-photos' });
      fields.push(h('label', { class: 'field' }, h('span', {}, t('form.photos')), photos));
    }
    const submit = async () => {
      const request: ActionRequest = { action, expectedVersion: detail.version };
      const missing: string[] = [];
      if (note.value.trim()) request.note = note.value.trim();
      else if (needs('note')) missing.push(t('form.note'));
      if (this.picker) {
        request.departments = this.picker.chosen();
        if (needs('departments') && !request.departments.length) missing.push(t('detail.departments'));
      }
      if (assignee?.value.trim()) request.assignee = assignee.value.trim();
      if (amount) {
        const value = Number(amount.value);
        if (Number.isFinite(value) && value > 0) request.amount = value;
        else missing.push(t('form.amount', { unit: '' }));
      }
      if (duplicateOf?.value) request.duplicateOf = Number(duplicateOf.value);
      if (point) {
        const [lon, lat] = point.map((input) => (input.value.trim() ? Number(input.value) : NaN));
        if (Number.isFinite(lon) && Number.isFinite(lat)) Object.assign(request, { lon, lat });
        else missing.push(`${t('form.lon')}/${t('form.lat')}`);
      }
      if (photos?.files?.length) {
        try {
          const files = [...photos.files].slice(0, 3);
          request.photos = await Promise.all(files.map(async (file) => ({ data: await photoDataUrl(await preparePhoto(file)) })));
        } catch {
          missing.push(t('form.photos'));
        }
      }
      if (missing.length) {
        this.formError = t('form.missing', { fields: missing.join('、') });
        error.textContent = this.formError;
        error.hidden = false;
        return;
      }
      void this.send(detail.id, request, error);
    };
    const error = h('p', { class: 'form-error', role: 'alert', hidden: !this.formError }, this.formError ?? '');
    return h(
      'form',
      { class: 'action-form', 'data-testid': 'action-form', 'data-action': action, onsubmit: (e: Event) => { e.preventDefault(); void submit(); } },
      fields,
      error,
      h('div', { class: 'form-buttons' },
        h('button', { type: 'submit', class: 'button primary', 'data-testid': 'action-submit', disabled: this.sending },
          this.sending ? t('form.sending') : t('form.submit', { action: t(`action.${action}`) })),
        h('button', { type: 'button', class: 'button', onclick: () => { this.open = null; this.render(); } }, t('form.cancel'))),
    );
  }

  /** Sends the action; the form stays as typed while it is on its way, and after a 400/403. */
  private async send(id: number, request: ActionRequest, formError: HTMLElement): Promise<void> {
    this.sending = true;
    const buttons = [...this.element.querySelectorAll('button')];
    for (const button of buttons) button.disabled = true;
    const submit = this.element.querySelector<HTMLButtonElement>('[data-testid="action-submit"]');
    if (submit) submit.textContent = t('form.sending');
    try {
      const detail = await casesApi.act(id, request);
      this.sending = false;
      this.open = null;
      this.picker = null;
      this.formError = null;
      this.handlers.onDone(detail);
    } catch (error) {
      this.sending = false;
      const message = error instanceof ApiError ? (error.detail ?? error.title) : String(error);
      if (error instanceof ApiError && error.status === 409) {
        const problem = error.problem;
        const allowed = Array.isArray(problem.allowedActions) ? (problem.allowedActions as AllowedAction[]) : null;
        this.refusal = { message, allowed, stale: problem.currentVersion !== undefined };
        this.open = null;
        this.render();
        this.handlers.onRefused();
        return;
      }
      for (const button of buttons) button.disabled = false;
      if (submit) submit.textContent = t('form.submit', { action: t(`action.${request.action}`) });
      this.formError = message;
      formError.textContent = message;
      formError.hidden = false;
    }
  }

  private refusalBox(refusal: Refusal): HTMLElement {
    const allowed = refusal.allowed;
    return h(
      'div',
      { class: 'refusal', role: 'alert', 'data-testid': 'action-refusal' },
      h('strong', {}, t('conflict.title')),
      refusal.stale ? h('p', {}, t('conflict.stale')) : '',
      h('p', { 'data-testid': 'action-refusal-message' }, refusal.message),
      allowed
        ? h('p', { 'data-testid': 'action-refusal-allowed' }, allowed.length
          ? t('conflict.allowed', { actions: allowed.map((a) => `${label(`action.${a.action}`, a.action)}（${a.roles.map((r) => label(`actor.${r}`, r)).join('/')}）`).join('，') })
          : t('conflict.none'))
        : '',
    );
  }
}
