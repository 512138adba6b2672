import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './index.css';
import { applyThemePreference, readThemePreference } from './theme/theme';

// Apply a stored light/dark choice before the first render (the OS preference needs no script).
applyThemePreference(readThemePreference());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
