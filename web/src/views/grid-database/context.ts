/** What the grid database's views share, loaded once by the page: the user, the categories, their grids. */
import { api, type Division, type GridCollection } from '../../api.ts';
import type { SessionUser } from '../../auth-api.ts';
import { gridDatabaseApi, type CategoryCountView, type StatsLevel } from '../../grid-database-api.ts';

export const DISTRICT_CODE = '320111';

export interface GridDatabaseContext {
  user: SessionUser;
  /** The categories that have records in the user's jurisdiction, by code. */
  categories: CategoryCountView[];
  /** The current grids in the user's jurisdiction. */
  grids: GridCollection;
  district: Division;
  basemapStyleUrl: string | null;
}

const LEVEL_OF_LENGTH: Record<number, StatsLevel> = { 6: 'district', 9: 'street', 12: 'community', 15: 'grid' };

/** The user's jurisdiction as a statistics area (the district when it has none). */
export function homeArea(user: SessionUser): { level: StatsLevel; code: string } {
  const code = user.jurisdiction ?? DISTRICT_CODE;
  return { level: LEVEL_OF_LENGTH[code.length] ?? 'district', code };
}

export async function loadContext(user: SessionUser): Promise<GridDatabaseContext> {
  const home = homeArea(user);
  const [config, district, grids, stats] = await Promise.all([
    api.config().catch(() => ({ basemapStyleUrl: null })),
    api.division(DISTRICT_CODE),
    api.grids(),
    gridDatabaseApi.stats(home.level, home.code),
  ]);
  const own: GridCollection = { ...grids, features: grids.features.filter((f) => f.properties.code.startsWith(home.code)) };
  return { user, categories: stats.entities.byCategory, grids: own, district, basemapStyleUrl: config.basemapStyleUrl };
}

/** A category's name in the UI's language. */
export const categoryName = (category: Pick<CategoryCountView, 'nameZh' | 'nameEn'>, lang: string) => (lang === 'en' ? category.nameEn : category.nameZh);
