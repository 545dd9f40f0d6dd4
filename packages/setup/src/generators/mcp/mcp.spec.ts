import { logger, readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { runsLegacyCodexMcpServer } from './lib/mcp-json';
import { mcpGenerator } from './mcp';

const OURS = { type: 'stdio', command: 'npx', args: ['--no-install', 'nx-codex-mcp'], env: {} };
const OUR_VERSION = (require('../../../package.json') as { version: string }).version;

describe('mcp generator', () => {
  let tree: Tree;
  beforeEach(() => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    tree = createTreeWithEmptyWorkspace();
  });
  afterEach(() => jest.restoreAllMocks());

  it('creates .mcp.json with the nx-codex server and adds the server package', async () => {
    const install = await mcpGenerator(tree, {});
    expect(readJson(tree, '.mcp.json')).toEqual({ mcpServers: { 'nx-codex': OURS } });
    expect(tree.read('.mcp.json', 'utf-8')?.endsWith('}\n')).toBe(true);
    expect(readJson(tree, 'package.json').devDependencies['@nx-codex/mcp-server']).toBe(OUR_VERSION);
    expect(typeof install).toBe('function');
  });

  it('uses --name', async () => {
    await mcpGenerator(tree, { name: 'codex', skipPackageJson: true });
    expect(Object.keys(readJson(tree, '.mcp.json').mcpServers)).toEqual(['codex']);
  });

  it('keeps other servers, their values, their order and other top-level keys', async () => {
    const existing = {
      mcpServers: {
        github: {
          type: 'http',
          url: 'https://example.invalid/mcp',
          headers: { Authorization: 'Bearer ${GITHUB_TOKEN}' },
        },
        files: { command: 'node', args: ['files.js'], env: { ROOT: '.' } },
      },
      comment: 'kept',
    };
    tree.write('.mcp.json', JSON.stringify(existing, null, 4));
    await mcpGenerator(tree, {});
    const merged = readJson(tree, '.mcp.json');
    expect(Object.keys(merged.mcpServers)).toEqual(['github', 'files', 'nx-codex']);
    expect(merged).toEqual({ ...existing, mcpServers: { ...existing.mcpServers, 'nx-codex': OURS } });
    expect(Object.keys(merged)).toEqual(['mcpServers', 'comment']);
    expect(tree.read('.mcp.json', 'utf-8')).toBe(
      `${JSON.stringify({ ...existing, mcpServers: { ...existing.mcpServers, 'nx-codex': OURS } }, null, 4)}\n`,
    );
  });

  it('keeps a different existing nx-codex entry without --force, untouched', async () => {
    const text = JSON.stringify({
      mcpServers: { 'nx-codex': { command: 'node', args: ['my-fork.js'] }, other: { command: 'x' } },
    });
    tree.write('.mcp.json', text);
    await mcpGenerator(tree, {});
    expect(tree.read('.mcp.json', 'utf-8')).toBe(text);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('already has a server "nx-codex" that differs from ours; it was kept'),
    );
  });

  it('replaces it in place with --force', async () => {
    tree.write(
      '.mcp.json',
      JSON.stringify({ mcpServers: { a: { command: 'a' }, 'nx-codex': { command: 'old' }, z: { command: 'z' } } }),
    );
    await mcpGenerator(tree, { force: true });
    const servers = readJson(tree, '.mcp.json').mcpServers;
    expect(Object.keys(servers)).toEqual(['a', 'nx-codex', 'z']);
    expect(servers['nx-codex']).toEqual(OURS);
  });

  it('does not rewrite the file when our entry is already there', async () => {
    const text = `${JSON.stringify({ mcpServers: { 'nx-codex': OURS } }, null, 8)}\n`;
    tree.write('.mcp.json', text);
    await mcpGenerator(tree, {});
    expect(tree.read('.mcp.json', 'utf-8')).toBe(text);
  });

  it('warns about an entry running the removed `codex mcp-server`, and leaves it', async () => {
    const legacy = { command: 'codex', args: ['mcp-server'] };
    tree.write('.mcp.json', JSON.stringify({ mcpServers: { 'codex-mcp': legacy } }));
    await mcpGenerator(tree, {});
    expect(readJson(tree, '.mcp.json').mcpServers['codex-mcp']).toEqual(legacy);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'server "codex-mcp" in .mcp.json runs `codex mcp-server`, which Codex >= 0.154 no longer has',
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'drop-in replacement: change only that entry\'s command, to "command": "npx", "args": ["--no-install", "nx-codex-mcp"]',
      ),
    );
  });

  it('fails on invalid JSON with file, line and column, and writes nothing', async () => {
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x" },\n  }\n}\n';
    tree.write('.mcp.json', broken);
    const before = tree.read('package.json', 'utf-8');
    await expect(mcpGenerator(tree, {})).rejects.toThrow(
      /\.mcp\.json:4:3 is not valid JSON \(.*\)\. Fix the file .* nothing was written\./,
    );
    expect(tree.read('.mcp.json', 'utf-8')).toBe(broken);
    expect(tree.read('package.json', 'utf-8')).toBe(before);
  });

  describe('.codex/config.toml (the Codex CLI)', () => {
    const NX_TOML =
      '# by nx configure-ai-agents\n[features]\nmulti_agent = true\n\n[mcp_servers."nx-mcp"]\ncommand = "npx"\nargs = ["nx", "mcp"]\n';
    const NX_MCP_JSON = { mcpServers: { 'nx-mcp': { type: 'stdio', command: 'npx', args: ['nx', 'mcp'] } } };

    it('registers the server in an existing file', async () => {
      tree.write('.codex/config.toml', 'model = "gpt-5-codex"\n');
      await mcpGenerator(tree, { skipPackageJson: true });
      expect(tree.read('.codex/config.toml', 'utf-8')).toBe(
        'model = "gpt-5-codex"\n\n[mcp_servers.nx-codex]\ncommand = "npx"\nargs = [ "--no-install", "nx-codex-mcp" ]\n',
      );
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringContaining('added MCP server "nx-codex" in .codex/config.toml'),
      );
    });

    it('creates none (reviews would warn about a repository mcp_servers), and says how to add it for Codex', async () => {
      await mcpGenerator(tree, { skipPackageJson: true });
      expect(tree.exists('.codex/config.toml')).toBe(false);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringContaining('`codex mcp add nx-codex -- npx --no-install nx-codex-mcp`'),
      );
    });

    it('merges into what nx configure-ai-agents wrote in both files, keeping its entries, features and comments', async () => {
      tree.write('.codex/config.toml', NX_TOML);
      tree.write('.mcp.json', JSON.stringify(NX_MCP_JSON));
      await mcpGenerator(tree, { skipPackageJson: true });
      expect(tree.read('.codex/config.toml', 'utf-8')).toBe(
        `${NX_TOML}\n[mcp_servers.nx-codex]\ncommand = "npx"\nargs = [ "--no-install", "nx-codex-mcp" ]\n`,
      );
      expect(readJson(tree, '.mcp.json')).toEqual({ mcpServers: { ...NX_MCP_JSON.mcpServers, 'nx-codex': OURS } });
      const again = [tree.read('.codex/config.toml', 'utf-8'), tree.read('.mcp.json', 'utf-8')];
      await mcpGenerator(tree, { skipPackageJson: true });
      expect([tree.read('.codex/config.toml', 'utf-8'), tree.read('.mcp.json', 'utf-8')]).toEqual(again);
    });

    it('writes neither file when .codex/config.toml is invalid', async () => {
      tree.write('.codex/config.toml', '[features\n');
      await expect(mcpGenerator(tree, { skipPackageJson: true })).rejects.toThrow(
        /\.codex\/config\.toml:1:\d+ is not valid TOML/,
      );
      expect(tree.exists('.mcp.json')).toBe(false);
      expect(tree.read('.codex/config.toml', 'utf-8')).toBe('[features\n');
    });

    it('is left alone with --skipCodexConfig', async () => {
      tree.write('.codex/config.toml', NX_TOML);
      await mcpGenerator(tree, { skipPackageJson: true, skipCodexConfig: true });
      expect(tree.read('.codex/config.toml', 'utf-8')).toBe(NX_TOML);
      expect(readJson(tree, '.mcp.json').mcpServers['nx-codex']).toEqual(OURS);
    });
  });

  it('fails when "mcpServers" is not an object', async () => {
    tree.write('.mcp.json', JSON.stringify({ mcpServers: [] }));
    await expect(mcpGenerator(tree, {})).rejects.toThrow(
      '"mcpServers" in .mcp.json must be an object keyed by server name',
    );
  });
});

describe('runsLegacyCodexMcpServer', () => {
  it.each([
    [{ command: 'codex', args: ['mcp-server'] }],
    [{ command: '/usr/local/bin/codex', args: ['mcp-server'] }],
    [{ command: 'npx', args: ['-y', '@openai/codex', 'mcp-server'] }],
    [{ command: 'npx', args: ['@openai/codex@0.47.0', 'mcp-server'] }],
    [{ command: 'npx', args: ['codex', 'mcp-server'] }],
    [{ command: 'npx codex mcp-server' }],
    [{ command: 'node', args: ['node_modules/@openai/codex/bin/codex.js', 'mcp-server'] }],
  ])('recognizes %j', (entry) => {
    expect(runsLegacyCodexMcpServer(entry)).toBe(true);
  });

  it.each([
    [{ command: 'npx', args: ['--no-install', 'nx-codex-mcp'] }],
    [{ command: 'codex', args: ['app-server'] }],
    [{ command: 'codex', args: ['exec', 'mcp-server'] }],
    [{ type: 'http', url: 'https://example.invalid' }],
  ])('leaves %j alone', (entry) => {
    expect(runsLegacyCodexMcpServer(entry)).toBe(false);
  });
});
