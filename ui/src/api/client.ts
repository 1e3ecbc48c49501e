import type { ApiError } from '../../../server/http/api-types.ts';

/** A failed API call, carrying the server's machine-readable error body when there is one. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

// Every request goes through here: the session cookie rides along (same origin), and
// state-changing requests echo the session's CSRF token from the readable `hf_csrf` cookie.
const baseHeaders: Record<string, string> = { Accept: 'application/json' };

/** Dispatched on window when the server answers 401: the sign-in form takes over. */
export const UNAUTHENTICATED_EVENT = 'hookflow:unauthenticated';

function csrfToken(): string | null {
  const match = /(?:^|;\s*)hf_csrf=([^;]*)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return match ? decodeURIComponent(match[1]) : null;
}

export async function apiRequest<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { ...baseHeaders, ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const csrf = method === 'GET' || method === 'HEAD' ? null : csrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiRequestError(0, 'network_error', `Cannot reach the Hookflow server (${String(cause)})`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    const error = isApiError(parsed) ? parsed.error : null;
    if (response.status === 401 && typeof window !== 'undefined' && !path.startsWith('/api/auth/')) {
      window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    }
    throw new ApiRequestError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? (response.statusText || `Request failed with status ${response.status}`),
      error?.details,
    );
  }
  return parsed as T;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'error' in value && typeof value.error === 'object';
}

/** True when the endpoint does not exist on this server (a feature that has not landed yet). */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiRequestError && (error.status === 404 || error.status === 405);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
