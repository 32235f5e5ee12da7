/** Rating a closed ticket: 1–5 stars and a comment, once (the server refuses a second rating). */
import type { PublicTicket } from '../../citizen-api.ts';
import { citizenApi } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { failureText } from './submit.ts';

const stars = (score: number) => h('span', { class: 'stars', 'aria-label': t('ticket.star', { n: score }) }, '★'.repeat(score), h('span', { class: 'stars-off' }, '★'.repeat(5 - score)));

/** The rating given, the form to give one, or nothing (not closed yet). */
export function ratingSection(ticket: PublicTicket, onRated: (ticket: PublicTicket) => void): HTMLElement | string {
  if (ticket.rating) {
    return h('section', { class: 'card', 'data-testid': 'ticket-rating', 'data-score': ticket.rating.score },
      h('h3', {}, t('ticket.rated')), stars(ticket.rating.score), ticket.rating.comment ? h('p', {}, ticket.rating.comment) : '');
  }
  if (!ticket.canRate) return '';
  let score = 0;
  const buttons = [1, 2, 3, 4, 5].map((n) =>
    h('button', { type: 'button', class: 'star', 'aria-label': t('ticket.star', { n }), 'aria-pressed': 'false', 'data-testid': `star-${n}`, onclick: () => pick(n) }, '★'));
  const pick = (n: number) => {
    score = n;
    buttons.forEach((b, i) => b.setAttribute('aria-pressed', i < n ? 'true' : 'false'));
    error.textContent = '';
  };
  const comment = h('textarea', { rows: 2, class: 'input', maxlength: 1000, placeholder: t('ticket.rateComment'), 'data-testid': 'rating-comment' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary block', 'data-testid': 'rating-submit' }, t('ticket.rateSubmit'));
  const send = async (event: Event) => {
    event.preventDefault();
    if (!score) return void (error.textContent = t('ticket.rateFirst'));
    submit.disabled = true;
    try {
      onRated(await citizenApi.rate(ticket.ticket, ticket.access, score, comment.value.trim() || undefined));
    } catch (failure) {
      error.textContent = failureText(failure, t);
      submit.disabled = false;
    }
  };
  return h('form', { class: 'card rating-form', 'data-testid': 'rating-form', onsubmit: send },
    h('h3', {}, t('ticket.rate')), h('div', { class: 'star-row' }, buttons), comment, error, submit);
}
