/**
 * A queue that runs one task at a time, in the order asked for: known-people enrolment goes through it
 * (src/state/controller.ts), and so do the grouping worker's calls. (Photos to recognise don't:
 * src/state/recognise.ts keeps one analysis per ready worker in flight.)
 */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

export function createSerial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
