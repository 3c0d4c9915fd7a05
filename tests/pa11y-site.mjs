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
let checked = 0;
const queue = [...pages];

// Each worker checks its pages one after the other in one tab. The tab is opened and led to
// the page here, not by pa11y: pa11y waits until the network has been idle for half a second
// ("networkidle2"), which doubled the time per page; a page of this static site is complete at
// its load event (its scripts run before it).
async function worker() {
  const page = await browser.newPage();
  try {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      await page.goto(new URL(name, base).href, { waitUntil: "load", timeout: 60000 });
      const result = await pa11y(page.url(), {
        browser,
        page,
        ignoreUrl: true,
        runners: ["htmlcs"],
        standard: "WCAG2AA",
        timeout: 60000,
      });
      for (const issue of result.issues) {
        if (issue.type === "error") {
          issues.push({ page: name, code: issue.code, message: issue.message, selector: issue.selector });
        }
      }
      checked += 1;
    }
  } finally {
    await page.close();
  }
}

try {
  await Promise.all(Array.from({ length: Math.min(PARALLEL, pages.length) }, worker));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ checked, issues }) + "\n");
