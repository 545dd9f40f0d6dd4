'use strict';
// Validates a SARIF file with Microsoft's real validator (@microsoft/sarif-multitool), SARIF rules plus
// GitHub's (Gh, Ghas), offline. The validator exits 0 whatever it finds, so its output is read.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// The npm launcher runs the validator through a shell (which splits `Sarif;Gh;Ghas`): call the binary directly.
const MULTITOOL = require('@microsoft/sarif-multitool');
// Rule SARIF2006 fetches every URI in the log (the $schema identifier included): keep it off, tests stay offline.
const OFFLINE_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
`;

/**
 * @param {string} file a SARIF file
 * @returns {{ completed: boolean, status: number | null, problems: string[], output: string }}
 *   completed: the validator ran to the end and scanned the file; problems: its error and warning lines.
 */
function validateSarif(file) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-codex-sarif-'));
  try {
    const config = path.join(dir, 'offline.xml');
    fs.writeFileSync(config, OFFLINE_CONFIG);
    const run = spawnSync(
      MULTITOOL,
      ['validate', file, '--config', config, '--rule-kind', 'Sarif;Gh;Ghas', '--level', 'Error;Warning'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const output = `${run.stdout}${run.stderr}`;
    const completed = output.includes('Analysis completed successfully') && output.includes('1 files scanned');
    const problems = output
      .split('\n')
      .filter((line) => line.startsWith(file) && /: (error|warning) [A-Z]+\d+: /.test(line));
    return { completed, status: run.status, problems, output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { validateSarif };
