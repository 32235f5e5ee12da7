/** Dates, durations and time left, in the UI's language and in Shanghai time (the district's clock). */
import { locale, t } from './i18n/index.ts';

const TIME_ZONE = 'Asia/Shanghai';

/** '2026-11-26 16:05' (24 h clock, Shanghai time) from an ISO time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** '11-26 16:05': the short form for tables. */
export function formatShortDateTime(iso: string | null | undefined): string {
  return iso ? formatDateTime(iso).slice(5) : '—';
}

/** A date as YYYY-MM-DD in Shanghai. */
export function shanghaiDay(date: Date): string {
  return formatDateTime(date.toISOString()).slice(0, 10);
}

/** '2天3小时', '3h 20min', '12分钟': the two largest units of a duration. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const sep = locale() === 'en' ? ' ' : '';
  if (days > 0) return [t('time.days', { n: days }), hours ? t('time.hours', { n: hours }) : ''].filter(Boolean).join(sep);
  if (hours > 0) return [t('time.hours', { n: hours }), mins ? t('time.minutes', { n: mins }) : ''].filter(Boolean).join(sep);
  return t('time.minutes', { n: mins });
}

/** '剩余 3小时' before the due time, '超时 2天' after it. */
export function timeLeft(dueAt: string | null, now = Date.now()): string {
  if (!dueAt) return '';
  const ms = new Date(dueAt).getTime() - now;
  return ms >= 0 ? t('time.left', { time: formatDuration(ms) }) : t('time.overdue', { time: formatDuration(ms) });
}

/** A percentage with one decimal, or '—'. */
export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`;
}
