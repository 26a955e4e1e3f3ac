// A one-time, unobtrusive line saying that offline use needs HTTPS, for the inspector app and the
// citizen portal opened over plain HTTP (a LAN address): there the browser allows no service
// worker, so the app works while it is open but does not open without a network. Shown once per
// device; plain HTML so it fits both the antd app and the portal.

import { useEffect, useState } from 'react';
import { defineMessages, useI18n } from '../i18n/index.tsx';
import { canWorkOffline } from './pwa.ts';

const SHOWN_KEY = 'xh.httpsNoteShown';

defineMessages({
  'pwa.needsHttps': { zh: '离线使用需要 HTTPS 连接', en: 'Offline use needs an HTTPS connection' },
  'pwa.dismiss': { zh: '知道了', en: 'OK' },
});

function alreadyShown(): boolean {
  try {
    return localStorage.getItem(SHOWN_KEY) !== null;
  } catch {
    return false;
  }
}

export function HttpsNote() {
  const { t } = useI18n();
  const [show, setShow] = useState(() => !canWorkOffline() && !alreadyShown());
  useEffect(() => {
    if (!show) return;
    try {
      localStorage.setItem(SHOWN_KEY, new Date().toISOString());
    } catch {
      // no storage: shown again next time, which is harmless
    }
  }, [show]);
  if (!show) return null;
  return (
    <p
      role="status"
      data-testid="https-note"
      style={{
        margin: '4px 8px',
        padding: '2px 8px',
        fontSize: 12,
        color: '#646a73',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: 8,
      }}
    >
      <span>{t('pwa.needsHttps')}</span>
      <button
        type="button"
        onClick={() => setShow(false)}
        style={{ border: 0, background: 'none', color: 'inherit', fontSize: 12, cursor: 'pointer' }}
      >
        {t('pwa.dismiss')}
      </button>
    </p>
  );
}
