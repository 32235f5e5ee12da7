/**
 * Step 3: photos. `<input type=file accept=image/* capture=environment>` opens the camera on a
 * phone. Each photo is prepared once, when chosen (photos.ts): a retry sends the very same bytes.
 */
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { preparePhoto } from '../../photos.ts';

export const MAX_PHOTOS = 3;
export class PhotoInput {
  readonly element = h('section', { class: 'step', 'data-testid': 'photo-step' });
  readonly photos: { blob: Blob; url: string }[] = [];
  private error = false;

  constructor(private readonly onChange: () => void) {
    this.render();
  }

  reset(): void {
    for (const photo of this.photos.splice(0)) URL.revokeObjectURL(photo.url);
    this.error = false;
    this.render();
  }

  private async add(files: FileList | null): Promise<void> {
    this.error = false;
    for (const file of [...(files ?? [])].slice(0, MAX_PHOTOS - this.photos.length)) {
      try {
        const blob = await preparePhoto(file);
        this.photos.push({ blob, url: URL.createObjectURL(blob) });
      } catch (error) {
        console.warn('photo:', error);
        this.error = true;
      }
    }
    this.render();
    this.onChange();
  }

  private remove(index: number): void {
    const [photo] = this.photos.splice(index, 1);
    if (photo) URL.revokeObjectURL(photo.url);
    this.render();
    this.onChange();
  }

  render(): void {
    const input = h('input', { type: 'file', accept: 'image/*', capture: 'environment', class: 'visually-hidden', 'data-testid': 'photo-input' });
    input.addEventListener('change', () => void this.add(input.files));
    const full = this.photos.length >= MAX_PHOTOS;
    this.element.replaceChildren(
      h('h2', { class: 'step-title' }, h('span', { class: 'step-number' }, '3'), t('report.photos', { n: MAX_PHOTOS })),
      h('div', { class: 'photo-row' },
        this.photos.map((photo, i) =>
          h('div', { class: 'thumb', 'data-testid': 'photo-thumb' }, h('img', { src: photo.url, alt: '' }),
            h('button', { type: 'button', class: 'thumb-remove', 'aria-label': t('report.removePhoto'), onclick: () => this.remove(i) }, '×'))),
        full ? '' : h('label', { class: 'add-photo' }, input, h('span', { class: 'camera', 'aria-hidden': 'true' }), h('span', {}, t('report.addPhoto')))),
      this.error ? h('p', { class: 'form-error' }, t('report.photoFailed')) : '',
    );
  }
}
