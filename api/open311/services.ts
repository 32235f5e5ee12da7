/**
 * Services are the case categories: the managed matters (管理事项) of GB/T 47678.5-2026, coded
 * by their 5-digit matter code and grouped by major class. None needs extra form fields, so
 * `metadata` is false; a definition still lists the time limit, as information for the user.
 */
import type { LimitUnit } from '../calendar/working-calendar.ts';
import type { Level, Priority } from '../incidents/model.ts';
import type { Category, IncidentReference } from '../incidents/reference.ts';

/** One category as a service: the matter's code and name, its major class as group. */
export function renderService(category: Category) {
  const keywords = [...new Set([...category.name.split(/[、，,/]/), category.majorName.replace(/类$/, '')])]
    .map((k) => k.trim())
    .filter(Boolean);
  return {
    service_code: category.code,
    service_name: category.name,
    description: `GB/T 47678.5-2026 管理事项 ${category.code}：${category.name}（${category.majorName}）`,
    metadata: false,
    type: 'realtime',
    keywords: keywords.join(', '),
    group: category.majorName,
  };
}

export function serviceList(ref: IncidentReference) {
  return [...ref.categories.values()].map(renderService);
}

/** The definition of a service, or null when there is no such service. */
export function serviceDefinition(ref: IncidentReference, code: string) {
  if (!ref.categories.has(code)) return null;
  return {
    service_code: code,
    attributes: [
      {
        // variable false: shown to the user, not asked for (the spec's use for information).
        variable: false,
        code: 'time_limit',
        datatype: 'string',
        required: false,
        datatype_description: null,
        order: 1,
        description: serviceNotice(ref, code, 'grid', 'normal'),
      },
    ],
  };
}

const UNIT_TEXT: Record<LimitUnit, string> = {
  working_hours: '个工作小时',
  working_days: '个工作日',
  calendar_hours: '小时',
};

const HANDLER: Record<Level, string> = {
  grid: '网格员到场核实后就地处置',
  street: '街道联勤指挥分中心派遣处置',
  district: `区联勤指挥中心调度职能部门处置`,
};

/** What will be done and within which time, for a case of `code` at `level`. */
export function serviceNotice(ref: IncidentReference, code: string, level: Level, priority: Priority): string {
  const rule = ref.limits.resolve(code, level, priority);
  const hours = rule.unit === 'working_hours' || rule.unit === 'working_days' ? '（工作日 8:00–12:00、14:00–18:00 计时）' : '';
  return `${HANDLER[level]}，立案后 ${rule.amount} ${UNIT_TEXT[rule.unit]}内办结${hours}。`;
}
