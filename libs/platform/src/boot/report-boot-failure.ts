import { ConfigValidationError } from '../config/environment';

/**
 * Last resort for a process that could not start: one readable message on stderr and a
 * non-zero exit, so an operator sees why instead of a stack trace.
 */
export function reportBootFailure(processName: string): (error: unknown) => never {
  return (error: unknown) => {
    const detail =
      error instanceof ConfigValidationError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`[${processName}] failed to start. ${detail}\n`);
    process.exit(1);
  };
}
