// CORS policy: which browser origins may call the API (the page's own, localhost, and configured extras).

/** True for the page's own origin, any localhost / 127.0.0.1 origin, and origins listed in ALLOWED_ORIGINS. */
export function isAllowedOrigin(origin: string, requestUrl: string, extra: readonly string[]): boolean {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === new URL(requestUrl).origin) return true;
  if (parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]') {
    return true;
  }
  return extra.includes(parsed.origin);
}
