/**
 * The week shown on the map: a slider over the weeks of the last 12 months and a play button
 * that steps a week every `STEP_MS` (the next week's answer is requested ahead, so playback
 * does not wait on the network).
 */
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import type { Week } from './weeks.ts';

const STEP_MS = 1200;

export class TimeSlider {
  readonly element = h('section', { class: 'analytics-time', 'data-testid': 'time-slider' });
  private readonly input = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, 'data-testid': 'week-range', 'aria-label': '' });
  private readonly button = h('button', { type: 'button', class: 'play-button', 'data-testid': 'play' });
  private readonly label = h('output', { class: 'week-label', 'data-testid': 'week-label' });
  private timer: number | undefined;
  private weeks: Week[] = [];

  constructor(
    private readonly onWeek: (index: number) => void,
    /** Called ahead of playback reaching a week, to fetch it early. */
    private readonly prefetch: (index: number) => void,
  ) {
    this.input.addEventListener('input', () => this.onWeek(Number(this.input.value)));
    this.button.addEventListener('click', () => (this.playing ? this.stop() : this.play()));
    this.element.append(this.button, this.input, this.label);
    this.render();
  }

  get playing(): boolean {
    return this.timer !== undefined;
  }

  setWeeks(weeks: Week[], index: number): void {
    this.weeks = weeks;
    this.input.max = String(weeks.length - 1);
    this.show(index);
  }

  /** Moves the thumb without calling back (the view chose the week). */
  show(index: number): void {
    this.input.value = String(index);
    const week = this.weeks[index];
    this.label.textContent = week ? t('analytics.week', { start: week.id, end: new Date(week.end.getTime() - 1 + 8 * 3_600_000).toISOString().slice(0, 10) }) : '';
  }

  render(): void {
    this.input.setAttribute('aria-label', t('analytics.weekSlider'));
    this.button.textContent = this.playing ? '❚❚' : '▶';
    this.button.title = t(this.playing ? 'analytics.pause' : 'analytics.play');
    this.button.setAttribute('aria-label', this.button.title);
    this.show(Number(this.input.value));
  }

  play(): void {
    if (this.playing || this.weeks.length < 2) return;
    let index = Number(this.input.value);
    if (index >= this.weeks.length - 1) index = -1;
    this.prefetch(index + 1);
    this.timer = window.setInterval(() => {
      index += 1;
      if (index >= this.weeks.length) {
        this.stop();
        return;
      }
      this.show(index);
      this.onWeek(index);
      if (index + 1 < this.weeks.length) this.prefetch(index + 1);
    }, STEP_MS);
    this.render();
  }

  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
    this.render();
  }
}
