/**
 * Last step of `npm run build`: bundles the bin (dist/cli.js and everything it imports) into one
 * file, in place, with esbuild. Node then reads and links one module instead of some eighty —
 * about a third of the start-up time of a one-line draft. Parts loaded on demand (reporters,
 * source parsers, OpenCC's phrase tables) become chunks beside it, still loaded only when needed.
 *
 * Not bundled: jieba (a native module), exceljs and iconv-lite (see `external`), and what the
 * code loads with createRequire on first use (yaml, regexpp), which stays in node_modules. The
 * library entry points (dist/index.js and the other modules tsc writes) are left as they are.
 */
import { build, type Plugin } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('..', import.meta.url));

// Chunks of an earlier bundle (named <name>-<hash>.js; tsc's files have no hash) would pile up.
for (const name of readdirSync(dist)) if (/-[A-Z0-9]{8}\.js$/.test(name)) rmSync(`${dist}/${name}`);

/**
 * commander loads node:child_process when it loads (for executable subcommands, which huashu has
 * none of); that module pulls in net, dgram and more — some milliseconds of every run. In the
 * bundle, commander gets a stand-in that loads the real module only if something calls it.
 */
const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) => (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'huashu' } : undefined));
    build.onLoad({ filter: /^lazy-child-process$/, namespace: 'huashu' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: [`${dist}/cli.js`],
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Beside cli.js: bundled code finds dist/pack.json and the rules through import.meta.url.
  chunkNames: '[name]-[hash]',
  // ES module builds where packages have them (jsonc-parser's UMD build requires files dynamically).
  mainFields: ['module', 'main'],
  // Loaded from node_modules: jieba is native, exceljs large and only for .xlsx, iconv-lite's code
  // tables (half a megabyte) are needed only for files that are not UTF-8.
  external: ['@node-rs/jieba', 'exceljs', 'iconv-lite'],
  // CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __huashuRequire } from 'node:module'; const require = __huashuRequire(import.meta.url);" },
  // Whitespace and syntax only (names stay readable in stack traces): less for V8 to parse at start.
  minifyWhitespace: true,
  minifySyntax: true,
  // Chinese as UTF-8, not \u escapes: a third of the size, and quicker for V8 to read.
  charset: 'utf8',
  logLevel: 'warning',
  plugins: [lazyChildProcess],
});
