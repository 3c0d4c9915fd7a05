// HTML_CodeSniffer (pa11y's htmlcs runner, WCAG2AA) over many pages of a served site, in one
// Chromium: starting a browser per page (what the pa11y command does) costs more than checking it.
//
//   node tests/pa11y-site.mjs BASE_URL PAGE...
//
// Prints one JSON object: {"checked": N, "issues": [{page, code, message, selector}, ...]}, the
// errors only (notices and warnings are advice HTML_CodeSniffer cannot decide). Exits non-zero
// only when it could not check a page; tests/test_checkers.py judges the issues.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// Two pages at a time: the machine has two cores, and the server and pytest share them.
const PARALLEL = Number(process.env.PA11Y_PARALLEL || 2);

const [base, ...pages] = process.argv.slice(2);
if (!base || pages.length === 0) {
  console.error("usage: node tests/pa11y-site.mjs BASE_URL PAGE...");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  // As root Chromium refuses to start without --no-sandbox (CI runs as root).
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});

const issues = [];
const queue = [...pages];

async function worker() {
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const result = await pa11y(new URL(name, base).href, {
      browser,
      runners: ["htmlcs"],
      standard: "WCAG2AA",
      timeout: 60000,
      wait: 0,
    });
    for (const issue of result.issues) {
      if (issue.type === "error") {
        issues.push({ page: name, code: issue.code, message: issue.message, selector: issue.selector });
      }
    }
  }
}

try {
  await Promise.all(Array.from({ length: Math.min(PARALLEL, pages.length) }, worker));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ checked: pages.length, issues }) + "\n");
