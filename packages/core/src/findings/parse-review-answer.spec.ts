import { fingerprintFinding } from './fingerprint';
import { parseReviewAnswer, ReviewAnswerError } from './parse-review-answer';

const allowedFiles = ['apps/web/src/main.ts', 'apps/web/src/list.ts'];

function answer(findings: unknown[], overrides: Record<string, unknown> = {}) {
  return {
    findings,
    overall_correctness: 'patch is incorrect',
    overall_explanation: ' One bug. ',
    overall_confidence_score: 0.7,
    ...overrides,
  };
}

function raw(overrides: Record<string, unknown> = {}, location: Record<string, unknown> = {}) {
  return {
    title: '[P1] Handle the empty list',
    body: 'It throws.\n',
    confidence_score: 0.9,
    priority: 1,
    code_location: { file_path: 'apps/web/src/list.ts', line_range: { start: 3, end: 5 }, ...location },
    ...overrides,
  };
}

function issuesOf(value: unknown): string[] {
  try {
    parseReviewAnswer(value, { allowedFiles });
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewAnswerError);
    return (error as ReviewAnswerError).issues;
  }
  throw new Error('expected a ReviewAnswerError');
}

describe('parseReviewAnswer', () => {
  it('turns a valid answer into Findings with fingerprints, verdict and confidence', () => {
    const parsed = parseReviewAnswer(JSON.stringify(answer([raw()])), { allowedFiles });
    expect(parsed).toEqual({
      findings: [
        {
          title: 'Handle the empty list',
          body: 'It throws.',
          priority: 1,
          confidence: 0.9,
          file: 'apps/web/src/list.ts',
          startLine: 3,
          endLine: 5,
          fingerprint: fingerprintFinding('apps/web/src/list.ts', 3, 5, 'Handle the empty list'),
        },
      ],
      modelVerdict: 'patch is incorrect',
      explanation: 'One bug.',
      confidence: 0.7,
      notes: [],
    });
  });

  it('accepts an already parsed object, a fenced answer, and no findings', () => {
    expect(parseReviewAnswer(answer([], { overall_correctness: 'patch is correct' }), { allowedFiles })).toMatchObject({
      findings: [],
      modelVerdict: 'patch is correct',
    });
    expect(
      parseReviewAnswer('```json\n' + JSON.stringify(answer([raw()])) + '\n```', { allowedFiles }).findings,
    ).toHaveLength(1);
  });

  it('normalises absolute paths under the workspace, ./ prefixes, backslashes and project-relative paths', () => {
    const findings = [
      raw({}, { file_path: '/repo/ws/apps/web/src/main.ts' }),
      raw({}, { file_path: './apps/web/src/list.ts' }),
      raw({}, { file_path: 'apps\\web\\src\\main.ts' }),
      raw({}, { file_path: 'src/list.ts' }),
      raw({}, { file_path: '/ci/other-checkout/apps/web/src/main.ts' }),
    ];
    const parsed = parseReviewAnswer(answer(findings), { allowedFiles, workspaceRoot: '/repo/ws' });
    expect(parsed.findings.map((f) => f.file)).toEqual([
      'apps/web/src/main.ts',
      'apps/web/src/list.ts',
      'apps/web/src/main.ts',
      'apps/web/src/list.ts',
      'apps/web/src/main.ts',
    ]);
    expect(parsed.notes).toEqual([]);
  });

  it('drops a finding on a file that was not reviewed or outside the workspace, and notes each with its reason', () => {
    const parsed = parseReviewAnswer(
      answer([
        raw({ title: 'Caller breaks' }, { file_path: 'libs/util/src/index.ts' }),
        raw({ title: 'Outside' }, { file_path: '../../etc/passwd' }),
        raw({ title: 'Elsewhere' }, { file_path: '/etc/hosts' }),
      ]),
      { allowedFiles, workspaceRoot: '/repo/ws' },
    );
    expect(parsed.findings).toEqual([]);
    expect(parsed.notes).toEqual([
      {
        action: 'dropped',
        reason: 'file-not-reviewed',
        finding: '"Caller breaks" at libs/util/src/index.ts:3',
        detail: 'the file was not among the reviewed files',
      },
      {
        action: 'dropped',
        reason: 'outside-workspace',
        finding: '"Outside" at ../../etc/passwd:3',
        detail: 'the path is outside the workspace',
      },
      {
        action: 'dropped',
        reason: 'outside-workspace',
        finding: '"Elsewhere" at /etc/hosts:3',
        detail: 'the path is outside the workspace',
      },
    ]);
  });

  it('clamps lines to the file, caps title and body, strips control characters, and notes each change', () => {
    const hostile = raw(
      {
        title: `\x1b[2J\x1b]0;pwned\x07Fix\r\nthis\u202e now ${'x'.repeat(300)}`,
        body: `ok\x1b[31m red\u0007\n${'y'.repeat(5000)}`,
      },
      { line_range: { start: 2 ** 53, end: 2 ** 53 + 10 } },
    );
    const parsed = parseReviewAnswer(answer([hostile, raw({}, { line_range: { start: 0, end: -4 } })]), {
      allowedFiles,
      lineCounts: new Map([['apps/web/src/list.ts', 12]]),
    });
    const [first, second] = parsed.findings;
    expect(first.title.startsWith('Fix this now xxx')).toBe(true);
    expect(first.title).toHaveLength(200);
    expect(first.title.endsWith('…')).toBe(true);
    expect(first.body).toHaveLength(4000);
    expect(first.body.startsWith('ok red\nyyy')).toBe(true);
    expect([first.startLine, first.endLine, second.startLine, second.endLine]).toEqual([12, 12, 1, 1]);
    expect(parsed.notes.map((note) => [note.action, note.reason])).toEqual([
      ['truncated', 'title-too-long'],
      ['truncated', 'body-too-long'],
      ['clamped', 'line-out-of-range'],
      ['clamped', 'line-out-of-range'],
    ]);
    expect(parsed.notes[2].detail).toBe(`lines ${2 ** 53}-${2 ** 53 + 10} clamped to 12-12 (the file has 12 lines)`);
    // eslint-disable-next-line no-control-regex -- the control characters the parser must have removed
    expect(JSON.stringify(parsed)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });

  it('reports schema violations with the JSON pointer of each', () => {
    const issues = issuesOf(
      answer([raw({ priority: 5, extra: true }, { line_range: { start: 'one', end: 2 } })], {
        overall_correctness: 'maybe',
        overall_explanation: undefined,
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        '(root): missing required property "overall_explanation"',
        '/findings/0: unexpected property "extra"',
        '/findings/0/priority: must be one of 0, 1, 2, 3',
        '/findings/0/code_location/line_range/start: must be integer',
        '/overall_correctness: must be one of "patch is correct", "patch is incorrect"',
      ]),
    );
  });

  it('checks what the schema cannot say: confidence ranges, empty strings', () => {
    const issues = issuesOf(
      answer(
        [
          raw({ confidence_score: 1.5 }, { line_range: { start: 0, end: 2 } }),
          raw({ title: '  ' }, { file_path: '', line_range: { start: 9, end: 3 } }),
        ],
        { overall_confidence_score: -0.1 },
      ),
    );
    expect(issues).toEqual([
      '/findings/0/confidence_score: must be between 0 and 1, got 1.5',
      '/findings/1/title: must not be empty',
      '/findings/1/code_location/file_path: must not be empty',
      '/overall_confidence_score: must be between 0 and 1, got -0.1',
    ]);
  });

  it('says clearly when the answer is not JSON at all', () => {
    expect(() => parseReviewAnswer('I found no problems!', { allowedFiles })).toThrow(
      /does not match the review schema:\n {2}- \(root\): the answer is not JSON .*"I found no problems!"/,
    );
    expect(issuesOf(undefined)).toEqual(['(root): must be object']);
  });
});
