/** The API's one error shape, `{"error": {code, message, details?}}`, as a throwable. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown): ApiError {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } })
      ?.error;
    return new ApiError(
      status,
      error?.code ?? `HTTP_${status}`,
      error?.message ?? 'Something went wrong; please try again.',
      error?.details,
    );
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

/** openapi-fetch's result as a value, or its error as an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw ApiError.from(result.response.status, result.error);
  }
  return result.data as T;
}
