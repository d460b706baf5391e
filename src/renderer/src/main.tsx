import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { pickHost } from './host/pick-host';
import { setHost } from './store/host';

const api = pickHost();
// Set before the first render: components read the host (its kind, its datasets) while rendering.
setHost(api);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
