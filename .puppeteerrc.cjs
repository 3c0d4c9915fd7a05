// Puppeteer (pa11y drives Chromium with it) never downloads a browser here, even for a plain
// `npm ci`: the tests point it at Debian's /usr/bin/chromium (tests/pa11y-site.mjs).
module.exports = { skipDownload: true };
