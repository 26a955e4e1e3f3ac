// The citizen portal (/m/): report a street problem without an account, follow it by tracking
// code, rate the fix. A separate entry from the staff console so a phone loads only this: React,
// a few plain components and CSS — no antd, no query library; MapLibre only when a map opens.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/index.tsx';
import { registerServiceWorker } from '../shared/pwa.ts';
import { CitizenApp } from './App.tsx';
import './citizen.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <CitizenApp />
    </I18nProvider>
  </StrictMode>,
);

// the portal's shell opens without a network (scripts/pwa.ts generates /m/sw.js)
registerServiceWorker('/m/sw.js', '/m/');
