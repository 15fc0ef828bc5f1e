// Errors as sentences for the user.
export function errorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'TIMEOUT':
      return 'The reading list did not answer in time. Please try again.';
    case 'DISCONNECTED':
      return 'Lost the connection to the reading list. Please try again.';
    case 'UNIQUE_VIOLATION':
    case 'DUPLICATE_KEY':
      return 'This page is already in your reading list.';
    case 'PERSISTENCE_FAILED':
      return 'The change could not be saved to disk. It will be retried.';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
