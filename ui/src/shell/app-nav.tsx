// The bar above the list pages: where to go (workflows, templates, credentials, users for
// owners) and the account menu (who am I, my sessions and keys, sign out).
import { useEffect, useRef, useState } from 'react';
import { apiRequest, errorMessage } from '../api/client.ts';
import { useSession } from '../auth/session-context.ts';
import { useNotify } from '../components/toasts.tsx';
import { navigate } from '../lib/router.ts';

type Page = 'list' | 'executions' | 'templates' | 'credentials' | 'users' | 'account';

const LINKS: { page: Page; href: string; label: string; ownerOnly?: boolean }[] = [
  { page: 'list', href: '/', label: 'Workflows' },
  { page: 'executions', href: '/executions', label: 'Executions' },
  { page: 'templates', href: '/templates', label: 'Templates' },
  { page: 'credentials', href: '/credentials', label: 'Credentials' },
  { page: 'users', href: '/users', label: 'Users & keys', ownerOnly: true },
];

export function AppNav({ current }: { current: Page }) {
  const { user } = useSession();
  return (
    <nav className="app-nav" aria-label="Main">
      <span className="logo" aria-hidden="true" />
      {LINKS.filter((l) => !l.ownerOnly || user.role === 'owner').map((l) => (
        <a
          key={l.page}
          href={l.href}
          aria-current={current === l.page ? 'page' : undefined}
          onClick={(event) => {
            event.preventDefault();
            navigate(l.href);
          }}
        >
          {l.label}
        </a>
      ))}
      <AccountMenu />
    </nav>
  );
}

function AccountMenu() {
  const { user, refresh } = useSession();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const signOut = async () => {
    try {
      await apiRequest('POST', '/api/auth/logout');
      navigate('/', { force: true });
      refresh();
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
  return (
    <div className="account-menu" ref={root}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {user.email ?? 'Admin key'} <span className="pill">{user.role}</span>
      </button>
      {open && (
        <div className="menu" role="menu">
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              navigate('/account');
            }}
          >
            My sessions and API keys
          </button>
          <button type="button" role="menuitem" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
