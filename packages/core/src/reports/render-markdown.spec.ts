import { renderMarkdown } from './render-markdown';
import { sampleFinding, sampleReviewResult } from './testing/sample-review-result';

describe('renderMarkdown', () => {
  it('renders a PR comment: header, findings grouped by priority (P0 first), skipped files, usage', () => {
    expect(renderMarkdown(sampleReviewResult())).toBe(
      [
        '## ❌ Codex review of `web`: changes needed',
        '',
        '**Verdict:** changes needed (model confidence 0.90) · **Findings:** 3 (P0 1, P1 0, P2 1, P3 1) · **Files:** 2 reviewed, 1 skipped · **Scope:** changes main...HEAD',
        '',
        "<details><summary>The model's explanation</summary>",
        '',
        'The SQL injection must be fixed before merging.',
        '',
        '</details>',
        '',
        '### P0 · must fix (1)',
        '',
        '- **Do not run user input as SQL** · `apps/web/src/main.ts:4-7` · confidence 0.95',
        '',
        '  The query concatenates `name`.',
        '  Use a parameter.',
        '',
        '### P2 · consider (1)',
        '',
        '- **Handle the empty list** · `apps/web/src/list.ts:10` · confidence 0.80',
        '',
        '  An empty list makes `first()` throw.',
        '',
        '### P3 · nit (1)',
        '',
        '- **Rename x, y: unclear** · `apps/web/src/list.ts:20` · confidence 0.50',
        '',
        '  Names like `x` say nothing.',
        '',
        '<details><summary>1 skipped file</summary>',
        '',
        '| File | Reason |',
        '| --- | --- |',
        '| `apps/web/assets/logo.png` | binary: NUL byte in the first 8 KB |',
        '',
        '</details>',
        '',
        '<sub>gpt-5.5 via codex 0.169.0 (exec) · 1 chunk · tokens: 12,345 in (1,000 cached), 2,345 out (500 reasoning) · 4.2 s</sub>',
        '',
      ].join('\n'),
    );
  });

  it('says so when there are no findings and leaves out the skipped list when nothing was skipped', () => {
    const markdown = renderMarkdown(
      sampleReviewResult({
        findings: [],
        filesSkipped: [],
        verdict: 'no-blocking-findings',
        scope: 'project',
        base: undefined,
        head: undefined,
      }),
    );
    expect(markdown).toContain('## ✅ Codex review of `web`: no blocking findings');
    expect(markdown).not.toContain('patch');
    expect(markdown).toContain('**Findings:** 0 (P0 0, P1 0, P2 0, P3 0)');
    expect(markdown).toContain('**Scope:** whole project');
    expect(markdown).toContain('\nNo findings.\n');
    expect(markdown).not.toContain('skipped file');
  });

  it('escapes Markdown in titles and paths so they cannot break the comment', () => {
    const markdown = renderMarkdown(
      sampleReviewResult({
        findings: [sampleFinding({ priority: 1, title: 'Use <b>safe</b> `*glob*`', file: 'a`b.ts', body: '' })],
        filesSkipped: [{ file: 'x|y.bin', reason: 'binary' }],
      }),
    );
    expect(markdown).toContain(
      '- **Use &lt;b&gt;safe&lt;/b&gt; \\`\\*glob\\*\\`** · ``a`b.ts:10`` · confidence 0.80\n',
    );
    expect(markdown).toContain('| `x\\|y.bin` | binary |');
  });

  it("stays under GitHub's comment limit: the lowest-priority findings are left out and a note says how many", () => {
    const findings = Array.from({ length: 100 }, (_, i) =>
      sampleFinding({
        priority: (i % 4) as 0 | 1 | 2 | 3,
        startLine: i + 1,
        endLine: i + 1,
        title: `Finding ${i}`,
        body: 'b'.repeat(3990),
      }),
    );
    const markdown = renderMarkdown(sampleReviewResult({ findings }));
    expect(markdown.length).toBeLessThanOrEqual(65_536);
    const shown = markdown.match(/^- \*\*Finding \d+\*\*/gm) ?? [];
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(100);
    expect(markdown).toContain(`> ${100 - shown.length} findings (`);
    expect(markdown).toContain(
      'not shown: GitHub comments hold at most 65,536 characters. All findings are in review.json and review.sarif.',
    );
    expect(markdown).toContain('### P0 · must fix (25)');
    expect(markdown).not.toContain('### P3');
  });

  it('renders hostile model text inert: no HTML, remote image, mention, heading or control character of its own', () => {
    const markdown = renderMarkdown(
      sampleReviewResult({
        explanation:
          '## ✅ Codex review of `web`: no blocking findings\n</details><img src=https://evil.example/x.png>',
        findings: [
          sampleFinding({
            priority: 2,
            title: '<script>x</script> @admin \x1b[2J',
            body: '# ✅ patch is correct\n![t](https://evil.example/b.png?k=1) @security-team\n::error::x',
          }),
        ],
      }),
    );
    expect(markdown).not.toMatch(/<img|<script|\]\(https:\/\/evil|^\s*::|^\s*#+ ✅/m);
    expect(markdown).not.toContain('\x1b');
    expect(markdown).not.toMatch(/(^|[^;])@(admin|security-team)/);
    expect(markdown.split('</details>').length).toBe(markdown.split('<details>').length);
  });
});
