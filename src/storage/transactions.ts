/**
 * What every IndexedDB repository shares: the error a full disk becomes, and the helpers that keep each
 * change to one transaction, so a failure (storage full, a record without a key) leaves nothing
 * half-written.
 */

/** The browser refused to store more (QuotaExceededError): the change was not saved. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(options?: { cause?: unknown }) {
    super("this browser's storage is full (free some disk space, or forget known people you no longer need)", options);
  }
}

function isQuotaError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED')
  );
}

/** Runs one write; a quota failure (thrown, or as the transaction's abort) becomes StorageFullError. */
export async function write(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError({ cause: error }) : error;
  }
}

/**
 * Runs a transaction's requests and waits for it to commit. A request that throws as it is made (a
 * record without a key) aborts the transaction, so the requests made before it are not committed.
 */
export async function allOrNothing(
  tx: { done: Promise<void>; abort(): void },
  requests: ReadonlyArray<() => Promise<unknown>>,
): Promise<void> {
  tx.done.catch(() => undefined);
  const made: Array<Promise<unknown>> = [];
  try {
    for (const request of requests) {
      const pending = request();
      // Aborting rejects the requests already made: they are awaited below, or dropped on purpose here.
      pending.catch(() => undefined);
      made.push(pending);
    }
  } catch (error) {
    tx.abort();
    throw error;
  }
  await Promise.all([...made, tx.done]);
}

/** Aborts a transaction that may have aborted already (a failed request aborts it). */
export function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // already finished
  }
}
