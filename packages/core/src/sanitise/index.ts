/**
 * The one place that decides how untrusted text (the model's answer, names from the repository
 * under review) may reach a terminal, GitHub's runner, a PR comment or a report. Every renderer
 * and package uses these rules; none writes its own.
 */
export { stripControls, hasControls } from './control-characters';
export { terminalText } from './terminal-text';
export { neutraliseWorkflowCommands, escapeData, escapeProperty } from './workflow-commands';
export { markdownInline, markdownBlock } from './markdown-text';
export { LIMITS } from './limits';
