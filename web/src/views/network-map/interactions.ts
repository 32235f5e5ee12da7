/**
 * Pointer handling on the map: hover highlights a grid (with a tooltip), a click on a grid
 * selects it, a click elsewhere in the district drills into the community or street under it.
 */
import type { MapGeoJSONFeature, MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { DivisionProperties, GridProperties } from '../../api.ts';
import { h } from '../../dom.ts';
import { formatNumber, t } from '../../i18n/index.ts';
import { COMMUNITY_FILL_LAYER_ID } from '../../map/layers/communities.ts';
import { GRID_FILL_LAYER_ID, setHoveredGrid } from '../../map/layers/grids.ts';
import { STREET_FILL_LAYER_ID } from '../../map/layers/streets.ts';

export interface InteractionHandlers {
  onGridClick(code: string): void;
  onAreaClick(level: 'street' | 'community', code: string): void;
}

function topFeature(map: MapLibreMap, event: MapMouseEvent, layer: string): MapGeoJSONFeature | undefined {
  if (!map.getLayer(layer)) return undefined;
  return map.queryRenderedFeatures(event.point, { layers: [layer] })[0];
}

export function bindInteractions(map: MapLibreMap, handlers: InteractionHandlers): void {
  const canvas = map.getCanvasContainer();
  const tooltip = h('div', { class: 'map-tooltip', role: 'tooltip', hidden: true });
  map.getContainer().append(tooltip);
  let hovered: string | null = null;

  map.on('mousemove', (event) => {
    const grid = topFeature(map, event, GRID_FILL_LAYER_ID);
    const community = grid ? undefined : topFeature(map, event, COMMUNITY_FILL_LAYER_ID);
    const street = grid || community ? undefined : topFeature(map, event, STREET_FILL_LAYER_ID);
    hovered = setHoveredGrid(map, hovered, grid ? String(grid.properties.code) : null);
    canvas.style.cursor = grid || community || street ? 'pointer' : '';
    if (grid) {
      const p = grid.properties as GridProperties;
      tooltip.replaceChildren(
        h('strong', {}, p.name),
        h('span', {}, `${p.communityName} · ${p.streetName}`),
        h('span', {}, `${t(`kind.${p.kind}`)} · ${formatNumber(p.households)} ${t('unit.households')} · ${formatNumber(p.population)} ${t('unit.people')}`),
      );
    } else if (community || street) {
      // Small areas may have no room for a label: the tooltip names them, and says a click zooms in.
      const p = (community ?? street)!.properties as DivisionProperties;
      tooltip.replaceChildren(
        h('strong', {}, p.name),
        h('span', {}, `${t(community ? 'level.community' : 'level.street')} · ${p.code}`),
        h('span', { class: 'map-tooltip-hint' }, t('map.clickToZoom')),
      );
    } else {
      tooltip.hidden = true;
      return;
    }
    tooltip.style.transform = `translate(${event.point.x + 14}px, ${event.point.y + 14}px)`;
    tooltip.hidden = false;
  });

  // The feature under a still cursor changes when the map moves; the next mousemove redraws.
  map.on('movestart', () => {
    tooltip.hidden = true;
  });

  map.on('mouseout', () => {
    hovered = setHoveredGrid(map, hovered, null);
    tooltip.hidden = true;
    canvas.style.cursor = '';
  });

  map.on('click', (event) => {
    const grid = topFeature(map, event, GRID_FILL_LAYER_ID);
    if (grid) return handlers.onGridClick(String(grid.properties.code));
    const community = topFeature(map, event, COMMUNITY_FILL_LAYER_ID);
    if (community) return handlers.onAreaClick('community', String(community.properties.code));
    const street = topFeature(map, event, STREET_FILL_LAYER_ID);
    if (street) handlers.onAreaClick('street', String(street.properties.code));
  });
}
