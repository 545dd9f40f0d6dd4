import {
  addDependenciesToPackageJson,
  logger,
  readNxJson,
  runTasksInSerial,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { formatFilesSafely } from '../../utils/format';
import {
  CODEX_PACKAGE,
  CODEX_VERSION,
  CORE_PACKAGE,
  MCP_SERVER_PACKAGE,
  nxCodexVersion,
  REVIEW_PACKAGE,
  TEST_GENERATION_PACKAGE,
} from '../../utils/packages';
import { contextGenerator } from '../context/context';
import { mcpGenerator } from '../mcp/mcp';
import { addAgentSkill } from './lib/agent-skill';
import { updateNxJsonForCodex } from './lib/update-nx-json';
import type { InitGeneratorSchema } from './schema';

function addCodexDependencies(tree: Tree, keepExistingVersions: boolean): GeneratorCallback {
  const ours = nxCodexVersion();
  return addDependenciesToPackageJson(
    tree,
    {},
    {
      [REVIEW_PACKAGE]: ours,
      [TEST_GENERATION_PACKAGE]: ours,
      [CORE_PACKAGE]: ours,
      [MCP_SERVER_PACKAGE]: ours,
      [CODEX_PACKAGE]: CODEX_VERSION,
    },
    undefined,
    keepExistingVersions,
  );
}

/** What `nx add @nx-codex/setup` runs. A second run changes nothing. */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema = {}): Promise<GeneratorCallback> {
  const nxJson = readNxJson(tree) ?? {};
  const addPlugin =
    options.addPlugin ?? (process.env['NX_ADD_PLUGINS'] !== 'false' && nxJson.useInferencePlugins !== false);
  updateNxJsonForCodex(tree, addPlugin);
  await contextGenerator(tree, { skipFormat: true });
  if (!options.skipAgentSkill) addAgentSkill(tree);

  const tasks: GeneratorCallback[] = [];
  if (!options.skipPackageJson) {
    const install = addCodexDependencies(tree, options.keepExistingVersions ?? true);
    if (!options.skipInstall) tasks.push(install);
  }
  if (options.mcp) {
    await mcpGenerator(tree, { skipPackageJson: true, skipInstall: true, skipFormat: true });
  }
  await formatFilesSafely(tree, options.skipFormat);

  logger.info(
    [
      'nx-codex: next steps',
      '  - fill in the sections of .codex/context.md (it goes into every Codex prompt)',
      '  - nx g @nx-codex/setup:check         checks codex, your login and the settings',
      `  - nx run <project>:codex-review      ${addPlugin ? '' : '(after nx g @nx-codex/setup:configuration <project>) '}reviews one project; nx affected -t codex-review reviews what changed`,
    ].join('\n'),
  );
  return runTasksInSerial(...tasks);
}

export default initGenerator;
