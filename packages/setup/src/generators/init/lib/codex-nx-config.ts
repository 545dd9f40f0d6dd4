/**
 * The nx-codex plugins as setup registers them. The targets they infer (and that the configuration
 * generator writes) are core's definition (`@nx-codex/core/plugin-support`), so a written target
 * and an inferred one hash alike.
 */
import { REVIEW_TARGET, TEST_GENERATION_TARGET } from '@nx-codex/core/plugin-support';
import { REVIEW_PACKAGE, TEST_GENERATION_PACKAGE } from '../../../utils/packages';

export interface CodexPluginRegistration {
  plugin: string;
  options: { targetName: string };
}

export const CODEX_PLUGINS: CodexPluginRegistration[] = [
  { plugin: `${REVIEW_PACKAGE}/plugin`, options: { targetName: REVIEW_TARGET } },
  { plugin: `${TEST_GENERATION_PACKAGE}/plugin`, options: { targetName: TEST_GENERATION_TARGET } },
];
