import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { renderSarif, SARIF_FINGERPRINT_KEY, SARIF_SCHEMA_URI } from './render-sarif';
import { sampleFinding, sampleReviewResult } from './testing/sample-review-result';

import { validateSarif } from '@nx-codex/testing';

interface Validation {
  problems: string[];
  output: string;
}

describe('renderSarif', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nx-codex-sarif-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Errors and warnings of `sarif-multitool validate` (SARIF rules plus GitHub's), which exits 0 either way. */
  function validate(name: string, sarif: string): Validation {
    const file = path.join(dir, name);
    writeFileSync(file, sarif);
    const { completed, status, problems, output } = validateSarif(file);
    expect({ status, completed }).toEqual({ status: 0, completed: true });
    return { problems, output };
  }

  const tricky = sampleReviewResult({
    findings: [
      ...sampleReviewResult().findings,
      sampleFinding({
        priority: 1,
        file: 'apps/web/src/with space/ünïcode #1.ts',
        title: 'Odd path, odd: title',
        body: 'Ends with code:\n```ts\nx()\n```',
      }),
    ],
  });

  it('passes the SARIF validator (SARIF and GitHub rules) without errors or warnings', () => {
    const { problems } = validate('review.sarif', renderSarif(tricky));
    expect(problems).toEqual([]);
  });

  it('is caught by the same check when broken, so the check above can fail', () => {
    const log = JSON.parse(renderSarif(tricky));
    log.runs[0].results[0].locations[0].physicalLocation.region = { startLine: 9, endLine: 2 };
    delete log.runs[0].tool.driver.rules[0].help;
    const { problems } = validate('broken.sarif', JSON.stringify(log));
    expect(problems.some((line) => / error SARIF1007: /.test(line))).toBe(true);
    expect(problems.some((line) => / error GH\d+: .*'help'/.test(line))).toBe(true);
  });

  it('conforms to the SARIF 2.1.0 JSON schema shipped with the validator', () => {
    const schema = require(path.join(path.dirname(require('@microsoft/sarif-multitool')), 'sarif-2.1.0.json'));
    const validateSchema = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    expect(validateSchema(JSON.parse(renderSarif(tricky)))).toBe(true);
    expect(validateSchema.errors ?? null).toBeNull();
    expect(
      validateSchema({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }],
      }),
    ).toBe(false);
  });

  it('has the shape GitHub code scanning reads', () => {
    const log = JSON.parse(renderSarif(tricky, { pathPrefix: 'tools/ws/' }));
    expect(log.$schema).toBe(SARIF_SCHEMA_URI);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run.tool.driver).toMatchObject({
      name: 'nx-codex',
      informationUri: expect.stringMatching(/^https:\/\//),
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([
      'codex-review-P0',
      'codex-review-P1',
      'codex-review-P2',
      'codex-review-P3',
    ]);
    expect(run.automationDetails).toEqual({ id: 'nx-codex/web/' });
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['codex-review-P0', 'error'],
      ['codex-review-P2', 'warning'],
      ['codex-review-P3', 'note'],
      ['codex-review-P1', 'error'],
    ]);
    const [first] = run.results;
    expect(first).toMatchObject({
      ruleIndex: 0,
      message: { text: 'Do not run user input as SQL\n\nThe query concatenates `name`.\nUse a parameter.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'tools/ws/apps/web/src/main.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 4, endLine: 7 },
          },
        },
      ],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: tricky.findings[0].fingerprint },
      properties: { priority: 'P0', confidence: 0.95 },
    });
    expect(run.results[3].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'tools/ws/apps/web/src/with%20space/%C3%BCn%C3%AFcode%20%231.ts',
    );
  });

  it('gives an empty results array when there are no findings', () => {
    const log = JSON.parse(renderSarif(sampleReviewResult({ findings: [], verdict: 'no-blocking-findings' })));
    expect(log.runs[0].results).toEqual([]);
    expect(validate('empty.sarif', renderSarif(sampleReviewResult({ findings: [] }))).problems).toEqual([]);
  });
});
