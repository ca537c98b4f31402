import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-700.css';
import '@fontsource/noto-sans-gujarati/gujarati-400.css';
import '@fontsource/noto-sans-gujarati/gujarati-700.css';
import '@fontsource/noto-sans-bengali/bengali-400.css';
import '@fontsource/noto-sans-bengali/bengali-700.css';
import '@fontsource/noto-sans-tamil/tamil-400.css';
import '@fontsource/noto-sans-tamil/tamil-700.css';
import '@fontsource/noto-sans-telugu/telugu-400.css';
import '@fontsource/noto-sans-telugu/telugu-700.css';
import '@fontsource/noto-sans-kannada/kannada-400.css';
import '@fontsource/noto-sans-kannada/kannada-700.css';
import './styles/app.css';
import { App } from './App';
import { askEarly } from './api/early';
import { loadMessages } from './i18n/languages';
import { initialLanguage } from './i18n/storage';
import { registerServiceWorker } from './offline/register-service-worker';

// Before the first paint, so the page never renders under the wrong language tag.
const language = initialLanguage();
document.documentElement.lang = language;

// The locker's first answers are asked now, beside the dictionary (api/early.ts).
askEarly(window.location.pathname);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The reader's dictionary is fetched before the first render, so the first text they see is in
// their language; if it cannot be fetched, English is tried.
void loadMessages(language)
  .catch(() => loadMessages('en'))
  .catch(() => undefined)
  .then(() => {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    registerServiceWorker();
  });
