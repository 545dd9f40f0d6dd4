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
      verdict: 'incorrect',
      explanation: 'One bug.',
      confidence: 0.7,
      warnings: [],
    });
  });

  it('accepts an already parsed object, a fenced answer, and no findings', () => {
    expect(parseReviewAnswer(answer([], { overall_correctness: 'patch is correct' }), { allowedFiles })).toMatchObject({ findings: [], verdict: 'correct' });
    expect(parseReviewAnswer('```json\n' + JSON.stringify(answer([raw()])) + '\n```', { allowedFiles }).findings).toHaveLength(1);
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
    expect(parsed.findings.map((f) => f.file)).toEqual(['apps/web/src/main.ts', 'apps/web/src/list.ts', 'apps/web/src/main.ts', 'apps/web/src/list.ts', 'apps/web/src/main.ts']);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps a finding on a file that was not in the prompt and says so; drops one outside the workspace and says so', () => {
    const parsed = parseReviewAnswer(
      answer([raw({ title: 'Caller breaks' }, { file_path: 'libs/util/src/index.ts' }), raw({ title: 'Outside' }, { file_path: '../../etc/passwd' }), raw({ title: 'Elsewhere' }, { file_path: '/etc/hosts' })]),
      { allowedFiles, workspaceRoot: '/repo/ws' },
    );
    expect(parsed.findings.map((f) => f.file)).toEqual(['libs/util/src/index.ts']);
    expect(parsed.warnings).toEqual([
      'Kept finding /findings/0 "Caller breaks" on libs/util/src/index.ts, a file that was not among the reviewed files.',
      'Dropped finding /findings/1 "Outside": its path "../../etc/passwd" is outside the workspace.',
      'Dropped finding /findings/2 "Elsewhere": its path "/etc/hosts" is outside the workspace.',
    ]);
  });

  it('reports schema violations with the JSON pointer of each', () => {
    const issues = issuesOf(answer([raw({ priority: 5, extra: true }, { line_range: { start: 'one', end: 2 } })], { overall_correctness: 'maybe', overall_explanation: undefined }));
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

  it('checks what the schema cannot say: line ranges, confidence ranges, empty strings', () => {
    const issues = issuesOf(
      answer(
        [raw({ confidence_score: 1.5 }, { line_range: { start: 0, end: 2 } }), raw({ title: '  ' }, { file_path: '', line_range: { start: 9, end: 3 } })],
        { overall_confidence_score: -0.1 },
      ),
    );
    expect(issues).toEqual([
      '/findings/0/code_location/line_range/start: must be at least 1, got 0',
      '/findings/0/confidence_score: must be between 0 and 1, got 1.5',
      '/findings/1/title: must not be empty',
      '/findings/1/code_location/file_path: must not be empty',
      '/findings/1/code_location/line_range/end: must be at least start (9), got 3',
      '/overall_confidence_score: must be between 0 and 1, got -0.1',
    ]);
  });

  it('says clearly when the answer is not JSON at all', () => {
    expect(() => parseReviewAnswer('I found no problems!', { allowedFiles })).toThrow(/does not match the review schema:\n {2}- \(root\): the answer is not JSON .*"I found no problems!"/);
    expect(issuesOf(undefined)).toEqual(['(root): must be object']);
  });
});
