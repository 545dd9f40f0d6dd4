export { NO_SHELL_TOOLS, providerEnvNames, scrubCodexEnv, SHELL_ENVIRONMENT_POLICY } from './scrub-env';
