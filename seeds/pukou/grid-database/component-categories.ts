/**
 * City components (管理部件): the 100 commonest classes of the GB/T 47678.5-2026 directory
 * (seeds/reference/standards), category code = the 5-digit class code. Chinese names come from
 * the directory; densities are per 1,000 residents and per km².
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CategoryDef } from './categories.ts';

export const GB_DIRECTORY = path.resolve(import.meta.dirname, '../../reference/standards/gb47678-5-2026-directory.csv');

/** [class code, English name, per 1,000 residents, per km²] */
const CLASSES: readonly [string, string, number, number][] = [
  ['01001', 'Water-supply manhole cover', 30, 10],
  ['01002', 'Sewer manhole cover', 40, 8],
  ['01003', 'Storm-drain manhole cover', 40, 10],
  ['01004', 'Storm-drain grate', 70, 12],
  ['01005', 'Power manhole cover', 25, 6],
  ['01006', 'Street-light manhole cover', 15, 4],
  ['01007', 'Telecom manhole cover', 35, 6],
  ['01008', 'Cable-TV manhole cover', 8, 1],
  ['01009', 'Network manhole cover', 10, 1],
  ['01011', 'Gas manhole cover', 15, 2],
  ['01012', 'Police manhole cover', 3, 0.5],
  ['01013', 'Fire-fighting facility', 12, 2],
  ['01014', 'Landscaping manhole cover', 4, 1],
  ['01015', 'Traffic-signal power manhole cover', 2, 0.5],
  ['01017', 'Cable manhole cover', 10, 3],
  ['01018', 'Septic-tank manhole cover', 20, 4],
  ['01023', 'Unidentified manhole cover', 5, 1],
  ['01026', 'Trench cover plate', 12, 3],
  ['01027', 'Telecom cross-connect cabinet', 6, 2],
  ['01028', 'Power facility', 5, 3],
  ['01029', 'Power facility sign', 3, 2],
  ['01030', 'Power pole', 20, 60],
  ['01031', 'Telecom pole', 15, 30],
  ['01032', 'Bus-sign pole', 2, 0.5],
  ['01037', 'Street light', 60, 25],
  ['01039', 'Decorative light', 15, 2],
  ['01045', 'Vending machine', 2, 0.2],
  ['01046', 'Outdoor fitness equipment', 6, 1],
  ['01047', 'High-voltage pylon', 0.5, 3],
  ['01048', 'Transformer (box)', 5, 4],
  ['01049', 'Gas pressure-regulating station', 2, 0.5],
  ['01050', 'Surveillance camera', 20, 5],
  ['01052', 'Rest pavilion', 0.5, 0.3],
  ['01053', 'Self-service payment kiosk', 0.5, 0.05],
  ['01054', 'EV charging post', 12, 1],
  ['01059', 'Used-clothing collection bin', 1.5, 0.1],
  ['01060', 'Street-light distribution box', 2, 1],
  ['01062', 'Telecom base station', 1.5, 2],
  ['01065', 'Responsibility notice board', 3, 0.5],
  ['01067', 'Flood-monitoring facility', 0.3, 0.5],
  ['01069', 'Waterway ancillary facility', 0.5, 2],
  ['01070', 'Waterside railing', 1, 2],
  ['01072', 'Drainage pumping station', 0.1, 0.2],
  ['01073', 'Storm or sewage outfall', 0.8, 1.5],
  ['01075', 'Parcel locker', 3, 0.2],
  ['01077', 'Multi-function pole', 4, 0.5],
  ['02001', 'Car park', 1.5, 0.3],
  ['02003', 'Parking meter', 3, 0.1],
  ['02004', 'Bus-stop facility', 2, 1.5],
  ['02006', 'Pedestrian overpass', 0.05, 0.01],
  ['02009', 'River bridge', 0.2, 0.6],
  ['02010', 'Traffic sign and marking', 25, 8],
  ['02011', 'Height-limit sign', 0.3, 0.5],
  ['02012', 'Street-name sign', 6, 2],
  ['02013', 'Place-name sign', 2, 1],
  ['02014', 'Traffic light', 4, 0.5],
  ['02015', 'Traffic-signal equipment', 3, 0.4],
  ['02016', 'Traffic police box', 0.1, 0.02],
  ['02017', 'Traffic railing', 15, 4],
  ['02018', 'Crash barrel', 2, 1],
  ['02020', 'Crosswalk bollard', 8, 0.5],
  ['02021', 'Pavement bollard', 30, 2],
  ['02022', 'Flexible lane divider', 5, 1],
  ['02023', 'Road information display', 0.2, 0.05],
  ['02025', 'Bicycle parking area', 5, 0.3],
  ['02026', 'Bike-share station', 1.5, 0.1],
  ['02027', 'Bicycle rack', 4, 0.2],
  ['02030', 'Waterway sign', 0.3, 1],
  ['02033', 'Traffic convex mirror', 1, 1],
  ['02034', 'Accessibility facility', 6, 0.3],
  ['02035', 'Emergency-shelter sign', 0.5, 0.1],
  ['02038', 'Door (building number) plate', 80, 20],
  ['02039', 'Police direction sign', 0.5, 0.1],
  ['02043', 'Speed bump', 4, 1],
  ['03001', 'Public toilet', 0.4, 0.3],
  ['03002', 'Public-toilet sign', 0.6, 0.2],
  ['03003', 'Septic tank', 5, 3],
  ['03004', 'Refuse room (building)', 2, 0.5],
  ['03005', 'Litter bin', 35, 8],
  ['03006', 'Outdoor advertisement', 8, 1],
  ['03007', 'Shop sign', 30, 2],
  ['03008', 'Notice board', 3, 1],
  ['03010', 'Environmental monitoring station', 0.03, 0.05],
  ['03014', 'Sanitation tool room (box)', 0.5, 0.2],
  ['03016', 'Cigarette-butt bin or smoking point', 2, 0.1],
  ['04001', 'Ancient or famous tree', 0.05, 0.2],
  ['04002', 'Street tree', 100, 40],
  ['04003', 'Solitary tree', 30, 45],
  ['04004', 'Tree guard', 20, 3],
  ['04005', 'Flower stand or planter', 5, 0.5],
  ['04006', 'Sculpture', 0.3, 0.1],
  ['04007', 'Street bench', 8, 1],
  ['04008', 'Green-space railing', 10, 2],
  ['04009', 'Green-space ancillary facility', 5, 2],
  ['04010', 'Fountain', 0.1, 0.02],
  ['04011', 'Tree pit', 40, 5],
  ['04013', 'Green space', 3, 5],
  ['04014', 'Woodland and woodland-care facility', 0.1, 8],
  ['05003', 'Filling (gas, charging) station', 0.05, 0.08],
  ['05009', 'Cultural relic or historic site', 0.02, 0.05],
];

export interface DirectoryEntry {
  kind: string;
  code: string;
  majorCode: string;
  majorName: string;
  name: string;
}

let directory: DirectoryEntry[] | undefined;

/** The GB/T 47678.5-2026 directory (管理部件 and 管理事项), in file order. */
export function gbDirectory(): DirectoryEntry[] {
  directory ??= fs
    .readFileSync(GB_DIRECTORY, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [kind, code, majorCode, majorName, name] = line.trim().split(',');
      return { kind, code, majorCode, majorName, name };
    });
  return directory;
}

let categories: CategoryDef[] | undefined;

export function componentCategories(): CategoryDef[] {
  if (categories) return categories;
  const names = new Map(gbDirectory().filter((e) => e.kind === '管理部件').map((e) => [e.code, e.name]));
  categories = CLASSES.map(([code, nameEn, per1k, perKm2]) => {
    const nameZh = names.get(code);
    if (!nameZh) throw new Error(`component class ${code} is not in ${GB_DIRECTORY}`);
    return {
      code,
      domain: 'city_component',
      nameZh,
      nameEn,
      gbCode: code,
      personal: false,
      density: { perCapita: per1k / 1000, perKm2 },
    };
  });
  return categories;
}
