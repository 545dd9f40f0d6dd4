import { parse } from 'smol-toml';
import { mergeCodexMcpServer } from './codex-config-toml';

const OURS = { command: 'npx', args: ['--no-install', 'nx-codex-mcp'] };

/** What `nx configure-ai-agents` (Nx 22) leaves, plus a user's own comments and keys. */
const CONFIGURED_BY_NX = `# Team settings: keep reviews cheap.
model = "gpt-5-codex"

[features]
multi_agent = true # set by nx configure-ai-agents

[mcp_servers."nx-mcp"]
command = "npx"
args = ["nx", "mcp"]

# Our docs server.
[mcp_servers.docs]
command = "node"
args = ["docs.js"]

[mcp_servers.docs.env]
ROOT = "."
`;

describe('mergeCodexMcpServer', () => {
  it('writes a new file holding only our table', () => {
    const { text, outcome } = mergeCodexMcpServer(null, 'nx-codex', OURS, false);
    expect(outcome).toBe('added');
    expect(text).toBe('[mcp_servers.nx-codex]\ncommand = "npx"\nargs = [ "--no-install", "nx-codex-mcp" ]\n');
    expect(parse(text)).toEqual({ mcp_servers: { 'nx-codex': OURS } });
  });

  it('appends to a file nx configure-ai-agents wrote, keeping every line and comment', () => {
    const { text, outcome } = mergeCodexMcpServer(CONFIGURED_BY_NX, 'nx-codex', OURS, false);
    expect(outcome).toBe('added');
    expect(text.startsWith(CONFIGURED_BY_NX)).toBe(true);
    const parsed = parse(text) as { mcp_servers: Record<string, unknown>; [key: string]: unknown };
    expect(parsed.mcp_servers['nx-mcp']).toEqual({ command: 'npx', args: ['nx', 'mcp'] });
    expect(parsed.mcp_servers.docs).toEqual({ command: 'node', args: ['docs.js'], env: { ROOT: '.' } });
    expect(parsed.mcp_servers['nx-codex']).toEqual(OURS);
    expect(parsed.features).toEqual({ multi_agent: true });
    expect(parsed.model).toBe('gpt-5-codex');
  });

  it('leaves the file alone when our entry is already there', () => {
    const once = mergeCodexMcpServer(CONFIGURED_BY_NX, 'nx-codex', OURS, false).text;
    expect(mergeCodexMcpServer(once, 'nx-codex', OURS, false)).toEqual({ text: once, outcome: 'unchanged' });
  });

  it('keeps a different entry of that name without force', () => {
    const text = `${CONFIGURED_BY_NX}\n[mcp_servers.nx-codex]\ncommand = "node"\n`;
    expect(mergeCodexMcpServer(text, 'nx-codex', OURS, false)).toEqual({ text, outcome: 'kept' });
  });

  it('with force, replaces only our table (and its sub-tables), in place', () => {
    const mine =
      '[mcp_servers.nx-codex] # my fork\ncommand = "node"\nargs = ["fork.js"]\n\n[mcp_servers.nx-codex.env]\nA = "1"\n\n';
    const original = CONFIGURED_BY_NX.replace('# Our docs server.\n', `${mine}# Our docs server.\n`);
    const { text, outcome } = mergeCodexMcpServer(original, 'nx-codex', OURS, true);
    expect(outcome).toBe('replaced');
    expect(text).toBe(
      CONFIGURED_BY_NX.replace(
        '# Our docs server.\n',
        '[mcp_servers.nx-codex]\ncommand = "npx"\nargs = [ "--no-install", "nx-codex-mcp" ]\n\n# Our docs server.\n',
      ),
    );
  });

  it('refuses to replace an entry that is not a table of its own, naming the file', () => {
    const text = 'mcp_servers.nx-codex.command = "node"\n';
    expect(() => mergeCodexMcpServer(text, 'nx-codex', OURS, true)).toThrow(
      'MCP server "nx-codex" in .codex/config.toml is not written as a [mcp_servers.nx-codex] table',
    );
  });

  it('writes nothing when appending would change other settings (an inline mcp_servers table)', () => {
    const text = 'mcp_servers = { other = { command = "x" } }\n';
    expect(() => mergeCodexMcpServer(text, 'nx-codex', OURS, false)).toThrow(
      /would change other settings there.*Add it by hand/s,
    );
  });

  it('stops on invalid TOML with file, line and column', () => {
    expect(() => mergeCodexMcpServer('model = "a"\nsandbox_mode =\n', 'nx-codex', OURS, false)).toThrow(
      /^nx-codex: \.codex\/config\.toml:2:15 is not valid TOML .*nothing was written\.$/,
    );
  });

  it('quotes a server name that is not a bare key', () => {
    const { text } = mergeCodexMcpServer('', 'nx.codex', OURS, false);
    expect(text.split('\n')[0]).toBe('[mcp_servers."nx.codex"]');
    expect((parse(text) as { mcp_servers: Record<string, unknown> }).mcp_servers['nx.codex']).toEqual(OURS);
  });
});
