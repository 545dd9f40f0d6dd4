import {
  escapeData,
  escapeProperty,
  markdownBlock,
  markdownInline,
  neutraliseWorkflowCommands,
  stripControls,
  terminalText,
} from './index';

const ESC = '\x1b';

describe('stripControls', () => {
  it('removes CSI, OSC (hyperlinks, window titles), DCS and lone escapes, C0/C1 controls and bidi overrides', () => {
    const hostile = `${ESC}[2J${ESC}[H${ESC}]0;owned${ESC}\\${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\ a\u0007b\u0000c\u009b31md\u202eevil\u2066x\u2069 ${ESC}Pq#0${ESC}\\end${ESC}`;
    expect(stripControls(hostile)).toBe('link abcdevilx end');
  });

  it('keeps newlines only when asked, normalising \\r\\n, \\r, U+2028 and U+2029; tabs become spaces', () => {
    expect(stripControls('a\r\nb\rc\u2028d\u2029e\tf', { multiline: true })).toBe('a\nb\nc\nd\ne  f');
    expect(stripControls('a\r\n\n  b\rc')).toBe('a b c');
  });

  it('keeps ordinary text, including non-Latin scripts and emoji', () => {
    expect(stripControls('Überprüfe ✅ 日本語 `x` 👍')).toBe('Überprüfe ✅ 日本語 `x` 👍');
  });
});

describe('terminalText', () => {
  it('gives one line that cannot move the cursor, start a line, or issue a workflow command', () => {
    const text = terminalText(`title\n::error file=x::fake\r${ESC}[1A##[group]x`);
    expect(text).toBe('title ::error file=x::fake ##\u200b[group]x');
    expect(terminalText('::warning::boo')).toBe(':\u200b:warning::boo');
    expect(terminalText('x'.repeat(1000))).toHaveLength(300);
  });
});

describe('workflow commands', () => {
  it('neutralises :: at the start of any line (after whitespace) and ##[ anywhere, and nothing else', () => {
    expect(neutraliseWorkflowCommands('ok\n  ::add-mask::x\nstd::vector ##[error]y')).toBe(
      'ok\n  :\u200b:add-mask::x\nstd::vector ##\u200b[error]y',
    );
  });

  it('escapes data and properties as @actions/core does', () => {
    expect(escapeData('%\r\n:,')).toBe('%25%0D%0A:,');
    expect(escapeProperty('%\r\n:,')).toBe('%25%0D%0A%3A%2C');
  });
});

describe('markdownInline', () => {
  it('escapes Markdown and HTML, defuses mentions and workflow commands, on one line', () => {
    expect(markdownInline('<img src=x> **bold** @octocat ![i](http://x/p.png)\n# h')).toBe(
      '&lt;img src=x&gt; \\*\\*bold\\*\\* @&#8203;octocat \\!\\[i\\](http://x/p.png) \\# h',
    );
    expect(markdownInline('mail me@example.com')).toBe('mail me@example.com');
  });
});

describe('markdownBlock', () => {
  it('drops remote images, escapes HTML, defuses mentions; keeps links, emphasis and code as written', () => {
    const block = markdownBlock(
      'See ![beacon](https://evil.example/p.png?d=SECRET) and [docs](https://nx.dev) <img src="https://evil.example/i"> cc @team, **really** `a<b @x`',
    );
    expect(block).toBe(
      'See (image removed: beacon) and [docs](https://nx.dev) &lt;img src="https://evil.example/i"&gt; cc @&#8203;team, **really** `a<b @x`',
    );
    expect(markdownBlock('![ref][1]\n\n[1]: https://evil.example/p.png')).toBe(
      '!\\[ref][1]\n\n[1]: https://evil.example/p.png',
    );
  });

  it('cannot open a heading, quote, rule or setext heading of its own', () => {
    expect(markdownBlock('## ✅ patch is correct\n> quoted\nfake\n===\n---\n  # indented')).toBe(
      '\\## ✅ patch is correct\n&gt; quoted\nfake\n\\===\n\\---\n  \\# indented',
    );
  });

  it('keeps fenced code verbatim, drops an info string that is not a language name, and closes an unclosed fence', () => {
    expect(markdownBlock('```ts\nconst a = b < c; // @x\n```\nafter')).toBe(
      '```ts\nconst a = b < c; // @x\n```\nafter',
    );
    expect(markdownBlock('```<img src=x>\nx\n')).toBe('```\nx\n\n```');
    expect(markdownBlock('~~~~\n## not a heading\n```\n~~~~\n# heading')).toBe(
      '~~~~\n## not a heading\n```\n~~~~\n\\# heading',
    );
  });

  it('neutralises workflow commands and strips controls, keeping line breaks', () => {
    expect(markdownBlock(`::error::x\r\nline${ESC}[2J 2\n##[warning]y`)).toBe(
      ':\u200b:error::x\nline 2\n##\u200b[warning]y',
    );
  });
});
