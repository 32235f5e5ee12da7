/** The citizen's message thread with the centre about one ticket (each message sent once, by key). */
import { citizenApi, newIdempotencyKey, type MessageRow } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { formatDateTime } from '../../format.ts';
import { failureText } from './submit.ts';

export class CitizenThread {
  readonly element = h('section', { class: 'card thread-card', 'data-testid': 'thread' });
  private items: MessageRow[] = [];
  /** The key of the message being typed: a resend after a failure is the same message. */
  private key = newIdempotencyKey();
  private readonly input = h('textarea', { rows: 2, class: 'input', maxlength: 1000, 'data-testid': 'message-input' });
  private readonly error = h('p', { class: 'form-error', role: 'alert' });

  constructor(
    private readonly ticket: string,
    private readonly access: string | null,
  ) {
    this.input.addEventListener('input', () => (this.key = newIdempotencyKey()));
    this.render();
  }

  async load(): Promise<void> {
    try {
      this.items = (await citizenApi.messages(this.ticket, this.access)).items;
    } catch (error) {
      console.warn('messages:', error);
    }
    this.render();
  }

  private async send(event: Event): Promise<void> {
    event.preventDefault();
    const body = this.input.value.trim();
    if (!body) return;
    const button = this.element.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    try {
      await citizenApi.message(this.ticket, this.access, body, this.key);
      this.input.value = '';
      this.key = newIdempotencyKey();
      this.error.textContent = '';
      await this.load();
    } catch (error) {
      this.error.textContent = failureText(error, t);
      if (button) button.disabled = false;
    }
  }

  render(): void {
    this.input.placeholder = t('ticket.messagePlaceholder');
    this.element.replaceChildren(
      h('h3', {}, t('ticket.messages')),
      this.items.length
        ? h('ul', { class: 'thread' }, this.items.map((m) =>
          h('li', { class: `message from-${m.author}`, 'data-testid': 'message', 'data-author': m.author },
            h('div', { class: 'message-meta' }, m.author === 'citizen' ? t('ticket.me') : (m.authorName ?? t('ticket.centre')), ' · ', formatDateTime(m.createdAt)),
            h('div', { class: 'message-body' }, m.body))))
        : h('p', { class: 'muted small' }, t('ticket.noMessages')),
      h('form', { class: 'reply', onsubmit: (e: Event) => void this.send(e) }, this.input,
        h('button', { type: 'submit', class: 'button primary', 'data-testid': 'message-send' }, t('ticket.send'))),
      this.error,
    );
  }
}
