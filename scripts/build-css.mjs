// Builds static/vendor/heatportal.css, the one stylesheet every page links (templates/base.html,
// templates/_standalone.html): the Utrecht design tokens and component CSS the portal uses, then
// static/css/portal.css, in the order the pages linked them before, minified.
//
//   node scripts/build-css.mjs        (make deps runs it; the Dockerfile's assets stage too)
//
// Why a build: the whole Utrecht bundle is 407 KB of components and 188 KB of tokens, 97% unused,
// and it blocked the first paint. What stays:
// - components (@utrecht/component-library-css index.css): only rules whose classes occur in the
//   content below. PurgeCSS reads words, so a class built in a template from a prefix and a tag
//   (`utrecht-alert--{% if ... %}error{% endif %}`) is safelisted by its prefix, found the same way.
// - html.css whole: it styles bare elements inside .utrecht-html, and Django's form widgets render
//   elements and attributes (input types, aria-invalid) that our templates never spell out.
// - tokens (@utrecht/design-tokens index.css): the .utrecht-theme rule (the media-query and dark
//   variants are classes the portal does not use), with only the custom properties that some
//   stylesheet, template or script reads through var(), directly or through another token.
// The app stylesheets (static/<app>/*.css) stay separate files; their var() uses count.
// tests/test_static_css.py checks the result against the templates.
import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import postcss from "postcss";
import { PurgeCSS } from "purgecss";
import { minify } from "csso";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const NPM = join(ROOT, "node_modules");
const OUT = join(ROOT, "static", "vendor", "heatportal.css");
const TOKENS = join(NPM, "@utrecht/design-tokens/dist/index.css");
const COMPONENTS = join(NPM, "@utrecht/component-library-css/dist/index.css");
const HTML = join(NPM, "@utrecht/component-library-css/dist/html.css");
const PORTAL = join(ROOT, "static", "css", "portal.css");
// tests/ name classes to check them, never to show them: scanning them would keep what they check is dropped.
const SKIP_DIRS = new Set(["node_modules", "staticfiles", "var", "test-artifacts", "build", "vendor", "tests"]);

// Everything that can put a class on a page: templates (pages and the htmx partials they define or
// include), our scripts, and Python (widget attrs, format_html). Dot folders (.venv, .git) are skipped.
function contentFiles(dir = ROOT, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) contentFiles(path, found);
    else if (/\.(html|js|py|txt)$/.test(entry.name)) found.push(path);
  }
  return found;
}

function appStylesheets(dir = join(ROOT, "static"), found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "vendor") appStylesheets(path, found);
    else if (entry.name.endsWith(".css") && path !== PORTAL) found.push(path);
  }
  return found;
}

// `utrecht-alert--{% ... %}` (or `{{ }}`, a Python `{kind}`, a JS `${kind}`): the rest of the class is
// filled in later, so keep the whole family.
function dynamicPrefixes(texts) {
  const prefixes = new Set();
  for (const text of texts) {
    for (const match of text.matchAll(/\b(utrecht-[a-z0-9-]*-)(?=\{|\$\{)/g)) prefixes.add(match[1]);
  }
  return [...prefixes].sort();
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function purgeComponents(files, prefixes) {
  const [result] = await new PurgeCSS().purge({
    content: files,
    css: [COMPONENTS],
    safelist: { standard: prefixes.map((prefix) => new RegExp(`^${escape(prefix)}`)) },
    keyframes: true,
  });
  return result.css;
}

// Only the selectors matter here (which theme rules apply); the tokens are thinned below.
async function purgeTokenRules(files) {
  const [result] = await new PurgeCSS().purge({ content: files, css: [TOKENS] });
  return result.css;
}

// Every custom property read through var() anywhere, then the tokens those tokens read, and so on.
function usedProperties(tokenRoot, readers) {
  const definitions = new Map();
  tokenRoot.walkDecls(/^--/, (decl) => {
    definitions.set(decl.prop, [...(definitions.get(decl.prop) || []), decl.value]);
  });
  const used = new Set();
  const queue = [];
  const read = (text) => {
    for (const match of text.matchAll(/var\(\s*(--[A-Za-z0-9_-]+)/g)) {
      if (!used.has(match[1])) {
        used.add(match[1]);
        queue.push(match[1]);
      }
    }
  };
  readers.forEach(read);
  while (queue.length) (definitions.get(queue.pop()) || []).forEach(read);
  return used;
}

function thinTokens(tokenCss, readers) {
  const root = postcss.parse(tokenCss);
  const used = usedProperties(root, readers);
  root.walkDecls(/^--/, (decl) => {
    if (!used.has(decl.prop)) decl.remove();
  });
  root.walkRules((rule) => {
    if (!rule.nodes.length) rule.remove();
  });
  root.walkAtRules((atRule) => {
    if (atRule.nodes && !atRule.nodes.length) atRule.remove();
  });
  return root.toString();
}

async function main() {
  const files = contentFiles();
  const texts = files.map((file) => readFileSync(file, "utf8"));
  const prefixes = dynamicPrefixes(texts);
  const components = await purgeComponents(files, prefixes);
  const html = readFileSync(HTML, "utf8");
  const portal = readFileSync(PORTAL, "utf8");
  const appCss = appStylesheets().map((file) => readFileSync(file, "utf8"));
  const tokens = thinTokens(await purgeTokenRules(files), [components, html, portal, ...appCss, ...texts]);
  const bundle = [tokens, components, html, portal].join("\n");
  // restructure: false keeps every rule where it was (the cascade order is the design's).
  const css = minify(bundle, { restructure: false, comments: false }).css;
  mkdirSync(dirname(OUT), { recursive: true });
  if (!existsSync(OUT) || readFileSync(OUT, "utf8") !== css + "\n") writeFileSync(OUT, css + "\n");
  const before = [TOKENS, COMPONENTS, HTML, PORTAL].map((file) => readFileSync(file));
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const raw = before.reduce((sum, buf) => sum + buf.length, 0);
  const gz = before.reduce((sum, buf) => sum + gzipSync(buf, { level: 9 }).length, 0);
  console.log(
    `${relative(ROOT, OUT)}: ${kb(css.length)} (${kb(gzipSync(css, { level: 9 }).length)} gzip), ` +
      `from ${kb(raw)} (${kb(gz)} gzip); dynamic class prefixes kept: ${prefixes.join(", ") || "none"}`,
  );
}

await main();
