/**
 * The login page (login.html): username and password, the server's refusal in words (wrong
 * password; too many failures, with the wait counted down), then back to the page that sent the
 * user here (`?next=`, a path of this site only) or to the role's own page.
 */
import { ApiError } from '../../api.ts';
import { authApi, homeOf, safeNext, type SessionUser } from '../../auth-api.ts';
import { h } from '../../dom.ts';
import { locale, onLocaleChange, setLocale, t } from '../../i18n/index.ts';
import { roleName } from '../../user-menu.ts';

type Failure = { kind: 'missing' } | { kind: 'wrong' } | { kind: 'throttled'; until: number } | { kind: 'failed'; reason: string } | { kind: 'network' };

export class LoginView {
  readonly ready: Promise<void>;
  private readonly username = h('input', {
    type: 'text', name: 'username', class: 'login-input', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true,
    'data-testid': 'login-username',
  });
  private readonly password = h('input', {
    type: 'password', name: 'password', class: 'login-input', autocomplete: 'current-password', required: true, 'data-testid': 'login-password',
  });
  private readonly error = h('p', { class: 'login-error', role: 'alert', 'data-testid': 'login-error', hidden: true });
  private readonly submitButton = h('button', { type: 'submit', class: 'login-submit', 'data-testid': 'login-submit' });
  private readonly next = safeNext(new URLSearchParams(location.search).get('next'));
  private current: SessionUser | null = null;
  private failure: Failure | null = null;
  private sending = false;
  private countdown: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly root: HTMLElement) {
    root.classList.add('login-app');
    onLocaleChange(() => this.render());
    this.render();
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    // Someone already signed in may continue, or sign in as someone else.
    this.current = await authApi.me().catch(() => null);
    this.render();
    this.username.focus();
  }

  private destination(user: Pick<SessionUser, 'role'>): string {
    return this.next ?? homeOf(user.role);
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.sending || this.waiting() > 0) return;
    const username = this.username.value.trim();
    const password = this.password.value;
    if (!username || !password) return this.fail({ kind: 'missing' });
    this.sending = true;
    this.failure = null;
    this.renderStatus();
    try {
      const { user } = await authApi.login(username, password);
      location.assign(this.destination(user));
      return;
    } catch (error) {
      this.sending = false;
      this.password.value = '';
      if (!(error instanceof ApiError)) return this.fail({ kind: 'network' });
      if (error.status === 401) return this.fail({ kind: 'wrong' });
      if (error.status === 429) {
        const seconds = Number(error.problem.retryAfter) || 60;
        return this.fail({ kind: 'throttled', until: Date.now() + seconds * 1000 });
      }
      return this.fail({ kind: 'failed', reason: error.detail ?? error.title });
    }
  }

  private fail(failure: Failure): void {
    this.failure = failure;
    clearInterval(this.countdown);
    if (failure.kind === 'throttled') {
      this.countdown = setInterval(() => {
        if (this.waiting() <= 0) {
          clearInterval(this.countdown);
          this.failure = null;
        }
        this.renderStatus();
      }, 1000);
    }
    this.renderStatus();
    (failure.kind === 'missing' && !this.username.value.trim() ? this.username : this.password).focus();
  }

  /** Seconds left before the server takes another attempt. */
  private waiting(): number {
    return this.failure?.kind === 'throttled' ? Math.max(0, Math.ceil((this.failure.until - Date.now()) / 1000)) : 0;
  }

  private failureText(failure: Failure): string {
    switch (failure.kind) {
      case 'missing':
        return t('auth.missing');
      case 'wrong':
        return t('auth.wrong');
      case 'throttled': {
        const seconds = this.waiting();
        const wait = seconds >= 60 ? t('auth.waitMinutes', { n: Math.ceil(seconds / 60) }) : t('auth.waitSeconds', { n: seconds });
        return t('auth.throttled', { wait });
      }
      case 'failed':
        return t('auth.failed', { reason: failure.reason });
      case 'network':
        return t('auth.network');
    }
  }

  /** The error and the button: updated in place, so the fields keep their focus. */
  private renderStatus(): void {
    const failure = this.failure;
    this.error.hidden = !failure;
    this.error.textContent = failure ? this.failureText(failure) : '';
    if (failure) this.error.dataset.kind = failure.kind;
    else delete this.error.dataset.kind;
    this.submitButton.disabled = this.sending || this.waiting() > 0;
    this.submitButton.textContent = t(this.sending ? 'auth.submitting' : 'auth.submit');
  }

  render(): void {
    document.title = `${t('auth.pageTitle')} · ${t('app.title')}`;
    document.documentElement.lang = locale();
    this.renderStatus();
    const current = this.current;
    this.root.replaceChildren(
      h('main', { class: 'login-card' },
        h('header', { class: 'login-brand' },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '联'),
          h('div', {}, h('h1', {}, t('auth.heading')), h('p', {}, t('auth.subtitle'))),
          h('button', { type: 'button', class: 'login-lang', 'data-testid': 'lang-switch', title: t('lang.switchTitle'), onclick: () => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN') }, t('lang.switch'))),
        current
          ? h('p', { class: 'login-current', 'data-testid': 'login-current' },
            t('auth.current', { name: `${current.displayName}（${roleName(current)}）` }), ' ',
            h('a', { href: this.destination(current), 'data-testid': 'login-continue' }, `${t('auth.continue')} →`))
          : '',
        h('form', { class: 'login-form', 'data-testid': 'login-form', novalidate: true, onsubmit: (e: Event) => void this.submit(e) },
          h('label', { class: 'login-field' }, h('span', {}, t('auth.username')), this.username),
          h('label', { class: 'login-field' }, h('span', {}, t('auth.password')), this.password),
          this.error,
          this.submitButton),
        h('p', { class: 'login-citizen' }, t('auth.citizenHint'), ' ', h('a', { href: '/report.html' }, t('auth.citizenLink')))),
    );
  }
}
