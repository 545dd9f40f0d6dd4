import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphInputsStamp } from './graph-inputs-stamp';

describe('graphInputsStamp', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  /** Moves a path's mtime forward, so a change is visible whatever the file system's time resolution. */
  const touchLater = (path: string) => {
    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, path), later, later);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mcp-stamp-'));
    write('nx.json', '{}');
    write('package.json', '{"name":"ws"}');
    write('.gitignore', 'node_modules\n/dist/\n');
    write('libs/a/project.json', '{"name":"a"}');
    write('libs/a/src/index.ts', 'export const a = 1;\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is the same while nothing the graph depends on changed: source edits, build output, installs, Nx's own .nx", () => {
    const before = graphInputsStamp(root);
    write('.nx/workspace-data/project-graph.json', '{}');
    appendFileSync(join(root, 'libs/a/src/index.ts'), 'export const b = 2;\n');
    touchLater('libs/a/src/index.ts');
    write('dist/libs/a/project.json', '{"name":"copy"}');
    write('node_modules/some/package.json', '{}');
    expect(graphInputsStamp(root)).toBe(before);
  });

  it.each([
    [
      'a project.json edit',
      () => (write('libs/a/project.json', '{"name":"renamed"}'), touchLater('libs/a/project.json')),
    ],
    ['an nx.json edit', () => (write('nx.json', '{"plugins":[]}'), touchLater('nx.json'))],
    ['a new project folder', () => write('libs/b/project.json', '{"name":"b"}')],
    ['a new inference config file', () => (write('libs/a/vite.config.ts', 'export default {};'), touchLater('libs/a'))],
    [
      'an edited inference config file',
      () => (
        write('libs/a/jest.config.ts', 'x'),
        graphInputsStamp(root),
        write('libs/a/jest.config.ts', 'xy'),
        touchLater('libs/a/jest.config.ts')
      ),
    ],
    ['a removed project', () => (rmSync(join(root, 'libs/a'), { recursive: true }), touchLater('libs'))],
    ['an install that changed the Nx plugins', () => write('node_modules/.package-lock.json', '{"packages":{}}')],
  ])('changes on %s', (_what, change) => {
    const before = graphInputsStamp(root);
    change();
    expect(graphInputsStamp(root)).not.toBe(before);
  });

  it('walks folders the root .gitignore names when it also un-ignores something', () => {
    write('.gitignore', 'dist\n!dist/keep\n');
    const before = graphInputsStamp(root);
    write('dist/keep/project.json', '{"name":"kept"}');
    touchLater('dist/keep/project.json');
    expect(graphInputsStamp(root)).not.toBe(before);
  });
});
