/** English UI strings. Must carry every key of zh-CN.ts (checked by the type). */
import type { Messages } from './index.ts';
import { analyticsEn } from './analytics.en.ts';
import { authEn } from './auth.en.ts';
import { casesEn } from './cases.en.ts';
import { citizenEn } from './citizen.en.ts';
import { deskEn } from './desk.en.ts';
import { gridDatabaseEn } from './grid-database.en.ts';

export const en: Messages = {
  ...analyticsEn,
  ...authEn,
  ...casesEn,
  ...deskEn,
  ...gridDatabaseEn,
  ...citizenEn,

  'app.title': 'Pukou District Grid Governance',
  'app.subtitle': 'Lianqin · four-level grid network',
  'app.loading': 'Loading the grid network…',
  'app.loadFailed': 'Could not load data',
  'lang.switch': '中文',
  'lang.switchTitle': '切换到中文',

  'level.district': 'District',
  'level.street': 'Street',
  'level.community': 'Community',
  'level.grid': 'Grid',

  'search.placeholder': 'Search streets, communities, grids by name or code',
  'search.label': 'Search',
  'search.none': 'No matches',
  'search.failed': 'Search failed',

  'panel.close': 'Close',
  'panel.loading': 'Loading…',
  'panel.failed': 'Could not load the grid',
  'panel.hierarchy': 'Hierarchy',
  'panel.overview': 'Overview',
  'panel.code': 'Grid code',
  'panel.kind': 'Grid type',
  'panel.households': 'Households',
  'panel.population': 'Population',
  'panel.area': 'Area',
  'panel.version': 'Version',
  'panel.validFrom': 'Valid from',
  'panel.staff': 'Grid staff',
  'panel.staffNone': 'No staff assigned',
  'panel.entities': 'Grid database',
  'panel.entitiesTotal': 'Total',
  'panel.zoomTo': 'Zoom to {name}',
  'unit.km2': 'km²',
  'panel.householdsUnit': '',
  'panel.populationUnit': '',
  'unit.households': 'households',
  'unit.people': 'people',

  'kind.urban': 'Urban grid',
  'kind.rural': 'Rural grid',

  'role.grid_leader': 'Grid leader',
  'role.policy_publicist': 'Policy publicist',
  'role.information_officer': 'Information officer',
  'role.aid_officer': 'Aid officer',
  'role.dispute_mediator': 'Dispute mediator',
  'role.building_head': 'Building head',

  'domain.resident_population': 'Resident population',
  'domain.registered_population': 'Registered population',
  'domain.floating_population': 'Floating population',
  'domain.legal_entity': 'Legal entities',
  'domain.city_component': 'City components',

  'legend.title': 'Legend',
  'legend.colorBy': 'Colour grids by',
  'legend.byKind': 'Urban / rural',
  'legend.byHouseholds': 'Households',
  'legend.district': 'District boundary',
  'legend.street': 'Streets',
  'legend.community': 'Community boundary',
  'legend.grid': 'Grid boundary',
  'legend.selected': 'Selected grid',
  'legend.zoomHint': 'Zoom to level {zoom} to see grids',

  'map.clickToZoom': 'Click to zoom in',

  'status.database': 'Database',
  'status.embedded': 'embedded PGlite',
  'status.postgres': 'PostgreSQL',
  'status.offline': 'server unavailable',
  'status.counts': '{streets} streets · {communities} communities · {grids} grids',
  'status.zoom': 'Zoom',
};
