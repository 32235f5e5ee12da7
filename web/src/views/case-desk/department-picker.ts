/** A filterable multi-select of the district's departments (district dispatch: joint handling by several). */
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';

export class DepartmentPicker {
  readonly element: HTMLElement;
  private readonly selected = new Set<string>();
  private readonly list = h('ul', { class: 'department-options', 'data-testid': 'department-options' });
  private readonly count = h('span', { class: 'muted small', 'data-testid': 'departments-chosen' });

  constructor(private readonly departments: { code: string; name: string }[]) {
    const filter = h('input', {
      type: 'search', class: 'input', placeholder: t('form.departmentsFilter'), 'data-testid': 'department-filter',
      oninput: (e: Event) => this.renderList((e.target as HTMLInputElement).value.trim()),
    });
    this.element = h('div', { class: 'field department-picker' }, h('span', {}, t('form.departments')), filter, this.list, this.count);
    this.renderList('');
  }

  chosen(): string[] {
    return [...this.selected];
  }

  private renderList(filter: string): void {
    const shown = this.departments.filter((d) => !filter || d.name.includes(filter) || d.code.includes(filter.toLowerCase()));
    this.list.replaceChildren(
      ...shown.map((d) =>
        h('li', {}, h('label', { class: 'check' },
          h('input', {
            type: 'checkbox', value: d.code, checked: this.selected.has(d.code), 'data-testid': `department-${d.code}`,
            onchange: (e: Event) => {
              if ((e.target as HTMLInputElement).checked) this.selected.add(d.code);
              else this.selected.delete(d.code);
              this.renderCount();
            },
          }),
          d.name)),
      ),
    );
    this.renderCount();
  }

  private renderCount(): void {
    this.count.textContent = t('form.departmentsChosen', { n: this.selected.size });
  }
}
