import { escapeData, escapeProperty, githubAnnotations } from './github-annotations';
import { renderRdjson } from './render-rdjson';
import { sampleFinding, sampleReviewResult } from './testing/sample-review-result';

describe('githubAnnotations', () => {
  it('writes one workflow command per finding: error for P0/P1, warning for P2, notice for P3', () => {
    expect(githubAnnotations(sampleReviewResult())).toEqual([
      '::error file=apps/web/src/main.ts,line=4,endLine=7,title=[P0] Do not run user input as SQL::The query concatenates `name`.%0AUse a parameter.',
      '::warning file=apps/web/src/list.ts,line=10,endLine=10,title=[P2] Handle the empty list::An empty list makes `first()` throw.',
      '::notice file=apps/web/src/list.ts,line=20,endLine=20,title=[P3] Rename x%2C y%3A unclear::Names like `x` say nothing.',
    ]);
  });

  it('escapes as GitHub Actions does, and prefixes paths with the workspace folder in the repository', () => {
    const [line] = githubAnnotations(
      sampleReviewResult({
        findings: [
          sampleFinding({ priority: 1, file: 'a,b:c.ts', title: '100% wrong', body: 'line 1\r\nline 2 :: 50%' }),
        ],
      }),
      { pathPrefix: 'ws' },
    );
    expect(line).toBe(
      '::error file=ws/a%2Cb%3Ac.ts,line=10,endLine=10,title=[P1] 100%25 wrong::line 1%0Aline 2 :: 50%25',
    );
    expect(escapeData('%\r\n:,')).toBe('%25%0D%0A:,');
    expect(escapeProperty('%\r\n:,')).toBe('%25%0D%0A%3A%2C');
  });

  it('strips control characters and neutralises workflow commands in titles and messages', () => {
    const [line] = githubAnnotations(
      sampleReviewResult({
        findings: [
          sampleFinding({ priority: 0, title: 'a\x1b[2J ##[error]b', body: 'x\n::add-mask::y\r\n##[group]z' }),
        ],
      }),
    );
    expect(line).toBe(
      '::error file=apps/web/src/list.ts,line=10,endLine=10,title=[P0] a ##\u200b[error]b::x%0A:\u200b:add-mask::y%0A##\u200b[group]z',
    );
  });
});

describe('renderRdjson', () => {
  it('writes reviewdog diagnostics with severities and ranges', () => {
    const document = JSON.parse(renderRdjson(sampleReviewResult()));
    expect(document.source).toEqual({ name: 'nx-codex', url: expect.stringMatching(/^https:\/\//) });
    expect(document.diagnostics[0]).toEqual({
      message: 'Do not run user input as SQL\n\nThe query concatenates `name`.\nUse a parameter.',
      location: { path: 'apps/web/src/main.ts', range: { start: { line: 4 }, end: { line: 7 } } },
      severity: 'ERROR',
      code: { value: 'P0' },
    });
    expect(document.diagnostics.map((d: { severity: string }) => d.severity)).toEqual(['ERROR', 'WARNING', 'INFO']);
  });
});
