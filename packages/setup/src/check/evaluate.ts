import { CODEX_PACKAGE, CODEX_VERSION } from '../utils/packages';
import { API_KEY_VARIABLES } from './find-auth';
import type { AuthFacts, CheckItem, CodexFacts, EnvironmentFacts, SettingsFacts } from './types';

const INSTALL_CODEX = `npm install -D ${CODEX_PACKAGE}@${CODEX_VERSION}`;

function codexItem(codex: CodexFacts): CheckItem {
  const label = 'Codex CLI';
  if (!codex.found) {
    return {
      label,
      status: 'fail',
      detail: codex.reason,
      fix: codex.fix ?? `${INSTALL_CODEX} (or run \`nx add @nx-codex/setup\`)`,
    };
  }
  const where = `${codex.path} (${codex.source})`;
  if (!codex.version) {
    return {
      label,
      status: 'fail',
      detail: `found at ${where}, but \`codex --version\` failed: ${codex.versionError ?? 'no version'}`,
      fix: `reinstall it: ${INSTALL_CODEX}`,
    };
  }
  if (codex.version !== CODEX_VERSION) {
    return {
      label,
      status: 'warn',
      detail: `${codex.version} at ${where}; nx-codex is tested with ${CODEX_VERSION}`,
      fix: INSTALL_CODEX,
    };
  }
  return { label, status: 'ok', detail: `${codex.version} at ${where}` };
}

function authItem(auth: AuthFacts, settings: SettingsFacts): CheckItem {
  const label = 'Codex credentials';
  const provider = settings.status === 'valid' ? settings.provider : undefined;
  if (provider && !provider.envKey)
    return { label, status: 'ok', detail: `model provider "${provider.id}" needs no OpenAI login (no env_key)` };
  if (provider?.envKey) {
    return provider.envKeySet
      ? { label, status: 'ok', detail: `model provider "${provider.id}": ${provider.envKey} set` }
      : {
          label,
          status: 'fail',
          detail: `model provider "${provider.id}" reads its key from ${provider.envKey}, which is not set`,
          fix: `export ${provider.envKey}=<key>`,
        };
  }
  if (auth.authFileExists) return { label, status: 'ok', detail: `logged in (${auth.authFile} exists)` };
  if (auth.apiKeyVariables.length > 0)
    return { label, status: 'ok', detail: `${auth.apiKeyVariables.join(' and ')} set` };
  return {
    label,
    status: 'fail',
    detail: `not logged in: no ${auth.authFile}, and ${API_KEY_VARIABLES.join(' and ')} is not set`,
    fix: 'run `npx codex login` (ChatGPT account), or set CODEX_API_KEY (codex exec does not read OPENAI_API_KEY; `printenv OPENAI_API_KEY | npx codex login --with-api-key` stores it); a custom model provider needs the variable named by its env_key',
  };
}

function settingsItem(settings: SettingsFacts): CheckItem {
  const label = 'Codex settings';
  switch (settings.status) {
    case 'valid':
      return { label, status: 'ok', detail: `valid${settings.summary ? ` (${settings.summary})` : ''}` };
    case 'invalid':
      return {
        label,
        status: 'fail',
        detail: settings.message,
        fix: 'correct the setting named above (`npx nx-codex config` prints the effective settings and where each comes from)',
      };
    case 'not-checked':
      return { label, status: 'warn', detail: `not checked: ${settings.reason}`, fix: settings.fix };
  }
}

/** Pure: turns what was found into the items to print. */
export function evaluateEnvironment(facts: EnvironmentFacts): CheckItem[] {
  return [codexItem(facts.codex), authItem(facts.auth, facts.settings), settingsItem(facts.settings)];
}

export function hasFailures(items: CheckItem[]): boolean {
  return items.some((item) => item.status === 'fail');
}

const MARK: Record<CheckItem['status'], string> = { ok: '✔', fail: '✘', warn: '!' };

export function formatCheckReport(items: CheckItem[]): string {
  const lines = ['nx-codex environment check'];
  for (const item of items) {
    lines.push(`  ${MARK[item.status]} ${item.label}: ${item.detail}`);
    if (item.fix && item.status !== 'ok') lines.push(`      fix: ${item.fix}`);
  }
  const failed = items.filter((item) => item.status === 'fail').length;
  lines.push(
    failed === 0
      ? 'Everything required is in place.'
      : `${failed} required ${failed === 1 ? 'item is' : 'items are'} missing (✘ above).`,
  );
  return lines.join('\n');
}
