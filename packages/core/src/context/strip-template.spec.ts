import { stripContextTemplate } from './strip-template';

describe('stripContextTemplate', () => {
  it('removes comments, sample rules in them, and the sections they leave empty', () => {
    const template = [
      '<!--',
      'nx-codex adds this file to every Codex prompt.',
      '-->',
      '## Workspace facts',
      '',
      '- Nx workspace with 3 projects',
      '',
      '### Projects',
      '',
      '| Project | Type |',
      '',
      '## Safety rules',
      '',
      '<!-- Rules no change may break, e.g.:',
      '- All SQL goes through parameterized queries. -->',
      '',
      '## Code standards',
      '',
      '<!-- e.g. no `any` -->',
      '',
    ].join('\n');
    expect(stripContextTemplate(template)).toBe(
      '## Workspace facts\n\n- Nx workspace with 3 projects\n\n### Projects\n\n| Project | Type |',
    );
  });

  it('keeps a section the team filled in, and text around an inline comment', () => {
    const text =
      '## Safety rules\n\n<!-- fill me -->\n- Money is in cents. <!-- since 2024 --> Always.\n\n## Review focus\n';
    expect(stripContextTemplate(text)).toBe('## Safety rules\n\n- Money is in cents.  Always.');
  });

  it('keeps a parent heading when only a sub-section has text, and drops an empty sub-section', () => {
    const text = '# Title\n\n## Empty\n\n### Also empty\n\n## Full\n\n### Sub\n\ntext\n';
    expect(stripContextTemplate(text)).toBe('# Title\n\n## Full\n\n### Sub\n\ntext');
  });

  it('takes the alignment padding out of table rows, not out of code', () => {
    const text =
      '| Project      | Type        |\n| ------------ | ----------- |\n| cart         | application |\n\n```\n| keep   |   as is |\n```';
    expect(stripContextTemplate(text)).toBe(
      '| Project | Type |\n| --- | --- |\n| cart | application |\n\n```\n| keep   |   as is |\n```',
    );
  });

  it('leaves code fences alone: comment markers and # lines in them are content', () => {
    const text = '## Example\n\n```html\n<!-- keep -->\n# not a heading\n```\n\n## Empty\n';
    expect(stripContextTemplate(text)).toBe('## Example\n\n```html\n<!-- keep -->\n# not a heading\n```');
  });

  it('returns an empty string for an untouched template of comments and headings only', () => {
    expect(stripContextTemplate('<!-- intro -->\n## Safety rules\n\n<!-- e.g. -->\n\n## Links\n\r\n')).toBe('');
  });

  it('keeps text after an unclosed comment out (the comment runs to the end, as in Markdown)', () => {
    expect(stripContextTemplate('Rule one.\n<!-- draft\nRule two.\n')).toBe('Rule one.');
  });
});
