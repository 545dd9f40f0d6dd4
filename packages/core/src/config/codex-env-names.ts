/**
 * The variables every codex process nx-codex starts receives (codex/environment/scrub-env.ts keeps
 * only these, plus the provider's own credentials). Here, in config/, because the rule that a
 * repository's dotenv file may not set any of them (repository-dotenv.ts) must guard exactly the
 * names that reach codex: a committed `.env` HTTP_PROXY received Codex's requests with the user's
 * `authorization: Bearer` key.
 */

/** Not secrets, and Codex (or the Node launcher, or the sandbox) reads them. */
const KEPT_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'USERNAME',
  'SHELL',
  'TERM',
  'COLORTERM',
  'NO_COLOR',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  // TLS: a company CA bundle is how Codex reaches a provider behind an inspecting proxy.
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'RUST_LOG',
  'RUST_BACKTRACE',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  // The OS keyring (cli_auth_credentials_store = "keyring") is reached over the session bus.
  'DBUS_SESSION_BUS_ADDRESS',
  // Windows: where home, temp and the system are.
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
]);

/** Proxies (any case): Codex needs them to reach the provider, credentials in the URL included. */
const PROXY_NAMES = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY']);

/** Where Codex's TLS trust comes from. */
const CERTIFICATE_NAMES = new Set(['SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS', 'CODEX_CA_CERTIFICATE']);

/** Codex's own API key variables: what `codex exec` authenticates with when there is no login. */
const CODEX_CREDENTIALS = new Set(['CODEX_API_KEY', 'CODEX_ACCESS_TOKEN']);
/** A value, not a setting: CODEX_GITHUB_PERSONAL_ACCESS_TOKEN is one, CODEX_REFRESH_TOKEN_URL_OVERRIDE is not. */
const SECRET_LOOKING = /(TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIALS?|COOKIE)$/i;

/** Whether every codex process receives `name` (scrubCodexEnv keeps it whatever the provider). */
export function passedToCodex(name: string): boolean {
  const upper = name.toUpperCase();
  if (KEPT_NAMES.has(upper) || PROXY_NAMES.has(upper) || upper.startsWith('LC_')) return true;
  // Codex's other CODEX_* settings (CODEX_HOME, CODEX_CA_CERTIFICATE, …), but not a token it does
  // not need for the model (CODEX_GITHUB_PERSONAL_ACCESS_TOKEN).
  if (upper.startsWith('CODEX_')) return CODEX_CREDENTIALS.has(upper) || !SECRET_LOOKING.test(upper);
  return false;
}

/**
 * Whether a repository's dotenv file may not set `name`: what chooses the program nx-codex starts
 * (CODEX_BIN, PATH), Codex's configuration and its other CODEX_* settings, where Codex's requests go
 * (proxies) and whom it trusts (certificates), and the home folder ~/.codex is found in. The other
 * names codex receives (TZ, LANG, TERM, XDG_*, …) only shape its output: a committed `.env` with
 * `TZ=UTC` is common and harmless, so it is passed on, not refused.
 */
export function repositoryMayNotSet(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper === 'CODEX_BIN' || upper === 'PATH' || upper === 'HOME' || upper === 'USERPROFILE') return true;
  if (PROXY_NAMES.has(upper) || CERTIFICATE_NAMES.has(upper)) return true;
  return upper.startsWith('CODEX_') && passedToCodex(upper);
}

/** What a repository could do by setting `name` (one repositoryMayNotSet names), for the refusal's message. */
export function whatSettingLets(name: string): string {
  const upper = name.toUpperCase();
  if (upper === 'CODEX_HOME') return "choose Codex's configuration (its mcp_servers and notify start processes)";
  if (upper === 'CODEX_BIN') return 'choose the program nx-codex starts as codex';
  if (PROXY_NAMES.has(upper)) return "route Codex's requests, with your credentials, through a proxy of its choosing";
  if (CERTIFICATE_NAMES.has(upper)) return 'choose which certificates Codex trusts';
  if (CODEX_CREDENTIALS.has(upper)) return 'choose the account Codex sends your code to';
  if (upper === 'PATH') return 'choose the programs Codex and its launcher start';
  if (upper === 'HOME' || upper === 'USERPROFILE') return 'choose the home folder, and so the ~/.codex Codex reads';
  return `set ${name}, which nx-codex passes to every codex process`;
}
