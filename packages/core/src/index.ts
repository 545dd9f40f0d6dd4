export * from './config';
export * from './context';
export * from './codex';
export * from './files';
export * from './findings';
export * from './reports';
export * from './review';
export * from './local-model';
export { formatError } from './format-error';
