// Service worker registration for the two web apps (staff console at /, citizen portal at /m/).
// The workers themselves are generated at build time by scripts/pwa.ts (Workbox): they precache
// the app shell so a phone on a weak or no network still opens the app; they never cache /api/.

/**
 * Register `url` as the service worker for `scope`. Only in production builds (the Vite dev
 * server has no generated worker) and only where the browser supports it. Never throws: an app
 * that cannot install its worker still works online.
 */
export function registerServiceWorker(url: string, scope: string): void {
  try {
    // Service workers need a secure context (https or localhost); elsewhere registering only fails.
    if (!import.meta.env.PROD || !canWorkOffline()) return;
    const register = () => {
      navigator.serviceWorker.register(url, { scope }).catch(() => {
        // A failed registration (private mode, blocked by policy, offline first load) is not an
        // error for the user: the app simply runs without offline support.
      });
    };
    // After load, so installing the worker (which downloads the precache) does not compete with
    // the first screen.
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  } catch {
    // see above: never break the app over its worker
  }
}

/**
 * Whether the app can work offline here: only a secure context (https, or localhost) gets a
 * service worker, so a page opened over plain HTTP on a LAN address works only while open.
 */
export function canWorkOffline(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator
  );
}

// The signed-in user, remembered on the device so an installed app opens without a network (the
// session cookie is still what the server trusts; offline, nothing reaches it anyway).
const ME_KEY = 'xh.me';

export function rememberMe(me: unknown): void {
  try {
    localStorage.setItem(ME_KEY, JSON.stringify(me));
  } catch {
    // storage full or disabled: the app then needs the network to open
  }
}

export function recallMe<T>(): T | null {
  try {
    const raw = localStorage.getItem(ME_KEY);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/** On sign-out (and when the server says the session is gone). */
export function forgetMe(): void {
  try {
    localStorage.removeItem(ME_KEY);
  } catch {
    // nothing to forget
  }
}
