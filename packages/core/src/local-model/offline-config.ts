/**
 * Codex settings that point it at a local Responses-API server and keep it off the network
 * (FACTS.md: analytics off or a ~5 s DNS stall; plugins off or a git ls-remote to github;
 * bounded retries or an unreachable base_url is retried forever).
 */
export function offlineCodexConfigToml(baseUrl: string, model = 'gpt-5.5'): string {
  return [
    `model = ${JSON.stringify(model)}`,
    'model_provider = "local"',
    'approval_policy = "never"',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[features]',
    'plugins = false',
    'shell_snapshot = false',
    'unbounded_connection_retries = false',
    '',
    '[model_providers.local]',
    'name = "local"',
    `base_url = ${JSON.stringify(baseUrl)}`,
    'wire_api = "responses"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}
