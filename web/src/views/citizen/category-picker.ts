/**
 * Step 1 of a report: what the problem is. Common problems in plain words by group; the whole
 * GB/T 47678.5 directory (searchable, by class) behind "something else".
 */
import { citizenApi, type Category } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { CATEGORY_GROUPS, plainCategory } from './categories.ts';

export interface ChosenCategory {
  code: string;
}

/** The name to show for a category code: the plain words if it has them, else the directory's name. */
export function categoryName(code: string, official?: string | null): string {
  const plain = plainCategory(code);
  return plain ? t(plain.label) : official || code;
}

export class CategoryPicker {
  readonly element = h('section', { class: 'step', 'data-testid': 'category-picker' });
  chosen: string | null = null;
  private group = CATEGORY_GROUPS[0].id;
  private showAll = false;
  private query = '';
  private directory: Category[] = [];

  constructor(private readonly onChange: () => void) {
    this.render();
  }

  reset(): void {
    this.chosen = null;
    this.showAll = false;
    this.query = '';
    this.render();
  }

  private choose(code: string): void {
    this.chosen = code;
    this.render();
    this.onChange();
  }

  private async openDirectory(): Promise<void> {
    this.showAll = !this.showAll;
    this.render();
    if (this.showAll && !this.directory.length) {
      try {
        this.directory = (await citizenApi.categories()).items;
      } catch (error) {
        console.warn('categories:', error);
      }
      this.render();
    }
  }

  render(): void {
    const title = h('h2', { class: 'step-title' }, h('span', { class: 'step-number' }, '1'), t('report.category'));
    if (this.chosen) {
      this.element.replaceChildren(title, h('div', { class: 'chosen', 'data-testid': 'category-chosen', 'data-code': this.chosen },
        h('span', {}, t('report.categoryChosen', { name: categoryName(this.chosen, this.directory.find((c) => c.code === this.chosen)?.name) })),
        h('button', { type: 'button', class: 'link-button', onclick: () => { this.chosen = null; this.render(); this.onChange(); } }, t('report.categoryChange'))));
      return;
    }
    const active = CATEGORY_GROUPS.find((g) => g.id === this.group) ?? CATEGORY_GROUPS[0];
    this.element.replaceChildren(
      title,
      h('div', { class: 'group-tabs', role: 'tablist' }, CATEGORY_GROUPS.map((g) =>
        h('button', { type: 'button', role: 'tab', class: 'group-tab', 'aria-selected': g.id === active.id ? 'true' : 'false', 'data-testid': `cat-group-${g.id}`,
          onclick: () => { this.group = g.id; this.render(); } }, t(g.label)))),
      h('div', { class: 'category-grid' }, active.items.map((c) =>
        h('button', { type: 'button', class: 'category-chip', 'data-testid': `cat-${c.code}`, onclick: () => this.choose(c.code) }, t(c.label)))),
      h('button', { type: 'button', class: 'link-button', 'aria-expanded': this.showAll ? 'true' : 'false', 'data-testid': 'cat-more', onclick: () => void this.openDirectory() }, t('report.categoryMore')),
      this.showAll ? this.directoryList() : '',
    );
  }

  private directoryList(): HTMLElement {
    const search = h('input', { type: 'search', class: 'input', value: this.query, placeholder: t('report.categorySearch'), 'data-testid': 'cat-search' });
    const list = h('div', { class: 'directory' });
    const fill = () => {
      const q = search.value.trim();
      this.query = q;
      const byMajor = new Map<string, Category[]>();
      for (const c of this.directory) {
        if (q && !c.name.includes(q) && !c.code.startsWith(q)) continue;
        byMajor.set(c.majorName, [...(byMajor.get(c.majorName) ?? []), c]);
      }
      list.replaceChildren(...[...byMajor].map(([major, items]) =>
        h('div', { class: 'directory-group' }, h('h3', {}, major), h('div', { class: 'directory-items' }, items.map((c) =>
          h('button', { type: 'button', class: 'category-chip small', 'data-testid': `cat-${c.code}`, onclick: () => this.choose(c.code) }, c.name))))));
    };
    search.addEventListener('input', fill);
    fill();
    return h('div', { class: 'directory-box' }, search, list);
  }
}
