import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const SOURCES = [
  'libs',
  'apps',
  'test',
  'migrations',
  'seeds',
  'scripts',
  'bench',
  'README.md',
  'CONTRIBUTING.md',
  'schema.gql',
];

/** Files under the sources that git tracks or would add, with their text. */
function sources(): { file: string; text: string }[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...SOURCES], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((f) => /\.(ts|js|md|gql|yaml)$/.test(f) && f !== 'test/doc-references.e2e-spec.ts')
    .filter((f) => fs.existsSync(path.join(ROOT, f)))
    .map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));
}

/** GitHub-style anchor of a Markdown heading. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

describe('references in code and docs', () => {
  const files = sources();

  it('never cite a specification that is not in the repository', () => {
    const spec = /SPEC §/;
    expect(files.filter((f) => spec.test(f.text)).map((f) => f.file)).toEqual([]);
  });

  it('flag the TC260 2.0 five grades as secondary wherever the code states them', () => {
    const claims = files.flatMap((f) =>
      [...f.text.matchAll(/[^.]*five grades[^.]*\./g)].map((m) => ({ file: f.file, sentence: m[0] })),
    );
    expect(claims.length).toBeGreaterThanOrEqual(3);
    expect(claims.filter((c) => !/secondary/.test(c.sentence))).toEqual([]);
  });

  it('point at sections of docs/domain-rules.md that exist', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'domain-rules.md'), 'utf8');
    const anchors = new Set([...doc.matchAll(/^## (.+)$/gm)].map((m) => anchor(m[1])));
    const cited = files.flatMap((f) =>
      [...f.text.matchAll(/docs\/domain-rules\.md#([a-z0-9-]+)(?: and #([a-z0-9-]+))?/g)].flatMap((m) =>
        [m[1], m[2]].filter(Boolean).map((a) => ({ file: f.file, anchor: a as string })),
      ),
    );
    expect(cited.length).toBeGreaterThan(20);
    expect(cited.filter((c) => !anchors.has(c.anchor))).toEqual([]);
  });
});
