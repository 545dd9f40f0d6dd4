/**
 * Reads a log the way GitHub's Actions runner reads a step's output (actions/runner,
 * ActionCommand.TryParseV2): a workflow command is a line that starts with `::` after leading
 * whitespace, `::name key=value,key=value::message`; property values unescape %0D %0A %3A %2C %25,
 * the message %0D %0A %25. The legacy `##[name]message` form is recognised anywhere in a line.
 */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  line: string;
}

export function parseWorkflowCommands(log: string): { commands: WorkflowCommand[]; legacy: string[] } {
  const commands: WorkflowCommand[] = [];
  const legacy: string[] = [];
  for (const line of log.split(/\r?\n/)) {
    if (line.includes('##[')) legacy.push(line);
    const trimmed = line.trimStart();
    if (!trimmed.startsWith('::')) continue;
    const end = trimmed.indexOf('::', 2);
    if (end < 0) continue;
    const info = trimmed.slice(2, end);
    const space = info.indexOf(' ');
    const command = space < 0 ? info : info.slice(0, space);
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of info.slice(space + 1).split(',')) {
        const eq = pair.indexOf('=');
        if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
      }
    }
    commands.push({ command, properties, message: unescapeData(trimmed.slice(end + 2)), line });
  }
  return { commands, legacy };
}

function unescapeData(value: string): string {
  return value.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(value: string): string {
  return value
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%');
}
