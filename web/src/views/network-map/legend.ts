/** The compact legend, with the switch between colouring grids by urban/rural and by households. */
import { h } from '../../dom.ts';
import { formatNumber, t } from '../../i18n/index.ts';
import { householdColors, type GridColorMode } from '../../map/layers/grids.ts';
import { COLORS, STREET_PALETTE, ZOOM } from '../../map/theme.ts';

export class Legend {
  readonly element: HTMLElement;
  private zoom = 0;
  private householdBreaks: number[] = [];

  constructor(
    private mode: GridColorMode,
    private readonly onModeChange: (mode: GridColorMode) => void,
  ) {
    this.element = h('section', { class: 'legend', 'data-testid': 'legend' });
    this.render();
  }

  setHouseholdBreaks(breaks: number[]): void {
    this.householdBreaks = breaks;
    this.render();
  }

  setZoom(zoom: number): void {
    const wasBelow = this.zoom < ZOOM.gridMin;
    this.zoom = zoom;
    if (wasBelow !== zoom < ZOOM.gridMin) this.render();
  }

  render(): void {
    // Grid swatches are drawn at the grid fill's opacity, over the map background, to match the map.
    const swatch = (color: string, label: string) => h('li', {}, h('span', { class: 'swatch swatch-grid' }, h('span', { style: `background:${color}` })), label);
    const line = (cls: string, label: string) => h('li', {}, h('span', { class: `line-swatch ${cls}` }), label);
    const gridItems =
      this.mode === 'kind'
        ? [swatch(COLORS.urban, t('kind.urban')), swatch(COLORS.rural, t('kind.rural'))]
        : householdColors(this.householdBreaks).map((color, i, colors) => {
            const breaks = this.householdBreaks;
            if (!breaks.length) return swatch(color, t('legend.byHouseholds'));
            if (i === 0) return swatch(color, `< ${formatNumber(breaks[0])}`);
            if (i === colors.length - 1) return swatch(color, `≥ ${formatNumber(breaks[i - 1])}`);
            return swatch(color, `${formatNumber(breaks[i - 1])} – ${formatNumber(breaks[i])}`);
          });
    const modeButton = (mode: GridColorMode, label: string) =>
      h(
        'button',
        {
          type: 'button',
          class: 'segment',
          'aria-pressed': this.mode === mode ? 'true' : 'false',
          onclick: () => {
            if (this.mode === mode) return;
            this.mode = mode;
            this.onModeChange(mode);
            this.render();
          },
        },
        label,
      );
    this.element.replaceChildren(
      h('h2', { class: 'legend-title' }, t('legend.title')),
      h(
        'ul',
        { class: 'legend-list' },
        line('line-district', t('legend.district')),
        h('li', {}, h('span', { class: 'swatch swatch-streets', style: `background:linear-gradient(90deg,${STREET_PALETTE.slice(0, 4).join(',')})` }), t('legend.street')),
        line('line-community', t('legend.community')),
        line('line-grid', t('legend.grid')),
        line('line-selected', t('legend.selected')),
      ),
      h('div', { class: 'legend-subtitle' }, t('legend.colorBy')),
      h('div', { class: 'segmented', role: 'group' }, modeButton('kind', t('legend.byKind')), modeButton('households', t('legend.byHouseholds'))),
      h('ul', { class: 'legend-list' }, gridItems),
      this.zoom < ZOOM.gridMin ? h('p', { class: 'legend-hint' }, t('legend.zoomHint', { zoom: ZOOM.gridMin })) : '',
    );
  }
}
