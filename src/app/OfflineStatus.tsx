import { useSyncExternalStore } from 'react';
import { applyUpdate, getOfflineState, subscribeOffline } from './offline';

/** Whether the app works offline yet, and the button to take a waiting update (never automatic). */
export function OfflineStatus() {
  const offline = useSyncExternalStore(subscribeOffline, getOfflineState);
  if (offline.status === 'unsupported') return null;
  const text =
    offline.status === 'installing'
      ? 'Saving the app for offline use…'
      : offline.status === 'ready'
        ? 'Ready to work offline'
        : offline.status === 'update'
          ? 'Update available'
          : offline.status === 'insecure'
            ? 'Works online only here: browsers keep the offline copy (a service worker) to https and localhost addresses. Serve Facewise over https to use it offline.'
          : `Offline copy unavailable: ${offline.message}`;
  return (
    <div className={`offline offline--${offline.status}`} data-testid="offline-status" data-state={offline.status}>
      <p className="engine offline__text" role="status">
        {text}
      </p>
      {offline.status === 'update' && (
        <button type="button" className="button button--primary offline__reload" onClick={applyUpdate}>
          Reload to update
        </button>
      )}
    </div>
  );
}
