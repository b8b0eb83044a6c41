/**
 * A problem with how the command was called or with its environment (a missing path, an unknown flag):
 * printed as one line, exit code 2, never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** True for errors the CLI reports as usage errors; checked by name, not instanceof, across packages. */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === 'UsageError';
}
