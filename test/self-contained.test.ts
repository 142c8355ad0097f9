/**
 * A fresh clone must pass its tests: nothing under src/ test/ bench/ scripts/ examples/ may refer
 * to a path outside the repository — a sibling folder (the `shared` folder beside a checkout), a relative path that climbs
 * above the repository root, or an absolute path of the machine it was written on.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIRS = ['src', 'test', 'bench', 'scripts', 'examples'];
const SELF = relative(ROOT, fileURLToPath(import.meta.url))
  .split(sep)
  .join('/');
const TEXT = /\.(?:[cm]?[jt]s|json|md|txt|csv|ya?ml|sh)$/;

/** Absolute paths of some machine, and the sibling folder the fixtures once lived in. */
const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  { name: 'a sibling shared/ folder', pattern: /\.\.[\\/]+(?:\.\.[\\/]+)*shared\b|\bshared[\\/]fixtures\b/ },
  { name: 'an absolute /work path', pattern: /(?<![\w.-])\/work\// },
  {
    name: 'a home directory',
    pattern: /(?<![\w.-])(?:\/home|\/Users)\/[\w.-]+\/|\/root\/|[A-Za-z]:\\+Users\\/,
  },
];

/**
 * Deliberate fakes: strings that look like paths but are only compared, never opened. Keep this
 * list short and explain each entry.
 */
const ALLOWED: { file: string; text: string; why: string }[] = [
  {
    file: 'test/cli/config-file.test.ts',
    text: '/home/u',
    why: 'a made-up home directory passed to a pure path function',
  },
];

/** The files git knows (tracked, or new and not ignored); a walk of the folders without git. */
function projectFiles(): string[] {
  try {
    const out = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...DIRS],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return out.split('\0').filter((f) => f !== '');
  } catch {
    const walk = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const path = `${dir}/${e.name}`;
        if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(path);
        return e.isFile() ? [path] : [];
      });
    return DIRS.flatMap((dir) => walk(dir));
  }
}

/** Every finding in one file's text, as `file:line: what — the line`. */
function outsidePaths(file: string, text: string): string[] {
  const found: string[] = [];
  const allowed = ALLOWED.filter((a) => a.file === file).map((a) => a.text);
  text.split('\n').forEach((raw, i) => {
    const line = allowed.reduce((l, a) => l.split(a).join(''), raw);
    const report = (what: string) => found.push(`${file}:${i + 1}: ${what} — ${raw.trim()}`);
    for (const { name, pattern } of FORBIDDEN) if (pattern.test(line)) report(name);
    // '../…' in a string literal, resolved from the file's folder, must stay inside the repository
    for (const m of line.matchAll(/(['"`])(\.\.(?:\/[^'"`\s$]*)?)\1/g)) {
      const target = resolve(ROOT, dirname(file), m[2]!);
      if (relative(ROOT, target).startsWith('..')) report(`'${m[2]}' climbs above the repository`);
    }
  });
  return found;
}

describe('the repository is self-contained', () => {
  it('finds the project files', () => {
    const files = projectFiles();
    expect(files).toContain(SELF);
    expect(files.filter((f) => f.startsWith('src/')).length).toBeGreaterThan(10);
  });

  it('no file under src/ test/ bench/ scripts/ examples/ refers to a path outside the repository', () => {
    const findings = projectFiles()
      .filter((file) => file !== SELF && TEXT.test(file))
      .flatMap((file) => outsidePaths(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(findings).toEqual([]);
  });

  it('catches what broke fresh clones before', () => {
    // Built from pieces, so that this file itself names no path outside the repository.
    const [up, shared, fixtures] = ['..', 'shared', 'fixtures/zoho-real'];
    const [work, home, users] = ['work', 'home', 'Users'].map((name) => `/${name}`);
    const old = [
      `const fixtureDir = resolve(process.cwd(), '${up}/${shared}/${fixtures}');`,
      `const FIXTURES = '${work}/${shared}/${fixtures}';`,
      `new URL('${up}/${up}/${shared}/${fixtures}/x.csv', import.meta.url)`,
      `readFileSync('${home}/alice/zoho/x.csv')`,
      `readFileSync('${users}/alice/x.csv')`,
      `new URL('${up}/${up}/${up}/elsewhere/x.csv', import.meta.url)`,
    ];
    expect(old.map((line) => outsidePaths('bench/read-pipeline.ts', line).length)).toEqual([
      1, 2, 2, 1, 1, 1,
    ]);
    const fine = [
      "import { x } from '../src/index.js';",
      "new URL('..', import.meta.url)",
      "expect(configFilePath({ env: {}, homedir: join(tmp, 'home') }))",
      "const url = 'https://example.com/working/x';",
    ];
    expect(fine.flatMap((line) => outsidePaths('bench/read-pipeline.ts', line))).toEqual([]);
  });
});
