/** The centre's side of a case's message thread with the citizen who reported it. */
import { casesApi, type MessageRow } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { formatDateTime } from '../../format.ts';

export class MessageThread {
  readonly element = h('section', { class: 'panel-section messages', 'data-testid': 'desk-messages' });
  private items: MessageRow[] = [];
  private id: number | null = null;

  async load(id: number): Promise<void> {
    this.id = id;
    this.items = [];
    this.render();
    try {
      const { items } = await casesApi.messages(id);
      if (this.id !== id) return;
      this.items = items;
    } catch (error) {
      console.warn('messages:', error);
    }
    this.render();
  }

  render(): void {
    const id = this.id;
    const input = h('textarea', { rows: 2, class: 'input', 'data-testid': 'desk-reply', placeholder: t('messages.reply') });
    const send = async (event: Event) => {
      event.preventDefault();
      const body = input.value.trim();
      if (!body || id === null) return;
      button.disabled = true;
      try {
        await casesApi.reply(id, body);
        await this.load(id);
      } catch (error) {
        console.warn('reply:', error);
        button.disabled = false;
      }
    };
    const button = h('button', { type: 'submit', class: 'button', 'data-testid': 'desk-reply-send' }, t('messages.send'));
    this.element.replaceChildren(
      h('h3', {}, t('messages.title'), h('span', { class: 'section-count' }, this.items.length)),
      this.items.length
        ? h('ul', { class: 'thread' }, this.items.map((m) =>
          h('li', { class: `message from-${m.author}`, 'data-testid': 'desk-message' },
            h('div', { class: 'message-meta' }, m.author === 'citizen' ? t('messages.citizen') : (m.authorName ?? t('messages.centre')), ' · ', formatDateTime(m.createdAt)),
            h('div', { class: 'message-body' }, m.body))))
        : h('p', { class: 'muted small' }, t('messages.empty')),
      h('form', { class: 'reply', onsubmit: send }, input, button),
    );
  }
}
