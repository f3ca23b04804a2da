// Long work under Ctrl-C and SIGTERM: the signal cancels the work cleanly (a run, a study) instead of killing
// the CLI mid-write; `signal()` tells the caller which one came, so it can say how to resume.
export async function cancelOnSignals<T>(
  cancel: () => void,
  work: (signal: () => NodeJS.Signals | null) => Promise<T>,
): Promise<T> {
  let received: NodeJS.Signals | null = null;
  const stop = (s: NodeJS.Signals) => (): void => {
    received = s;
    cancel();
  };
  const onInt = stop('SIGINT');
  const onTerm = stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  try {
    return await work(() => received);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
