import { scanForSecrets } from './scan-secrets';

// Planted values are assembled at run time so this file itself holds no detectable token.
const join = (...parts: string[]) => parts.join('');
const AWS_KEY_ID = join('AKIA', 'QYLPMN5HHHFPZAM2');
const AWS_SECRET = join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYzz12345678');
const GITHUB = join('ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx');
const OPENAI = join('sk-', 'abcdefghij0123456789', 'T3BlbkFJ', 'abcdefghij0123456789');
const PRIVATE_KEY = [
  join('-----BEGIN RSA ', 'PRIVATE KEY-----'),
  ...Array.from({ length: 4 }, (_, i) => `MIIEowIBAAKCAQEA${String(i).repeat(48)}`),
  join('-----END RSA ', 'PRIVATE KEY-----'),
].join('\n');

describe('scanForSecrets', () => {
  it('redacts each kind of secret, keeps the line count and reports file, line and rule', async () => {
    const content = [
      'export const region = "eu-west-1";',
      `const id = "${AWS_KEY_ID}";`,
      `const aws_secret_access_key = "${AWS_SECRET}";`,
      `const gh = "${GITHUB}";`,
      `const openai = "${OPENAI}";`,
      `const pem = \`${PRIVATE_KEY}\`;`,
      'export const after = 1;',
      '',
    ].join('\n');
    const scan = await scanForSecrets([{ path: 'libs/a/src/keys.ts', content }]);
    const redacted = scan.files[0].content;
    for (const value of [AWS_KEY_ID, AWS_SECRET, GITHUB, OPENAI, 'MIIEowIBAAKCAQEA'])
      expect(redacted).not.toContain(value);
    expect(redacted.split('\n')).toHaveLength(content.split('\n').length);
    expect(redacted.split('\n')[1]).toBe('const id = "[REDACTED:aws-access-key]";');
    expect(redacted.split('\n')[3]).toBe('const gh = "[REDACTED:github-token]";');
    expect(redacted.split('\n')[11]).toBe('export const after = 1;');
    expect(scan.hits.map(({ line, rule }) => `${line}:${rule}`)).toEqual([
      '2:aws-access-key',
      '3:aws-secret-access-key',
      '4:github-token',
      '5:openai-api-key',
      '6:private-key',
    ]);
    expect(scan.hits.every((hit) => hit.file === 'libs/a/src/keys.ts')).toBe(true);
    expect(JSON.stringify(scan.hits)).not.toContain(GITHUB);
  });

  it('leaves clean text as it is and counts what it scanned', async () => {
    const clean = { path: 'a.ts', content: 'export const token = process.env.TOKEN;\n' };
    const scan = await scanForSecrets([clean]);
    expect(scan.files[0]).toBe(clean);
    expect(scan.hits).toEqual([]);
    expect(scan.scannedChars).toBe(clean.content.length);
  });

  it('ignores a secretlint-disable comment in the scanned file (the repository does not decide what is sent)', async () => {
    const scan = await scanForSecrets([{ path: 'a.ts', content: `// secretlint-disable\nconst gh = "${GITHUB}";\n` }]);
    expect(scan.files[0].content).not.toContain(GITHUB);
  });

  it('redacts a private key block whatever its body (encrypted, or not ASN.1)', async () => {
    const body = Array.from({ length: 3 }, (_, i) => `${String.fromCharCode(65 + i)}x9+/`.repeat(12)).join('\n');
    const content = `a\n${join('-----BEGIN ENCRYPTED ', 'PRIVATE KEY-----')}\n${body}\n${join('-----END ENCRYPTED ', 'PRIVATE KEY-----')}\nb\n`;
    const scan = await scanForSecrets([{ path: 'k.txt', content }]);
    expect(scan.files[0].content).toBe('a\n[REDACTED:private-key]\n\n\n\n\nb\n');
    expect(scan.hits).toEqual([{ file: 'k.txt', line: 2, endLine: 6, rule: 'private-key' }]);
  });

  it('finds the extra gitleaks formats', async () => {
    const stripe = join('sk_live_', 'a1B2c3D4e5F6g7H8i9J0');
    const scan = await scanForSecrets([{ path: 'pay.ts', content: `const key = "${stripe}";\n` }]);
    expect(scan.files[0].content).toBe('const key = "[REDACTED:stripe-key]";\n');
  });

  it('sends allowed paths unscanned and honours disabled rules', async () => {
    const content = `const gh = "${GITHUB}";\nconst db = "${join('postgres://app:', 'hunter2hunter2', '@db.internal:5432/app')}";\n`;
    const scan = await scanForSecrets(
      [
        { path: 'libs/a/test/fixtures/token.ts', content },
        { path: 'libs/a/src/db.ts', content },
      ],
      { allowSecretPaths: ['libs/a/test/fixtures'], disableSecretRules: ['database-connection-string'] },
    );
    expect(scan.files[0].content).toBe(content);
    expect(scan.files[1].content).toContain('hunter2hunter2');
    expect(scan.files[1].content).not.toContain(GITHUB);
    expect(scan.hits.map((hit) => `${hit.file}:${hit.line}:${hit.rule}`)).toEqual(['libs/a/src/db.ts:1:github-token']);
  });

  it('refuses an unknown rule name, naming the valid ones', async () => {
    await expect(scanForSecrets([], { disableSecretRules: ['aws-key'] })).rejects.toThrow(
      /disableSecretRules: unknown rule "aws-key". Use one of: .*aws-access-key/,
    );
  });
});
