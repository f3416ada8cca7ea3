/**
 * Persistent storage (navigator.storage.persist): without it the browser may clear this site's IndexedDB
 * when the disk runs low ("best-effort"). Asked once, when the first person is added; the answer is shown
 * under "Your data".
 */
export type Persistence = 'unknown' | 'granted' | 'denied' | 'unsupported';

function storageManager(): StorageManager | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator.storage as StorageManager | undefined);
}

/** Whether this site's storage is persistent already, without asking. */
export async function currentPersistence(): Promise<Persistence> {
  const manager = storageManager();
  if (typeof manager?.persisted !== 'function') return 'unsupported';
  try {
    return (await manager.persisted()) ? 'granted' : 'unknown';
  } catch {
    return 'unsupported';
  }
}

/** Asks the browser to keep this site's storage (it may ask the user, or decide by itself). */
export async function askForPersistence(): Promise<Persistence> {
  const manager = storageManager();
  if (typeof manager?.persist !== 'function') return 'unsupported';
  try {
    return (await manager.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}
