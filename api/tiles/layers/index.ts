/** Every tile layer, by name: adding a layer is one file and one line here. */
import type { AnyTileLayer } from '../layer.ts';
import { cityComponentsLayer } from './city-components.ts';
import { incidentsH3Layer } from './incidents-h3.ts';
import { incidentsLayer } from './incidents.ts';
import { communitiesLayer, gridsLayer, streetsLayer } from './network.ts';

export const TILE_LAYERS: readonly AnyTileLayer[] = [streetsLayer, communitiesLayer, gridsLayer, cityComponentsLayer, incidentsLayer, incidentsH3Layer];
