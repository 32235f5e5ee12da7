/**
 * What the record generators need to know about one grid: its place names, a sampler for
 * points inside it, and its buildings (address points shared by the people and shops in
 * them). Built when the generator reaches the grid and dropped after it.
 */
import type { Random } from '../../random.ts';
import type { DivisionSeed, GridSeed } from '../types.ts';
import { h3Cell } from '../../../api/entities/h3.ts';
import type { PolygonSampler } from './sampler.ts';

export interface Building {
  lng: number;
  lat: number;
  /** H3 cell at resolution 10, decimal. */
  h3r10: string;
  /** Full postal address of the building. */
  address: string;
  /** The residential estate (urban) or village (rural) it belongs to, and that place's address. */
  estate: string;
  estateAddress: string;
  urban: boolean;
}

export interface GridContext {
  grid: GridSeed;
  sampler: PolygonSampler;
  streetName: string;
  /** The community's name without 社区居委会 / 村委会, e.g. 津浦. */
  place: string;
  buildings: Building[];
}

const COMMUNITY_SUFFIX = /(社区居民委员会|社区居委会|村民委员会|村委会|居民委员会|居委会|虚拟社区|社区|村)$/;
const ESTATE_SUFFIXES = ['花园', '小区', '家园', '苑', '新村', '雅居', '公寓', '名邸', '新城', '佳园'];
export const BRANDS = '恒泰 华盛 金陵 江北 鑫源 宏达 永安 瑞丰 明发 天润 嘉禾 锦绣 新城 龙湖 中天 汇通 金地 同创 博远 凯旋 长江 紫金 汤泉 老山 珍珠 浦泰 华宁 盛和 兴业 德顺 顺康 利民 万家 福满 海川 东方 银河 天元 安居 泰和'.split(' ');

/** Urban buildings hold ~30 households (Pukou's many six- to eleven-storey blocks), rural houses ~3. */
function buildingCount(grid: GridSeed): number {
  return grid.kind === 'urban' ? Math.max(3, Math.round(grid.households / 30)) : Math.max(5, Math.round(grid.households / 3));
}

export function shortPlaceName(name: string): string {
  return name.replace(COMMUNITY_SUFFIX, '') || name;
}

export function gridContext(grid: GridSeed, sampler: PolygonSampler, divisions: ReadonlyMap<string, DivisionSeed>, rng: Random): GridContext {
  const streetName = divisions.get(grid.streetCode)?.name ?? '';
  const place = shortPlaceName(divisions.get(grid.communityCode)?.name ?? grid.name);
  const urban = grid.kind === 'urban';
  const count = buildingCount(grid);
  const estates = Array.from({ length: 1 + Math.floor(count / 20) }, () => rng.pick(BRANDS) + rng.pick(ESTATE_SUFFIXES));
  const village = place.endsWith('村') ? place : place + '村';
  const buildings: Building[] = [];
  for (let i = 0; i < count; i++) {
    const [lng, lat] = sampler.sample(rng);
    const estate = urban ? estates[i % estates.length] : village;
    const estateAddress = `南京市浦口区${streetName}${estate}`;
    const address = urban ? `${estateAddress}${Math.floor(i / estates.length) + 1}栋` : `${estateAddress}${1 + Math.floor(i / 25)}组${(i % 25) + 1}号`;
    buildings.push({ lng, lat, h3r10: h3Cell(lat, lng), address, estate, estateAddress, urban });
  }
  return { grid, sampler, streetName, place, buildings };
}
