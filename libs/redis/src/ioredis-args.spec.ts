import { readFileSync } from 'node:fs';
import Command from 'ioredis/built/Command';

// patches/ioredis+*.patch: ioredis flattens every command's arguments with a loop instead of Array.prototype.flat.
describe('ioredis command arguments (patched)', () => {
  it('are flattened one level, holes skipped, exactly as args.flat() would', () => {
    const sparse = ['a', ['b', 'c'], 'd'];
    sparse[5] = 'e';
    const cases: unknown[][] = [[], ['key'], ['sha', 2, 'k1', 'k2', 'v'], sparse, ['k', [1, , 2], [], 'v']];
    for (const args of cases) {
      // Numbers become strings afterwards, as always.
      expect(new Command('x', args as never).args).toEqual(args.flat().map(String));
    }
  });

  it('are not flattened with Array.prototype.flat (the patch is applied: `npm ci` runs patch-package)', () => {
    const source = readFileSync(require.resolve('ioredis/built/Command'), 'utf8');
    expect(source).not.toContain('this.args = args.flat()');
    expect(source).toContain('this.args = flattenArgs(args)');
  });
});
