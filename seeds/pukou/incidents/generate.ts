/**
 * A year of Pukou cases, day by day up to the end (the load time; the truth file's reference
 * date by default), deterministic from the seed:
 * arrivals with daily, weekly and seasonal cycles, points inside grids by population, the
 * 80/16/4 split of closing level (grid / street / district), and the planted hotspots of
 * hotspots.truth.json on top. Each case is played through the real state machine.
 */
import { shanghaiDate, shanghaiTime } from '../../../api/calendar/working-calendar.ts';
import type { Actor, IncidentEvent, IncidentState, Level, Source } from '../../../api/incidents/model.ts';
import type { IncidentReference } from '../../../api/incidents/reference.ts';
import { reportIncident, selfHandle } from '../../../api/incidents/new-case.ts';
import type { WorkflowEnv } from '../../../api/incidents/transition.ts';
import { Random } from '../../random.ts';
import type { PukouNetwork } from '../types.ts';
import { CategoryPicker, expectedCases, MEAN_DAY_FACTOR, minuteOfDay, pickPriority, pickSource } from './demand.ts';
import { Lifecycle, type Message, type Script } from './lifecycle.ts';
import { Places, type Point } from './places.ts';
import { daysAfterReference, REFERENCE_DATE, shiftedHotspots } from './demo-clock.ts';

export { REFERENCE_DATE, readHotspots, type Hotspot } from './demo-clock.ts';
export const DEMO_DAYS = 365;
export const SCALE_CASES = { demo: 36_000, full: 360_000 } as const;

export interface DemoCase {
  state: IncidentState;
  events: IncidentEvent[];
  messages: Message[];
  hotspot: string | null;
}

export interface DemoOptions {
  seed: number;
  total: number;
  /** Where the year ends (exclusive): the load time; REFERENCE_DATE by default. */
  end?: Date;
  days?: number;
}

/** Departments that take a major class's cases at district level (when the department exists). */
const DEPARTMENTS_BY_MAJOR: Record<string, string[]> = {
  '01': ['urban_management', 'water', 'housing_construction'],
  '02': ['transport', 'traffic_police', 'urban_management'],
  '03': ['urban_management', 'ecology_environment'],
  '04': ['urban_management', 'natural_resources', 'agriculture'],
  '05': ['housing_construction', 'culture_tourism', 'commerce'],
  '06': ['urban_management', 'law_enforcement', 'ecology_environment', 'water'],
  '07': ['law_enforcement', 'urban_management', 'market_regulation'],
  '08': ['housing_construction', 'law_enforcement', 'ecology_environment'],
  '09': ['law_enforcement', 'market_regulation', 'traffic_police', 'public_security'],
  '10': ['urban_management', 'emergency_management', 'transport'],
};

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅'];
const SPOTS = ['路口', '小区门口', '沿街商铺前', '公交站旁', '菜场附近', '河道边', '学校周边', '人行道上'];

interface Arrival {
  minute: number;
  source: Source;
  categoryCode: string;
  point: Point;
  hotspot: string | null;
}

export function* demoCases(network: PukouNetwork, ref: IncidentReference, options: DemoOptions): Generator<DemoCase> {
  const random = new Random(options.seed).fork('incidents');
  const places = new Places(network);
  const picker = new CategoryPicker([...ref.categories.keys()]);
  const end = options.end ?? REFERENCE_DATE;
  // The truth file's windows are relative to its reference date: a later end moves them as much.
  const hotspots = shiftedHotspots(daysAfterReference(end));
  const days = options.days ?? DEMO_DAYS;
  const perDay = options.total / days / MEAN_DAY_FACTOR;
  const env = { limits: ref.limits, calendar: ref.calendar };
  let id = 0;
  // Whole Shanghai days (arrival times are minutes after local midnight), the last one the day
  // holding the end, cut at the end: a load at 14:00 gets that morning's cases, none later.
  const lastDay = shanghaiTime(shanghaiDate(new Date(end.getTime() - 1))).getTime();
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = new Date(lastDay - d * 86_400_000);
    const day = shanghaiDate(dayStart);
    const month = Number(day.slice(5, 7)) - 1;
    const arrivals: Arrival[] = [];
    const n = random.poisson(expectedCases(day, perDay, ref.calendar));
    for (let i = 0; i < n; i++) {
      const source = pickSource(random);
      arrivals.push({ minute: minuteOfDay(source, random), source, categoryCode: picker.pick(month, random), point: places.sample(random), hotspot: null });
    }
    for (const h of hotspots) {
      if (day < h.from || day > h.to) continue;
      for (let k = random.poisson(h.extraCasesPerDay); k > 0; k--) {
        const source = random.pick<Source>(['citizen_app', 'hotline_12345', 'patrol', 'patrol']);
        const minute = minuteOfDay(h.hours === 'evening' ? 'evening' : source, random);
        arrivals.push({ minute, source, categoryCode: h.categoryCode, point: places.sampleNear(h.center, h.radiusM, random), hotspot: h.id });
      }
    }
    arrivals.sort((a, b) => a.minute - b.minute);
    for (const arrival of arrivals) {
      const created = new Date(dayStart.getTime() + arrival.minute * 60_000 + random.int(0, 59) * 1000);
      if (created >= end) continue;
      yield playCase(++id, arrival, created, ref, env, end, random);
    }
  }
}

function playCase(id: number, a: Arrival, created: Date, ref: IncidentReference, env: Omit<WorkflowEnv, 'now'>, end: Date, random: Random): DemoCase {
  const { place } = a.point;
  const category = ref.categories.get(a.categoryCode)!;
  const citizen = a.source === 'citizen_app' || a.source === 'hotline_12345';
  const reporterName = citizen ? random.pick(SURNAMES) + random.pick(GIVEN) + (random.next() < 0.5 ? random.pick(GIVEN) : '') : null;
  const reporterPhone = citizen ? `1${random.pick(['3', '5', '7', '8', '9'])}${String(random.int(0, 999_999_999)).padStart(9, '0')}` : null;
  const spot = random.pick(SPOTS);
  const reported = reportIncident(
    {
      source: a.source, categoryCode: a.categoryCode, priority: pickPriority(random), level: 'grid',
      lon: a.point.lon, lat: a.point.lat, gridCode: place.code, communityCode: place.communityCode, streetCode: place.streetCode,
      address: `${place.streetName}${place.communityName}${spot}`, description: `${category.name}：${place.communityName}${spot}`,
      reporterName, reporterPhone,
    },
    reporterOf(a.source, place.name, reporterName),
    null,
    created,
  );
  const departments = pickDepartments(a.categoryCode, ref.departments, random);
  const level = pickLevel(random);
  const closeAt: Level = level === 'district' && departments.length === 0 ? 'street' : level;
  if (a.source === 'patrol' && closeAt === 'grid' && random.next() < 0.85) {
    const done = selfHandle(reported, { ...env, now: created });
    return { state: { ...done.state, id }, events: done.events, messages: [], hotspot: a.hotspot };
  }
  const script: Script = {
    closeAt,
    voided: a.source !== 'patrol' && random.next() < 0.05,
    stuck: random.next() < 0.005,
    rework: random.next() < 0.05,
    extend: closeAt !== 'grid' && random.next() < 0.06,
    suspend: closeAt !== 'grid' && random.next() < 0.015,
    urge: closeAt !== 'grid' && random.next() < 0.05,
    late: random.next() < 0.06,
    rate: citizen && random.next() < 0.65,
    departments,
  };
  const life = new Lifecycle({ ...reported.state, id }, reported.event, env, end, random, place, ref.departments);
  life.play(script);
  return { state: life.state, events: life.events, messages: life.messages, hotspot: a.hotspot };
}

function pickLevel(random: Random): Level {
  const u = random.next();
  return u < 0.8 ? 'grid' : u < 0.96 ? 'street' : 'district';
}

function reporterOf(source: Source, gridName: string, citizenName: string | null): Actor {
  switch (source) {
    case 'patrol':
      return { role: 'grid_worker', name: `${gridName}网格员` };
    case 'citizen_app':
      return { role: 'citizen', name: citizenName ?? '市民' };
    case 'hotline_12345':
      return { role: 'district_dispatcher', name: '12345热线转办' };
    case 'video':
      return { role: 'system', name: '视频智能识别' };
    case 'superior':
      return { role: 'district_dispatcher', name: '市级交办' };
    case 'petition':
      return { role: 'district_dispatcher', name: '信访转办' };
  }
}

/** One department mostly, two or three for joint enforcement. */
function pickDepartments(categoryCode: string, known: Map<string, string>, random: Random): string[] {
  let candidates = (DEPARTMENTS_BY_MAJOR[categoryCode.slice(0, 2)] ?? []).filter((code) => known.has(code));
  if (candidates.length === 0) candidates = [...known.keys()].slice(0, 3);
  if (candidates.length === 0) return [];
  const u = random.next();
  const count = Math.min(candidates.length, u < 0.6 ? 1 : u < 0.9 ? 2 : 3);
  const shuffled = [...candidates];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return shuffled.slice(0, count);
}
