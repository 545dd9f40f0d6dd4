/**
 * Files that are secrets as a whole: never read into a prompt, whatever the detector says about
 * their lines (a .env full of values the rules do not know is still a .env). The name decides
 * before the file is read; .npmrc-like files only when they hold a credential.
 */
import * as path from 'node:path';

/** `.env.example`-style templates are documentation, not secrets. */
const ENV_TEMPLATES = /^\.env\.(example|sample|template|dist)$/i;
const SECRET_NAMES = new Set([
  'credentials.json',
  '.netrc',
  '_netrc',
  '.git-credentials',
  '.htpasswd',
  '.pgpass',
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
]);
const SECRET_EXTENSIONS = /\.(pem|key|p12|pfx|jks|keystore|ppk|tfstate|tfstate\.backup)$/i;

/** Credentials these tools write into their config file; the file is fine without them. */
const TOKEN_FILES: Record<string, RegExp> = {
  '.npmrc': /(?:^|[:\s])_(?:authToken|auth|password)\s*=/m,
  '.yarnrc.yml': /^\s*npmAuth(?:Token|Ident)\s*:/m,
  '.pypirc': /^\s*password\s*[:=]/im,
};

/** Why `file` (workspace-relative) is a secret file by its name alone, or undefined. */
export function secretFileByName(file: string): string | undefined {
  const name = path.posix.basename(file);
  const lower = name.toLowerCase();
  if ((lower === '.env' || lower.startsWith('.env.')) && !ENV_TEMPLATES.test(name)) return 'environment file';
  if (lower.endsWith('.env') && lower !== '.env') return 'environment file';
  if (SECRET_NAMES.has(lower)) return lower.startsWith('id_') ? 'private key' : 'credentials file';
  if (file.toLowerCase().endsWith('.aws/credentials') || file.toLowerCase().endsWith('.docker/config.json'))
    return 'credentials file';
  const extension = SECRET_EXTENSIONS.exec(lower);
  if (extension) return `*.${extension[1]} file`;
  return undefined;
}

/** Why `file` is a secret file given what it holds (a token in an .npmrc), or undefined. */
export function secretFileByContent(file: string, content: string): string | undefined {
  const pattern = TOKEN_FILES[path.posix.basename(file).toLowerCase()];
  return pattern?.test(content) ? `${path.posix.basename(file)} with a credential` : undefined;
}
