/**
 * Who is acting: a role (grid worker, street dispatcher, district dispatcher, department; a
 * department also says which of the district's departments it is) and a name for the log.
 * Roles are not authenticated yet; the choice is kept in localStorage.
 */
import type { ActorInput, Role } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';

export const DESK_ROLES = ['grid_worker', 'street_dispatcher', 'district_dispatcher', 'department'] as const satisfies readonly Role[];
export type DeskRole = (typeof DESK_ROLES)[number];

const STORAGE_KEY = 'lianqin.desk.actor';

interface Stored {
  role: DeskRole;
  names: Partial<Record<DeskRole, string>>;
  department?: string;
}

function load(): Stored {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    if (value && DESK_ROLES.includes(value.role)) return { role: value.role, names: value.names ?? {}, department: value.department };
  } catch {
    // Unreadable or no storage: start as a street dispatcher.
  }
  return { role: 'street_dispatcher', names: {} };
}

export class RoleSwitcher {
  readonly element = h('div', { class: 'role-switcher' });
  private stored = load();

  private departments: { code: string; name: string }[] = [];

  constructor(private readonly onChange: (actor: ActorInput) => void) {
    this.render();
  }

  /** The district's departments (from the reference data, once loaded). */
  setDepartments(departments: { code: string; name: string }[]): void {
    this.departments = departments;
    this.render();
  }

  get role(): DeskRole {
    return this.stored.role;
  }

  /** The department acting, when the role is a department. */
  get department(): string | undefined {
    if (this.stored.role !== 'department') return undefined;
    const chosen = this.stored.department;
    return this.departments.some((d) => d.code === chosen) ? chosen : this.departments[0]?.code;
  }

  /** The actor of the next action; a department is named after itself unless a name is given. */
  actor(): ActorInput {
    const role = this.stored.role;
    const department = this.department;
    const departmentName = this.departments.find((d) => d.code === department)?.name;
    return { role, name: this.stored.names[role]?.trim() || departmentName || t(`actor.${role}`), ...(department ? { department } : {}) };
  }

  private change(stored: Stored): void {
    this.stored = stored;
    this.save();
    this.render();
    this.onChange(this.actor());
  }

  private save(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.stored));
    } catch {
      // The choice still holds for this page.
    }
  }

  render(): void {
    const role = this.stored.role;
    const select = h(
      'select',
      {
        'data-testid': 'role-select',
        'aria-label': t('desk.role'),
        onchange: (event: Event) => this.change({ ...this.stored, role: (event.target as HTMLSelectElement).value as DeskRole }),
      },
      DESK_ROLES.map((r) => h('option', { value: r, selected: r === role }, t(`actor.${r}`))),
    );
    const department = role === 'department'
      ? h('select', {
        class: 'department-select', 'data-testid': 'department-select', 'aria-label': t('actor.department'),
        onchange: (event: Event) => this.change({ ...this.stored, department: (event.target as HTMLSelectElement).value }),
      }, this.departments.map((d) => h('option', { value: d.code, selected: d.code === this.department }, d.name)))
      : '';
    const name = h('input', {
      type: 'text',
      class: 'actor-name',
      'data-testid': 'actor-name',
      'aria-label': t('desk.actorName'),
      placeholder: role === 'department' ? t('desk.actorName') : t(`actor.${role}`),
      value: this.stored.names[role] ?? '',
      onchange: (event: Event) => {
        this.stored = { ...this.stored, names: { ...this.stored.names, [role]: (event.target as HTMLInputElement).value } };
        this.save();
      },
    });
    this.element.replaceChildren(h('span', { class: 'role-label' }, t('desk.role')), select, department, name);
  }
}
