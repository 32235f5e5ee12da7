/** The timeline of a case: every logged event with its actor, time, note and status change. */
import type { IncidentDetail, IncidentEventView } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { label, t } from '../../i18n/index.ts';
import { formatDateTime } from '../../format.ts';

/** What an event's data adds, in words: departments dispatched, the handler, extra time, rating… */
function dataText(event: IncidentEventView, departmentName: (code: string) => string): string[] {
  const data = event.data ?? {};
  const out: string[] = [];
  const codes = (value: unknown) => (Array.isArray(value) ? value.map((c) => departmentName(String(c))).join('、') : '');
  if (Array.isArray(data.departments)) out.push(`${t('detail.departments')}: ${codes(data.departments)}`);
  if (typeof data.department === 'string') out.push(departmentName(data.department));
  if (Array.isArray(data.waitingFor) && data.waitingFor.length) out.push(`⏳ ${codes(data.waitingFor)}`);
  if (typeof data.assignee === 'string') out.push(`${t('detail.assignee')}: ${data.assignee}`);
  if (typeof data.amount === 'number') out.push(`+${data.amount} ${label(`unit.${String(data.unit)}`, String(data.unit ?? ''))}`);
  if (typeof data.rating === 'number') out.push(`${'★'.repeat(data.rating)}${typeof data.comment === 'string' ? ` ${data.comment}` : ''}`);
  if (typeof data.duplicateOf === 'number') out.push(`#${data.duplicateOf}`);
  if (typeof data.onTime === 'boolean') out.push(t(data.onTime ? 'detail.onTime' : 'detail.late'));
  return out;
}

export function timeline(detail: IncidentDetail, departmentName: (code: string) => string): HTMLElement {
  const items = detail.events.map((event) => {
    const from = event.fromStatus ? label(`status.${event.fromStatus}`, event.fromStatus) : null;
    const to = label(`status.${event.toStatus}`, event.toStatus);
    const levelChange = event.fromLevel && event.fromLevel !== event.toLevel
      ? ` · ${label(`caseLevel.${event.fromLevel}`, event.fromLevel)} → ${label(`caseLevel.${event.toLevel}`, event.toLevel)}` : '';
    const actor = [label(`actor.${event.actor.role}`, event.actor.role), event.actor.name].filter((v, i, all) => v && all.indexOf(v) === i).join(' · ');
    const extra = dataText(event, departmentName);
    return h(
      'li',
      { class: `event event-${event.action}`, 'data-testid': 'timeline-event', 'data-action': event.action, 'data-seq': event.seq },
      h('div', { class: 'event-head' },
        h('strong', { class: 'event-action' }, label(`action.${event.action}`, event.action)),
        h('span', { class: 'event-change' }, from && from !== to ? `${from} → ${to}` : to, levelChange),
        h('time', { class: 'event-time', datetime: event.at }, formatDateTime(event.at))),
      h('div', { class: 'event-actor' }, actor),
      event.note ? h('div', { class: 'event-note' }, event.note) : '',
      extra.length ? h('div', { class: 'event-data' }, extra.join(' · ')) : '',
    );
  });
  return h(
    'section',
    { class: 'panel-section' },
    h('h3', {}, t('detail.timeline'), h('span', { class: 'section-count' }, detail.events.length)),
    h('ol', { class: 'timeline', 'data-testid': 'timeline' }, items),
  );
}
