/**
 * One record of the grid database: where it is and its attributes, by kind (person, legal
 * entity or premises, city component). Attributes are JSON text, ready for a jsonb column.
 */
import type { Random } from '../../random.ts';
import type { CategoryDef, EntityProfile, PersonProfile } from './categories.ts';
import { BRANDS, type GridContext } from './grid-context.ts';
import { h3Cell } from '../../../api/entities/h3.ts';
import { creditCode, idCardNumber, mobileNumber, personName, type Gender } from './identity.ts';

export const AREA_CODE = '320111';
/** The day the synthetic data describes: ages, birth dates and "this year" are relative to it. */
export const REFERENCE_YEAR = 2026;

export interface Place {
  lng: number;
  lat: number;
  /** H3 cell at resolution 10, decimal (coarser ones: h3_parent in SQL). */
  h3r10: string;
}

/** Age pyramid of an eastern-Chinese district, 5-year bands from 0–4 to 95–99 (shares in %). */
const AGE_BANDS = [5.3, 6.3, 5.9, 5.2, 5.3, 6.3, 8.7, 7.0, 6.6, 8.0, 8.5, 7.1, 5.2, 5.2, 3.6, 2.3, 1.5, 0.8, 0.3, 0.06];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function sampleAge(rng: Random, profile: PersonProfile): number {
  if (profile.ageMin === profile.ageMax) return profile.ageMin;
  let total = 0;
  for (let a = profile.ageMin; a <= profile.ageMax; a++) total += AGE_BANDS[Math.floor(a / 5)];
  let pick = rng.next() * total;
  for (let a = profile.ageMin; a <= profile.ageMax; a++) {
    pick -= AGE_BANDS[Math.floor(a / 5)];
    if (pick < 0) return a;
  }
  return profile.ageMax;
}

function birthDate(rng: Random, age: number): string {
  const year = REFERENCE_YEAR - 1 - age;
  const month = 1 + Math.floor(rng.next() * 12);
  const day = 1 + Math.floor(rng.next() * MONTH_DAYS[month - 1]);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function room(rng: Random): string {
  const floor = 1 + Math.floor(rng.next() * 11);
  return `${1 + Math.floor(rng.next() * 3)}单元${floor}0${1 + Math.floor(rng.next() * 4)}室`;
}

/** A person at home: a building of the grid, with their flat. */
export function personRecord(ctx: GridContext, profile: PersonProfile, rng: Random): { place: Place; attrs: string } {
  const building = ctx.buildings[Math.floor(rng.next() * ctx.buildings.length)];
  const gender: Gender = rng.next() < (profile.female ?? 0.49) ? 'female' : 'male';
  const birth = birthDate(rng, sampleAge(rng, profile));
  const name = personName(rng, gender);
  const address = building.urban ? building.address + room(rng) : building.address;
  const attrs = JSON.stringify({
    name,
    gender,
    birth_date: birth,
    id_card: idCardNumber(rng, AREA_CODE, birth, gender),
    phone: mobileNumber(rng),
    address,
  });
  return { place: building, attrs };
}

const ROADS = '江浦路 浦珠路 大桥北路 浦口大道 文德路 凤凰大街 江山路 浦滨路 象贤路 龙华路 星甸路 汤泉路 沿山大道 丰子河路 永新路 浦泗路 柳州北路 浦镇大街 定向河路 新浦路'.split(' ');

/** A legal entity or premises: in a building (shops, rented flats) or on its own plot along a road. */
export function entityRecord(ctx: GridContext, profile: EntityProfile, rng: Random): { place: Place; attrs: string } {
  let place: Place;
  let address: string;
  let estate = '';
  if (rng.next() < profile.inBuilding) {
    const building = ctx.buildings[Math.floor(rng.next() * ctx.buildings.length)];
    place = building;
    estate = building.estate;
    address =
      profile.premises === 'estate' ? building.estateAddress : profile.premises === 'flat' && building.urban ? building.address + room(rng) : building.address;
  } else {
    const [lng, lat] = ctx.sampler.sample(rng);
    address = `南京市浦口区${ctx.streetName}${ROADS[Math.floor(rng.next() * ROADS.length)]}${1 + Math.floor(rng.next() * 300)}号`;
    place = { lng, lat, h3r10: h3Cell(lat, lng) };
  }
  const pattern = profile.names[Math.floor(rng.next() * profile.names.length)];
  const brand = BRANDS[Math.floor(rng.next() * BRANDS.length)];
  const name = pattern
    .replace('{brand}', brand)
    .replace('{place}', ctx.place)
    .replace('{street}', ctx.streetName)
    .replace('{estate}', estate)
    .replace('{address}', address);
  const contact = personName(rng, rng.next() < 0.5 ? 'male' : 'female');
  const record: Record<string, string> = { name };
  if (profile.creditKind) record.credit_code = creditCode(rng, profile.creditKind, AREA_CODE);
  record.contact = contact;
  record.phone = mobileNumber(rng);
  record.address = address;
  return { place, attrs: JSON.stringify(record) };
}

/** A city component on its own point; its name carries the class and the sequence of its id. */
export function componentRecord(ctx: GridContext, category: CategoryDef, sequence: number, rng: Random): { place: Place; attrs: string } {
  const [lng, lat] = ctx.sampler.sample(rng);
  return { place: { lng, lat, h3r10: h3Cell(lat, lng) }, attrs: JSON.stringify({ name: `${category.nameZh}${String(sequence).padStart(6, '0')}号` }) };
}

/** 17 digits: district, 5-digit class, 6-digit sequence within the class (from 1). */
export function componentId(classCode: string, sequence: number): string {
  return AREA_CODE + classCode + String(sequence).padStart(6, '0');
}
