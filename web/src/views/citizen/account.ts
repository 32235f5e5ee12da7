/**
 * A citizen's optional account, above "my tickets": reporting needs none, but with one the
 * tickets reported while signed in follow the citizen to another phone. Sign in on the login
 * page, or register here (a username, a name to be called by, a password of 10 characters or more).
 */
import { ApiError } from '../../api.ts';
import { authApi, loginHref, type SessionUser } from '../../auth-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { failureText } from './submit.ts';

export class AccountCard {
  readonly element = h('section', { class: 'card account-card', 'data-testid': 'account' });
  private user: SessionUser | null = null;
  private registering = false;
  private sending = false;
  private error = '';
  private readonly username = h('input', { type: 'text', class: 'input', autocomplete: 'username', autocapitalize: 'none', 'data-testid': 'register-username' });
  private readonly displayName = h('input', { type: 'text', class: 'input', autocomplete: 'nickname', maxlength: 50, 'data-testid': 'register-name' });
  private readonly password = h('input', { type: 'password', class: 'input', autocomplete: 'new-password', 'data-testid': 'register-password' });

  /** `onSignedIn`: the account is known (at start, or just registered): its tickets can be fetched. */
  constructor(private readonly onSignedIn: (user: SessionUser) => void) {
    this.render();
  }

  /** Who is signed in, if a citizen. */
  async load(): Promise<void> {
    const user = await authApi.me().catch(() => null);
    this.user = user?.role === 'citizen' ? user : null;
    this.render();
    if (this.user) this.onSignedIn(this.user);
  }

  private async register(event: Event): Promise<void> {
    event.preventDefault();
    if (this.sending) return;
    if (!this.username.value.trim() || !this.displayName.value.trim() || [...this.password.value].length < 10) {
      this.error = t('account.missing');
      return this.render();
    }
    this.sending = true;
    this.error = '';
    this.render();
    try {
      const { user } = await authApi.register(this.username.value.trim(), this.password.value, this.displayName.value.trim());
      this.user = user;
      this.registering = false;
      this.password.value = '';
      this.onSignedIn(user);
    } catch (error) {
      this.error = error instanceof ApiError && error.status === 409
        ? t('account.taken', { username: this.username.value.trim() })
        : t('account.failed', { reason: failureText(error, t) });
    }
    this.sending = false;
    this.render();
  }

  private async signOut(): Promise<void> {
    await authApi.logout().catch((error) => console.warn('sign out:', error));
    this.user = null;
    this.render();
  }

  render(): void {
    this.username.placeholder = t('account.username');
    this.displayName.placeholder = t('account.displayName');
    this.password.placeholder = t('account.password');
    const user = this.user;
    if (user) {
      this.element.replaceChildren(
        h('div', { class: 'account-row' },
          h('span', { 'data-testid': 'account-name', 'data-username': user.username }, t('account.signedIn', { name: user.displayName })),
          h('button', { type: 'button', class: 'link-button', 'data-testid': 'account-sign-out', onclick: () => void this.signOut() }, t('account.signOut'))),
      );
      return;
    }
    this.element.replaceChildren(
      h('p', { class: 'muted small' }, t('account.hint')),
      h('div', { class: 'account-row' },
        h('a', { class: 'button', href: loginHref('/report.html#tickets'), 'data-testid': 'account-sign-in' }, t('account.signIn')),
        h('button', {
          type: 'button', class: 'button', 'data-testid': 'account-register', 'aria-expanded': this.registering ? 'true' : 'false',
          onclick: () => { this.registering = !this.registering; this.render(); },
        }, t('account.register'))),
      this.registering
        ? h('form', { class: 'account-form', 'data-testid': 'register-form', onsubmit: (e: Event) => void this.register(e) },
          this.username, this.displayName, this.password,
          h('p', { class: 'form-error', role: 'alert', 'data-testid': 'register-error' }, this.error),
          h('button', { type: 'submit', class: 'button primary block', 'data-testid': 'register-submit', disabled: this.sending }, t('account.create')))
        : '',
    );
  }
}
