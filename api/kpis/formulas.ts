/**
 * The KPI formulas of the case workflow, over counts summed per grid or department. For the
 * cases registered (立案) in the period:
 *   completion rate   = closed / registered
 *   on-time rate      = closed on time / (due − suspended), where "due" are the cases whose
 *                       deadline has come (closed, or past their due time, or suspended) and
 *                       "suspended" those deferred (缓办) at the time of asking
 *   rework rate       = cases that failed a check at least once / registered
 *   extension rate    = cases extended at least once / registered
 *   average handling  = mean hours from report to closure, over the closed
 *   escalation funnel = share of the closed closed at grid / street / district level
 * A rate with a zero denominator is null.
 */

export interface KpiCounts {
  registered: number;
  closed: number;
  due: number;
  suspended: number;
  onTimeClosed: number;
  reworked: number;
  extended: number;
  handlingHours: number;
  closedAtGrid: number;
  closedAtStreet: number;
  closedAtDistrict: number;
}

export const COUNT_FIELDS: readonly (keyof KpiCounts)[] = [
  'registered', 'closed', 'due', 'suspended', 'onTimeClosed', 'reworked', 'extended', 'handlingHours',
  'closedAtGrid', 'closedAtStreet', 'closedAtDistrict',
];

export const zeroCounts = (): KpiCounts => Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as unknown as KpiCounts;

export function addCounts(into: KpiCounts, more: KpiCounts): KpiCounts {
  for (const field of COUNT_FIELDS) into[field] += more[field];
  return into;
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

export function kpis(c: KpiCounts) {
  return {
    registered: c.registered,
    closed: c.closed,
    completionRate: ratio(c.closed, c.registered),
    due: c.due,
    suspended: c.suspended,
    onTimeClosed: c.onTimeClosed,
    onTimeRate: ratio(c.onTimeClosed, c.due - c.suspended),
    reworked: c.reworked,
    reworkRate: ratio(c.reworked, c.registered),
    extended: c.extended,
    extensionRate: ratio(c.extended, c.registered),
    averageHandlingHours: c.closed > 0 ? Math.round((c.handlingHours / c.closed) * 100) / 100 : null,
    closedAt: { grid: c.closedAtGrid, street: c.closedAtStreet, district: c.closedAtDistrict },
    funnel: {
      grid: ratio(c.closedAtGrid, c.closed),
      street: ratio(c.closedAtStreet, c.closed),
      district: ratio(c.closedAtDistrict, c.closed),
    },
  };
}

export type Kpis = ReturnType<typeof kpis>;
