// Golden and integration tests run the real example files, with one change: absolute
// https URLs in step params are pointed at a local sink, keeping host and path in the
// sink path (`https://pager.example.com/v1` → `<sink>/pager.example.com/v1`).
export function redirectUrls<T>(value: T, sinkUrl: string): T {
  if (typeof value === 'string') {
    return value.replace(
      /https:\/\/([a-z0-9.-]+)(\/[^\s"']*)?/gi,
      (_m, host, rest) => `${sinkUrl}/${host}${rest ?? ''}`,
    ) as T;
  }
  if (Array.isArray(value)) return value.map((v) => redirectUrls(v, sinkUrl)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redirectUrls(v, sinkUrl)])) as T;
  }
  return value;
}
