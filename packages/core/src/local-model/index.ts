export { startOfflineModel, type OfflineModel } from './start-offline-model';
