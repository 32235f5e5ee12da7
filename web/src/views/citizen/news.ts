/** The centre's news, newest first; a tap opens the full text. */
import { citizenApi, type NewsItem } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { formatDateTime } from '../../format.ts';

export class NewsView {
  readonly element = h('div', { class: 'news-view', 'data-testid': 'news' });
  private items: NewsItem[] | null = null;

  async load(): Promise<void> {
    if (this.items) return this.render();
    try {
      this.items = (await citizenApi.news()).items;
    } catch (error) {
      console.warn('news:', error);
    }
    this.render();
  }

  render(): void {
    if (!this.items) return this.element.replaceChildren(h('p', { class: 'muted' }, '…'));
    if (!this.items.length) return this.element.replaceChildren(h('p', { class: 'empty muted' }, t('news.empty')));
    this.element.replaceChildren(...this.items.map((item) =>
      h('details', { class: 'card news-item', 'data-testid': 'news-item' },
        h('summary', {}, h('strong', {}, item.title), h('time', { class: 'muted small' }, formatDateTime(item.publishedAt).slice(0, 10)), h('p', { class: 'muted small' }, item.summary)),
        h('p', {}, item.body))));
  }
}
