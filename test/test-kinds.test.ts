import { describe, expect, it } from 'vitest';
import { importsOf, testFilesByKind, testKindOf } from './test-kinds.ts';

describe('test kinds', () => {
  // Sources are built from parts, so this file's own text holds no import of a service.
  const importing = (spec: string) => `import { x } from '${spec}';`;
  const dynamic = (spec: string) => `const { x } = await import('${spec}');`;

  it('files a test by what it imports: processes or Chromium e2e, embedded services or the stack integration', () => {
    expect(testKindOf(`${importing('node:child_process')}\n${importing('../ingest/dynalite.ts')}`)).toBe(
      'e2e',
    );
    expect(testKindOf(dynamic('../support/chromium.ts'))).toBe('e2e');
    expect(testKindOf(importing('./dynalite.ts'))).toBe('integration');
    expect(testKindOf(importing('../../functions/entry-points/local/ses-server.ts'))).toBe('integration');
    expect(testKindOf(importing('aws-cdk-lib/assertions'))).toBe('integration');
    expect(testKindOf(importing('../../functions/core/evaluate.ts'))).toBe('unit');
    // A path that merely contains a service's name is not one
    expect(testKindOf(importing('../../functions/use-cases/cycle/cycle-deps.ts'))).toBe('unit');
  });

  it('reads static, type-only and dynamic imports', () => {
    expect(
      importsOf(
        "import a from 'a';\nimport type { B } from 'b';\nexport { c } from 'c';\nawait import('d');",
      ),
    ).toEqual(['a', 'b', 'c', 'd']);
  });

  it('puts every test file of the repository in exactly one kind, the pure core among the unit tests', () => {
    const byKind = testFilesByKind(process.cwd());
    const all = [...byKind.unit, ...byKind.integration, ...byKind.e2e];
    expect(new Set(all).size).toBe(all.length);
    expect(byKind.unit).toContain('test/core/evaluate.test.ts');
    expect(byKind.integration).toContain('test/use-cases/ingest/ingest-orders.test.ts');
    expect(byKind.e2e).toContain('test/entry-points/cli/local.test.ts');
    // Through its helper, which runs Python and the compiled CLI
    expect(byKind.e2e).toContain('test/bench/reference-agreement.test.ts');
  });
});
