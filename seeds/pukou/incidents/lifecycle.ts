/**
 * The life of one demo case, played through the server's own state machine (applyAction), so
 * the demo's statuses, clocks and event log are exactly what the API would have produced.
 * Events after the reference date are not played: recent cases stay open where they are.
 */
import { clockFor } from '../../../api/calendar/working-calendar.ts';
import type { Actor, IncidentEvent, IncidentState, Level } from '../../../api/incidents/model.ts';
import { applyAction, type ActionInput, type WorkflowEnv } from '../../../api/incidents/transition.ts';
import type { Random } from '../../random.ts';
import type { Place } from './places.ts';

const MINUTE = 60_000;

export interface Script {
  closeAt: Level;
  voided: boolean;
  /** Suspended and never resumed (缓办 without end): stays open. */
  stuck: boolean;
  rework: boolean;
  extend: boolean;
  suspend: boolean;
  urge: boolean;
  late: boolean;
  rate: boolean;
  departments: string[];
}

export interface Message {
  author: 'citizen' | 'centre';
  authorName: string | null;
  body: string;
  at: Date;
}

class PastReferenceDate extends Error {}

export class Lifecycle {
  readonly events: IncidentEvent[];
  readonly messages: Message[] = [];
  private t: Date;

  constructor(
    public state: IncidentState,
    first: IncidentEvent,
    private readonly env: Omit<WorkflowEnv, 'now'>,
    private readonly end: Date,
    private readonly random: Random,
    private readonly place: Place,
    private readonly departmentNames: Map<string, string>,
  ) {
    this.events = [first];
    this.t = state.createdAt;
  }

  /** Plays the script up to the reference date. */
  play(script: Script): void {
    try {
      this.run(script);
    } catch (error) {
      if (!(error instanceof PastReferenceDate)) throw error;
    }
  }

  private run(s: Script) {
    const worker = this.gridWorker();
    const dispatcher = this.streetDispatcher();
    this.act({ action: 'verify', actor: worker }, this.after(this.state.source === 'patrol' ? [1, 5] : [15, 120]));
    if (s.voided) {
      this.act({ action: 'void', actor: dispatcher, note: this.random.pick(['经核实不属实', '重复上报，已合并', '不属于城市管理范围']) }, this.after([5, 60]));
      return;
    }
    this.act({ action: 'register', actor: dispatcher }, this.after([5, 30]));
    if (s.stuck) {
      this.act({ action: 'suspend', actor: dispatcher, note: '涉及历史遗留问题，待专项资金落实后处置' }, this.after([60, 240]));
      return;
    }
    this.act({ action: 'dispatch', actor: dispatcher, assignee: worker.name }, this.after([5, 30]));
    this.act({ action: 'accept', actor: worker }, this.after([5, 60]));
    if (s.closeAt === 'grid') return this.handle(s, [worker]);

    this.act({ action: 'escalate', actor: worker, note: '网格内无法处置，申请街道协调' }, this.atShare(this.random.range(0.2, 0.7)));
    const unit: Actor = { role: 'department', name: `${this.place.streetName}综合执法中队` };
    this.act({ action: 'dispatch', actor: dispatcher, assignee: unit.name }, this.after([10, 90]));
    this.act({ action: 'accept', actor: unit }, this.after([10, 120]));
    if (s.closeAt === 'street') return this.handle(s, [unit]);

    this.act({ action: 'escalate', actor: dispatcher, note: '需区级部门联合处置' }, this.atShare(this.random.range(0.2, 0.6)));
    const centre = this.districtDispatcher();
    this.act({ action: 'dispatch', actor: centre, departments: s.departments }, this.after([10, 120]));
    const departments = s.departments.map((code): Actor => ({ role: 'department', name: this.departmentNames.get(code) ?? code, department: code }));
    for (const department of departments) this.act({ action: 'accept', actor: department }, this.after([10, 240]));
    this.handle(s, departments);
  }

  /** Handling at the case's current level by its handlers, then check, close and rating. */
  private handle(s: Script, handlers: Actor[]) {
    const dispatcher = this.state.level === 'district' ? this.districtDispatcher() : this.streetDispatcher();
    const share = s.late ? this.random.range(1.02, 1.6) : 0.1 + 0.65 * Math.pow(this.random.next(), 1.3);
    if (s.suspend && share > 0.4) {
      this.act({ action: 'suspend', actor: dispatcher, note: '等待天气好转后施工' }, this.atShare(0.4));
      this.act({ action: 'resume', actor: dispatcher }, new Date(this.t.getTime() + this.random.range(1, 8) * 86_400_000));
    }
    if (s.extend && share > 0.7) {
      this.act({ action: 'extend', actor: dispatcher, amount: 1, note: '需协调材料，申请延期' }, this.atShare(0.7));
    }
    if (s.urge && share > 0.85) this.act({ action: 'urge', actor: this.districtDispatcher(), note: '请加快处置' }, this.atShare(0.85));
    this.maybeMessage(s);
    for (const handler of handlers) this.act({ action: 'feedback', actor: handler, note: '已处置完毕' }, this.atShare(share * this.random.range(0.9, 1)));
    if (s.rework) {
      this.act({ action: 'check_fail', actor: this.gridWorker(), note: '核查未通过：问题仍存在' }, this.after([30, 240]));
      for (const handler of handlers) this.act({ action: 'accept', actor: handler }, this.after([10, 60]));
      for (const handler of handlers) this.act({ action: 'feedback', actor: handler, note: '已重新处置' }, this.after([60, 480]));
    }
    // Check and closure take a little of the remaining time, so on-time cases stay on time.
    this.act({ action: 'check_pass', actor: this.gridWorker() }, this.later([5, 20], share + this.random.range(0.02, 0.1)));
    this.act({ action: 'close', actor: dispatcher }, this.later([3, 15], share + this.random.range(0.12, 0.15)));
    if (s.rate) {
      const rating = this.random.pick([5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 2, 1]);
      const comment = rating >= 4 ? this.random.pick([null, '处理及时，满意', '很快就处理好了']) : this.random.pick([null, '处理太慢', '问题没有彻底解决']);
      this.act({ action: 'evaluate', actor: { role: 'citizen', name: '市民' }, rating, comment: comment ?? undefined }, this.after([30, 72 * 60]));
    }
  }

  private maybeMessage(s: Script) {
    if (this.state.source !== 'citizen_app' || !s.rate || this.random.next() > 0.15) return;
    const asked = this.after([120, 24 * 60]);
    const answered = new Date(asked.getTime() + this.random.range(10, 120) * MINUTE);
    if (answered >= this.end) return;
    this.messages.push({ author: 'citizen', authorName: null, body: '请问这个问题什么时候能处理好？', at: asked });
    this.messages.push({ author: 'centre', authorName: '浦口区联勤指挥中心', body: '您好，该问题已派遣处置单位，将在时限内处理完毕，请耐心等待。', at: answered });
  }

  private act(input: ActionInput, at: Date) {
    const when = new Date(Math.max(at.getTime(), this.t.getTime() + MINUTE));
    if (when >= this.end) throw new PastReferenceDate();
    const applied = applyAction(this.state, input, { ...this.env, now: when });
    this.state = applied.state;
    this.events.push(applied.event);
    this.t = when;
  }

  /** A random delay in minutes after the last event. */
  private after([min, max]: [number, number]): Date {
    return new Date(this.t.getTime() + this.random.range(min, max) * MINUTE);
  }

  /** A short delay, or the instant a share of the time limit is used when that is later. */
  private later(minutes: [number, number], share: number): Date {
    return new Date(Math.max(this.after(minutes).getTime(), this.atShare(share).getTime()));
  }

  /** The instant a share of the current time limit is used up (on the limit's clock). */
  private atShare(share: number): Date {
    const s = this.state;
    if (!s.limitUnit || s.limitMinutes === null || !s.clockStartedAt) return this.after([10, 60]);
    return clockFor(s.limitUnit, this.env.calendar).add(s.clockStartedAt, share * s.limitMinutes + s.pausedMinutes);
  }

  private gridWorker = (): Actor => ({ role: 'grid_worker', name: `${this.place.name}网格员` });
  private streetDispatcher = (): Actor => ({ role: 'street_dispatcher', name: `${this.place.streetName}联勤分中心` });
  private districtDispatcher = (): Actor => ({ role: 'district_dispatcher', name: '浦口区联勤指挥中心' });
}
