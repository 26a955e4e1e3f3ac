// The citizen portal (/m/): report a street problem without an account, follow it by tracking
// code, rate the fix. A separate entry from the staff console so a phone loads only this.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function CitizenApp() {
  return <main>随手拍</main>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CitizenApp />
  </StrictMode>,
);
