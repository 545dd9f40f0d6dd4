import { generateFiles, logger, type Tree } from '@nx/devkit';
import { join } from 'node:path';

/**
 * Where `nx configure-ai-agents` (Nx 22) puts the skills it shares between Codex, Cursor and
 * Gemini: one folder per skill under .agents/skills, a SKILL.md with `name` and `description`
 * front matter. Ours sits beside them.
 */
export const AGENT_SKILL_DIR = '.agents/skills/nx-codex-review';

/** Adds the skill that tells coding agents how to run codex-review and read its report; a file already there is the team's. */
export function addAgentSkill(tree: Tree): void {
  const file = `${AGENT_SKILL_DIR}/SKILL.md`;
  if (tree.exists(file)) {
    logger.info(`nx-codex: ${file} already exists and was kept as it is.`);
    return;
  }
  generateFiles(tree, join(__dirname, '..', 'files', 'agent-skill'), AGENT_SKILL_DIR, { tmpl: '' });
}
