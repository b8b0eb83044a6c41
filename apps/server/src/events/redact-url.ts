/** Query parameter names whose values are credentials (`token`, `api_key`, `sig`, `password`, `code`, …). */
const SECRET_PARAM = /token|secret|key|sig|pass|pwd|auth|cred|session|code/i;
/** A path segment that looks like a credential: long, and mixing letters and digits (Slack's, Discord's). */
const SECRET_SEGMENT = /^(?=[\w-]*[a-z])(?=[\w-]*\d)[\w-]{20,}$/i;
const HIDDEN = '***';

/**
 * A webhook URL as it may be listed or logged: user info, the values of query parameters named like
 * credentials, path segments that look like tokens and the fragment are replaced by `***`. The stored URL
 * keeps them, since deliveries need them.
 *
 * @example
 * redactUrl('https://bot:pw@hooks.example/T0/B0/Xq9Zk2Lm4Np6Rs8Tv0Wx2Yz4?token=abc&team=data');
 * // 'https://***@hooks.example/T0/B0/***?token=***&team=data'
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return HIDDEN;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = HIDDEN;
    parsed.password = '';
  }
  const params = [...parsed.searchParams];
  if (params.some(([name]) => SECRET_PARAM.test(name))) {
    const shown = params.map(([name, value]): [string, string] => [name, SECRET_PARAM.test(name) ? HIDDEN : value]);
    parsed.search = new URLSearchParams(shown).toString();
  }
  parsed.pathname = parsed.pathname
    .split('/')
    .map((segment) => (SECRET_SEGMENT.test(segment) ? HIDDEN : segment))
    .join('/');
  if (parsed.hash !== '') parsed.hash = HIDDEN;
  return parsed.toString();
}
