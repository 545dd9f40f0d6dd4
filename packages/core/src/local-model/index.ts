export { offlineDemoModel, OFFLINE_MODEL_ENV, type OfflineDemo } from './offline-demo';
