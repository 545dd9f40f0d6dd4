import { compareVersions } from '../codex/version';

/** The codex release the keys below were measured with. Older releases get none of them. */
export const LEAN_CONFIG_MIN_VERSION = '0.169.0';

/**
 * Codex settings that take out of a review request what a read-only review never uses. Each key was
 * checked with `--strict-config` and measured in the local model's request log (codex 0.169.0, a
 * "say hi" request with our instructions file, in characters):
 * - (features.shell_tool / unified_exec, exec_command and write_stdin, 2,348: turned off by the trust
 *   rules, NO_SHELL_TOOLS, unless the shellTools option gives the shell back.)
 * - features.goals: get_goal, create_goal, update_goal (3,213).
 * - features.view_image: view_image (371).
 * - web_search "disabled": web_search (89).
 * - features.multi_agent: tool_search and a "deferred tool namespaces" developer message (935).
 * - tools.experimental_request_user_input.enabled: request_user_input (1,355), a Plan-mode tool.
 * - skills.bundled.enabled: the bundled skills (imagegen, openai-docs, skill-creator, ...) of the
 *   skills developer message.
 * - skills.include_instructions: the rest of that message, which lists the repository's own skills
 *   (each `.agents/skills/<name>/SKILL.md`: its name and description, repository text at the developer
 *   role, outside the cache key; `nx add @nx-codex/setup` installs one): 3,552 -> 0 on nx-examples
 *   after `nx add`. A review has no shell to read a skill anyway.
 * - include_permissions_instructions: the sandbox/approval paragraph (376).
 * - include_environment_context: the <environment_context> user message (cwd, shell, date; 551).
 * - project_doc_max_bytes 0: no AGENTS.md. Codex would add the repository's AGENTS.md (instructions
 *   for coding agents) to the request by itself: text that skips the secret scan and is not in
 *   the cache key. Review context comes from .codex/context.md, which goes through both.
 * Left: apply_patch (846 characters, no 0.169 key removes it; the read-only sandbox rejects a patch).
 */
export const LEAN_REVIEW_CONFIG: Readonly<Record<string, unknown>> = {
  'features.goals': false,
  'features.view_image': false,
  'features.multi_agent': false,
  web_search: 'disabled',
  'tools.experimental_request_user_input': { enabled: false },
  'skills.bundled.enabled': false,
  'skills.include_instructions': false,
  include_permissions_instructions: false,
  include_environment_context: false,
  project_doc_max_bytes: 0,
};

/** The lean keys for this codex: none for a release they were not verified with (an unknown key is an error under --strict-config). */
export function leanReviewConfig(codexVersion: string): Record<string, unknown> {
  return compareVersions(codexVersion, LEAN_CONFIG_MIN_VERSION) >= 0 ? { ...LEAN_REVIEW_CONFIG } : {};
}
