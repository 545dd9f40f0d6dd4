export { offlineDemoModel, OFFLINE_MODEL_ENV, type OfflineDemo, type OfflineRun } from './offline-demo';
