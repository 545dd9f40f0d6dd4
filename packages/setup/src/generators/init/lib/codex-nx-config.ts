/**
 * The nx-codex targets as setup registers or writes them. Their definition is core's, the same the
 * inference plugins return, so a written target and an inferred one hash alike.
 */
import {
  FINGERPRINT_COMMAND,
  generateTestsTarget,
  REVIEW_EXECUTOR,
  REVIEW_TARGET,
  reviewTarget,
  TEST_GENERATION_EXECUTOR,
  TEST_GENERATION_TARGET,
} from '@nx-codex/core/plugin-support';
import { REVIEW_PACKAGE, TEST_GENERATION_PACKAGE } from '../../../utils/packages';

export {
  FINGERPRINT_COMMAND,
  generateTestsTarget,
  REVIEW_EXECUTOR,
  REVIEW_TARGET,
  reviewTarget,
  TEST_GENERATION_EXECUTOR,
  TEST_GENERATION_TARGET,
};

export interface CodexPluginRegistration {
  plugin: string;
  options: { targetName: string };
}

export const CODEX_PLUGINS: CodexPluginRegistration[] = [
  { plugin: `${REVIEW_PACKAGE}/plugin`, options: { targetName: REVIEW_TARGET } },
  { plugin: `${TEST_GENERATION_PACKAGE}/plugin`, options: { targetName: TEST_GENERATION_TARGET } },
];
