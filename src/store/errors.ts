/** The backend could not be opened (bad path, foreign or corrupt file, unreachable Redis). One line, names the target. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** The backend went away while running (Redis down); the mock answers 503 and the call may be retried later. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
