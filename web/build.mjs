// Builds the dashboard into dist/: dist/index.html, dist/assets/app.js and
// dist/assets/app.css. The Go package web embeds dist/, so `go build` needs
// no npm; run `npm ci && npm run build` after changing src/ and commit dist/.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist/assets", { recursive: true });
await esbuild.build({
  entryPoints: ["src/main.ts"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: "dist/assets/app.js",
  legalComments: "linked",
  logLevel: "info",
});
copyFileSync("src/style.css", "dist/assets/app.css");
copyFileSync("src/index.html", "dist/index.html");
