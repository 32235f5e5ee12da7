/**
 * "Someone already reported this": open reports of the same kind nearby, offered before a new
 * one is sent. Those this phone follows can be opened; another's ticket opens only with its
 * link, so for those the citizen learns that the problem is known.
 */
import type { PossibleDuplicate } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { formatNumber, t } from '../../i18n/index.ts';
import { formatDateTime } from '../../format.ts';

export type DuplicateChoice = { kind: 'follow'; ticket: string } | { kind: 'submit' } | { kind: 'cancel' };

/** Shows the sheet over the page and resolves with what the citizen chose. */
export function askAboutDuplicates(
  items: PossibleDuplicate[],
  categoryName: (code: string, official: string | null) => string,
  held: (ticket: string) => boolean,
): Promise<DuplicateChoice> {
  return new Promise((resolve) => {
    const done = (choice: DuplicateChoice) => {
      sheet.remove();
      resolve(choice);
    };
    const sheet = h(
      'div',
      { class: 'sheet-backdrop', 'data-testid': 'duplicates' },
      h('div', { class: 'sheet', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dup-title' },
        h('h2', { id: 'dup-title' }, t('dup.title')),
        h('p', { class: 'muted' }, t('dup.text')),
        h('ul', { class: 'dup-list' }, items.slice(0, 5).map((d) =>
          h('li', { class: 'dup', 'data-testid': 'duplicate', 'data-ticket': d.ticket },
            h('div', {}, h('strong', {}, categoryName(d.category.code, d.category.name)), h('span', { class: `public-chip public-${d.status}` }, t(`public.${d.status}`))),
            h('div', { class: 'muted small' }, `${d.ticket} · ${t('dup.item', { distance: formatNumber(d.distanceM), time: formatDateTime(d.createdAt) })}`),
            held(d.ticket)
              ? h('button', { type: 'button', class: 'button primary block', 'data-testid': 'duplicate-follow', onclick: () => done({ kind: 'follow', ticket: d.ticket }) }, t('dup.follow'))
              : h('p', { class: 'muted small', 'data-testid': 'duplicate-known' }, t('dup.known'))))),
        h('button', { type: 'button', class: 'button block', 'data-testid': 'duplicate-submit', onclick: () => done({ kind: 'submit' }) }, t('dup.submitAnyway')),
        h('button', { type: 'button', class: 'link-button block', onclick: () => done({ kind: 'cancel' }) }, t('dup.cancel'))),
    );
    document.body.append(sheet);
  });
}
