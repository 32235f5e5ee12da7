/** The search box: name or code → suggestions from `/api/v1/search` → the chosen hit. */
import { api, type SearchHit } from '../../api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';

const DEBOUNCE_MS = 180;
const LIMIT = 12;

export class SearchBox {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private hits: SearchHit[] = [];
  private active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: AbortController | undefined;
  private message: 'none' | 'failed' | null = null;

  constructor(private readonly onChoose: (hit: SearchHit) => void) {
    this.input = h('input', {
      type: 'search',
      class: 'search-input',
      autocomplete: 'off',
      spellcheck: 'false',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': 'search-suggestions',
      'data-testid': 'search-input',
    });
    this.list = h('ul', { id: 'search-suggestions', class: 'search-suggestions', role: 'listbox', hidden: true });
    this.element = h('div', { class: 'search', role: 'search' }, h('span', { class: 'search-icon', 'aria-hidden': 'true' }), this.input, this.list);
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (event) => this.onKey(event));
    this.input.addEventListener('focus', () => this.hits.length && this.open());
    document.addEventListener('pointerdown', (event) => {
      if (!this.element.contains(event.target as Node)) this.close();
    });
    this.render();
  }

  /** Re-applies the UI strings (after a language switch). */
  render(): void {
    this.input.placeholder = t('search.placeholder');
    this.input.setAttribute('aria-label', t('search.label'));
    this.renderList();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const q = this.input.value.trim();
    if (!q) {
      this.inflight?.abort();
      this.hits = [];
      this.message = null;
      this.close();
      return;
    }
    this.timer = setTimeout(() => void this.query(q), DEBOUNCE_MS);
  }

  private async query(q: string): Promise<void> {
    this.inflight?.abort();
    const controller = new AbortController();
    this.inflight = controller;
    try {
      const { items } = await api.search(q, LIMIT, controller.signal);
      if (controller.signal.aborted) return;
      this.hits = items;
      this.message = items.length ? null : 'none';
    } catch (error) {
      if (controller.signal.aborted) return;
      console.warn('search failed:', error);
      this.hits = [];
      this.message = 'failed';
    }
    this.active = this.hits.length ? 0 : -1;
    this.renderList();
    this.open();
  }

  private renderList(): void {
    if (this.message) {
      this.list.replaceChildren(h('li', { class: 'search-message' }, t(this.message === 'none' ? 'search.none' : 'search.failed')));
      return;
    }
    this.list.replaceChildren(
      ...this.hits.map((hit, index) =>
        h(
          'li',
          {
            id: `search-option-${index}`,
            role: 'option',
            class: 'search-option',
            'aria-selected': index === this.active ? 'true' : 'false',
            'data-testid': 'search-option',
            'data-code': hit.code,
            // pointerdown, not click: the input's blur must not close the list before the choice lands.
            onpointerdown: (event: Event) => {
              event.preventDefault();
              this.choose(index);
            },
          },
          h('span', { class: `search-type search-type-${hit.type}` }, t(`level.${hit.type}`)),
          h('span', { class: 'search-name' }, hit.name),
          h('span', { class: 'search-parent' }, hit.parentName ?? ''),
          h('span', { class: 'search-code' }, hit.code),
        ),
      ),
    );
    this.input.setAttribute('aria-activedescendant', this.active >= 0 ? `search-option-${this.active}` : '');
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!this.hits.length) return;
      event.preventDefault();
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + delta + this.hits.length) % this.hits.length;
      this.renderList();
      this.open();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (this.active >= 0) this.choose(this.active);
    } else if (event.key === 'Escape') {
      this.close();
    }
  }

  private choose(index: number): void {
    const hit = this.hits[index];
    if (!hit) return;
    this.input.value = hit.name;
    this.close();
    this.input.blur();
    this.onChoose(hit);
  }

  private open(): void {
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private close(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }
}
