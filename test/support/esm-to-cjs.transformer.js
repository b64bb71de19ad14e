// Jest runs our CommonJS build in its own module system, which cannot require() ES modules
// (Node itself can: require(esm)). Jest 30.5 can too on Node 24.9+, but only through the VM
// module API, which Node exposes only with --experimental-vm-modules (docs/architecture.md,
// "Known structural debt"). NestJS 12 and a few of its dependencies ship
// ESM only (and so do some of their dependencies), so Jest compiles every ES module it meets
// to CommonJS on the fly; results are cached, so only the first run pays.
const ts = require('typescript');
const crypto = require('node:crypto');

const IMPORT_META = [
  // CommonJS already has `require`; redeclaring it inside the module wrapper is a SyntaxError.
  [/^\s*(?:const|let|var)\s+require\s*=\s*createRequire\(import\.meta\.url\);?\s*$/gm, ''],
  [/\bimport\.meta\.url\b/g, "require('node:url').pathToFileURL(__filename).href"],
  [/\bimport\.meta\.dirname\b/g, '__dirname'],
  [/\bimport\.meta\.filename\b/g, '__filename'],
  [/\bimport\.meta\.resolve\b/g, 'require.resolve'],
];

const DYNAMIC_IMPORT = /\bimport\((['"][^'"]+['"])\)/g;
const HAS_DYNAMIC_IMPORT = new RegExp(DYNAMIC_IMPORT.source);

const ESM_SYNTAX =
  /^\s*(?:import\s*[\w{*'"]|export\s+(?:\*|\{|default|const|let|var|function|class|async))/m;

module.exports = {
  getCacheKey(source, path) {
    return crypto
      .createHash('sha1')
      .update('esm-to-cjs:5')
      .update(path)
      .update(source)
      .digest('hex');
  },
  process(source, path) {
    // Most of node_modules is CommonJS already: pass it through untouched, except that a
    // dynamic import() of a package (e.g. @fastify/cookie loading `cookie`) needs Jest's VM
    // modules; requiring it instead lets this transformer compile that package too.
    if (!ESM_SYNTAX.test(source)) {
      if (!path.includes('/node_modules/') || !HAS_DYNAMIC_IMPORT.test(source))
        return { code: source };
      return { code: source.replace(DYNAMIC_IMPORT, 'Promise.resolve().then(() => require($1))') };
    }
    const patched = IMPORT_META.reduce(
      (code, [pattern, replacement]) => code.replace(pattern, replacement),
      source,
    );
    const { outputText, sourceMapText } = ts.transpileModule(patched, {
      fileName: path,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
        sourceMap: true,
      },
    });
    return { code: outputText, map: sourceMapText };
  },
};
