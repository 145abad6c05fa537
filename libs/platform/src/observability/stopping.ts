let stopping = false;

/** Marks the process as shutting down: lost connections are expected from then on, not warnings. */
export function markStopping(): void {
  stopping = true;
}

export function isStopping(): boolean {
  return stopping;
}
