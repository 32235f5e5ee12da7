/**
 * The signed-in user in the staff pages' top bar: display name, role and jurisdiction, and a
 * sign-out button; a sign-in link when nobody is signed in (the network map is public).
 */
import { authApi, loginHref, type SessionUser } from './auth-api.ts';
import { h } from './dom.ts';
import { t } from './i18n/index.ts';

/** The role of an account in words. */
export const roleName = (user: Pick<SessionUser, 'role'>) => t(`userRole.${user.role}`);

/** Signs out, then goes to `after` (the login page by default). */
export async function signOut(after = '/login.html'): Promise<void> {
  try {
    await authApi.logout();
  } catch (error) {
    // Already signed out (401) or offline: leaving the page is what matters.
    console.warn('sign out:', error);
  }
  location.assign(after);
}

export function userMenu(user: SessionUser | null, options: { afterSignOut?: string } = {}): HTMLElement {
  if (!user) {
    return h('a', { class: 'user-sign-in', href: loginHref(), 'data-testid': 'sign-in-link' }, t('auth.signIn'));
  }
  const where = [roleName(user), user.jurisdictionName].filter(Boolean).join(' · ');
  return h(
    'div',
    { class: 'user-menu', 'data-testid': 'user-menu', 'data-username': user.username, 'data-role': user.role, 'aria-label': t('auth.userLabel') },
    h('div', { class: 'user-who' },
      h('span', { class: 'user-name', 'data-testid': 'user-name' }, user.displayName),
      h('span', { class: 'user-role', 'data-testid': 'user-role' }, where)),
    h('button', {
      type: 'button', class: 'user-sign-out', 'data-testid': 'sign-out', title: t('auth.signOutTitle'),
      onclick: (event: Event) => {
        (event.currentTarget as HTMLButtonElement).disabled = true;
        void signOut(options.afterSignOut);
      },
    }, t('auth.signOut')),
  );
}
