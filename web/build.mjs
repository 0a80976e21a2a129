// Builds the dashboard into dist/: dist/index.html, dist/assets/app.js and
// dist/assets/app.css. The Go package web embeds dist/, so `go build` needs
// no npm; run `npm ci && npm run build` after changing src/ and commit dist/.
//
// dist/SOURCES.sha256 records a hash of everything the bundle is built
// from (src/, this file, package.json, package-lock.json, tsconfig.json);
// TestDistBuiltFromSources in package web fails when dist/ was not rebuilt
// after a change. BOTSWEEP_WEB_OUT=DIR builds into DIR instead (CI builds
// into a temporary directory and compares it with the committed dist/).
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const out = process.env.BOTSWEEP_WEB_OUT || "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out + "/assets", { recursive: true });
await esbuild.build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: out + "/assets/app.js",
  legalComments: "linked",
  logLevel: "info",
});
copyFileSync("src/style.css", out + "/assets/app.css");
copyFileSync("src/index.html", out + "/index.html");

// The sources' hash: for each file in byte order of its path, the path, a
// newline, the hex SHA-256 of its content and a newline; then SHA-256 of
// all that. package web computes the same.
const sources = ["build.mjs", "package.json", "package-lock.json", "tsconfig.json",
  ...readdirSync("src").map((f) => "src/" + f)].sort();
const list = sources.map((f) => f + "\n" + createHash("sha256").update(readFileSync(f)).digest("hex") + "\n").join("");
writeFileSync(out + "/SOURCES.sha256", createHash("sha256").update(list).digest("hex") + "\n");
