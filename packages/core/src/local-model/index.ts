export { offlineCodexConfigToml } from './offline-config';
export { startLocalModel, type LocalModel, type StartLocalModelOptions } from './start-local-model';
