/**
 * Time limits of cases per major class × level × priority, with a few categories of their own.
 * Normal cases run on working time (hours at grid level, days above); urgent ones on calendar
 * hours, because a missing manhole cover does not wait for Monday. Modelled on the handling
 * limits of Chinese digital city management (数字化城市管理 处置时限).
 */
import type { TimeLimitRule } from '../../../api/incidents/time-limit.ts';
import type { Level, Priority } from '../../../api/incidents/model.ts';
import type { LimitUnit } from '../../../api/calendar/working-calendar.ts';

type Limit = [amount: number, unit: LimitUnit];
const wh = (n: number): Limit => [n, 'working_hours'];
const wd = (n: number): Limit => [n, 'working_days'];
const ch = (n: number): Limit => [n, 'calendar_hours'];

/** [grid, street, district] × [normal, urgent] per major class. */
const BY_MAJOR: Record<string, [Limit, Limit][]> = {
  '01': [[wh(8), ch(2)], [wd(3), ch(8)], [wd(5), ch(24)]], // 市政公用设施
  '02': [[wh(8), ch(2)], [wd(3), ch(8)], [wd(5), ch(24)]], // 交通设施
  '03': [[wh(4), ch(2)], [wd(2), ch(8)], [wd(5), ch(24)]], // 市容环卫设施
  '04': [[wh(8), ch(4)], [wd(3), ch(12)], [wd(10), ch(48)]], // 园林绿化设施
  '05': [[wh(8), ch(4)], [wd(3), ch(12)], [wd(10), ch(48)]], // 其他管理部件
  '06': [[wh(4), ch(2)], [wd(2), ch(8)], [wd(5), ch(24)]], // 市容环境
  '07': [[wh(4), ch(2)], [wd(2), ch(8)], [wd(5), ch(24)]], // 宣传广告
  '08': [[wh(4), ch(2)], [wd(2), ch(8)], [wd(7), ch(24)]], // 施工管理
  '09': [[wh(2), ch(1)], [wd(1), ch(4)], [wd(3), ch(24)]], // 街面秩序
  '10': [[wh(4), ch(2)], [wd(1), ch(4)], [wd(3), ch(12)]], // 其他事项
};

/** Categories that cannot wait for working hours whatever their priority. */
const BY_CATEGORY: Record<string, [Limit, Limit][]> = {
  '10001': [[ch(2), ch(1)], [ch(8), ch(4)], [ch(24), ch(12)]], // 道路积雪、结冰
  '06037': [[ch(4), ch(2)], [ch(12), ch(4)], [ch(24), ch(12)]], // 动物尸体
  '01013': [[ch(4), ch(2)], [ch(12), ch(4)], [ch(24), ch(12)]], // 消防设施异常
};

const LEVELS: Level[] = ['grid', 'street', 'district'];
const PRIORITIES: Priority[] = ['normal', 'urgent'];

function rules(table: Record<string, [Limit, Limit][]>, category: boolean): TimeLimitRule[] {
  return Object.entries(table).flatMap(([code, byLevel]) =>
    byLevel.flatMap((pair, l) =>
      pair.map(([amount, unit], p) => ({
        majorCode: code.slice(0, 2),
        categoryCode: category ? code : null,
        level: LEVELS[l],
        priority: PRIORITIES[p],
        amount,
        unit,
      })),
    ),
  );
}

export function timeLimitRules(): TimeLimitRule[] {
  return [...rules(BY_MAJOR, false), ...rules(BY_CATEGORY, true)];
}
