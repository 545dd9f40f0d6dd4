/**
 * Names of what was found, as findings, placeholders (`[REDACTED:aws-access-key]`) and the
 * disableSecretRules option show them: one short name per kind of secret, taken from secretlint's
 * message ids (a rule reports several kinds) so a user can turn off one kind without the others.
 */
const NAMES: Record<string, string> = {
  AWSAccessKeyID: 'aws-access-key',
  AWSSecretAccessKey: 'aws-secret-access-key',
  AWSAccountID: 'aws-account-id',
  GITHUB_TOKEN: 'github-token',
  OPENAI_TOKEN: 'openai-api-key',
  ANTHROPIC_API_KEY: 'anthropic-api-key',
  PrivateKey: 'private-key',
  PrivateKeyP12: 'gcp-service-account-key',
  PrivateKeyJSON: 'gcp-service-account-key',
  NPM_ACCESS_TOKEN: 'npm-token',
  Npmrc_authToken: 'npm-token',
  PackageJSON_xOauthToken: 'npm-token',
  BasicAuth: 'basic-auth',
  SLACK_TOKEN: 'slack-token',
  IncomingWebhook: 'slack-webhook',
  SENDGRID_KEY: 'sendgrid-key',
  SHOPIFY_KEY: 'shopify-key',
  LINEAR_API_TOKEN: 'linear-api-key',
  OPS_TOKEN: '1password-token',
  MongoDBConnection: 'database-connection-string',
  MySQLConnection: 'database-connection-string',
  PostgreSQLConnection: 'database-connection-string',
};

/** Every name the detector can report (the option's valid values), extra rules included. */
export function knownRuleNames(extra: string[]): string[] {
  return [...new Set([...Object.values(NAMES), ...extra])].sort();
}

/** `AWSAccessKeyID` -> `aws-access-key`; an id this table does not know gets a kebab-case name of its own. */
export function ruleName(messageId: string | undefined, ruleId: string): string {
  if (messageId && NAMES[messageId]) return NAMES[messageId];
  const raw = messageId ?? ruleId.replace(/^.*secretlint-rule-/, '');
  return raw
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
