import { SANDBOX_MODES, type SandboxMode } from '@nx-codex/core';
import { ToolError } from './tool';

export interface SandboxDefault {
  mode?: SandboxMode;
  /** Where the user's default came from, e.g. "~/.codex/config.toml:4". */
  source?: string;
}

export interface SandboxChoice {
  sandbox: SandboxMode;
  /** Said to the client as a warning log when the user's default was not used as is. */
  notice?: string;
}

/** Used when neither the call nor the user's settings name a sandbox: codex exec's own default. */
const FALLBACK: SandboxMode = 'read-only';

function dangerRefused(via: string): ToolError {
  return new ToolError(
    `${via} "danger-full-access" was refused: this MCP server was started without --allow-danger-full-access. ` +
      `To allow it, add "--allow-danger-full-access" to the server's args (in .mcp.json: ` +
      `"args": ["--allow-danger-full-access"]) and restart it; or ask for "workspace-write" instead.`,
  );
}

/**
 * The sandbox for one codex call. The caller's choice wins (the `sandbox` argument, or `sandbox_mode`
 * in its `config` object), but "danger-full-access" needs both an explicit request and a server
 * started with --allow-danger-full-access. Without a request, the user's own default applies, except
 * that a default of "danger-full-access" is lowered to "workspace-write": a tool call must ask for it.
 */
export function chooseSandbox(input: {
  requested?: SandboxMode;
  configSandbox?: unknown;
  userDefault: SandboxDefault;
  allowDanger: boolean;
}): SandboxChoice {
  const { requested, configSandbox, userDefault, allowDanger } = input;
  if (configSandbox !== undefined && !(SANDBOX_MODES as readonly unknown[]).includes(configSandbox)) {
    throw new ToolError(
      `config.sandbox_mode must be one of ${SANDBOX_MODES.map((m) => `"${m}"`).join(', ')}, got ${JSON.stringify(configSandbox)}.`,
    );
  }
  if (requested && configSandbox && requested !== configSandbox) {
    throw new ToolError(
      `The call asks for two sandboxes: sandbox "${requested}" and config.sandbox_mode "${String(configSandbox)}". Give only one.`,
    );
  }
  const asked = requested ?? (configSandbox as SandboxMode | undefined);
  if (asked === 'danger-full-access' && !allowDanger)
    throw dangerRefused(requested ? 'sandbox' : 'config.sandbox_mode');
  if (asked) return { sandbox: asked };
  if (userDefault.mode === 'danger-full-access') {
    return {
      sandbox: 'workspace-write',
      notice:
        `sandbox_mode "danger-full-access" from ${userDefault.source ?? 'your Codex settings'} is not used by default over MCP; ` +
        `this call runs in "workspace-write". A call that needs full access must ask for sandbox "danger-full-access" ` +
        `(and the server must run with --allow-danger-full-access).`,
    };
  }
  return { sandbox: userDefault.mode ?? FALLBACK };
}
