/* oneplusmg-tables.js: a filter box, facets, sortable columns and a live count for every
 * guideline table (table.oneplusmg-guidelines), with the state kept in the page's URL.
 *
 * Progressive enhancement: the page holds the complete table; without JavaScript it is shown as
 * it is. Everything the script needs is read from the table: the header texts, the column of
 * each cell (class oneplusmg-col-<column>), the level of each row (class oneplusmg-level-<x>),
 * and each row's hidden span.oneplusmg-filter-data: more words to match (data-search: the
 * summary, the working groups' names, the domain, the DOI) and the row's facet values with
 * their labels (data-facets, JSON). Tables of ten rows or fewer (class oneplusmg-plain) get no
 * controls, only the cell labels of the phone layout.
 * Plain JavaScript, no dependency, nothing loaded from anywhere.
 */
(function () {
  "use strict";

  var LEVELS = ["required", "recommended", "informational", "none"];
  // Facets, whatever the columns shown; the URL parameter is the key, the label the select's.
  var FACETS = [
    { key: "level", label: "Level" },
    { key: "wg", label: "Working group" },
    { key: "phase", label: "Phase" },
    { key: "domain", label: "Domain" },
  ];
  // Rows shown at once; "Show more" adds as many. A browser lays out a hundred rows in a
  // frame, not ten thousand: this keeps every keystroke fast on the largest catalogue.
  var PAGE = 100;
  // Cell parts that are not about the guideline itself: left out of the text filter.
  var IGNORED = ".oneplusmg-filter-data";
  var collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base",
  });
  var WORDS = {
    filter: "Filter guidelines",
    all: "All",
    noLevel: "No level",
    reset: "Reset",
    resetLabel: "Reset the filters and the order",
    count: function (shown, total) {
      return shown + " of " + total + (total === 1 ? " guideline" : " guidelines");
    },
    none: "No guideline matches these filters.",
    more: function (hidden) {
      return "Show " + Math.min(hidden, PAGE) + " more (" + hidden + " not shown)";
    },
  };

  /** Lower case, without accents, spaces collapsed: "Éthique  Médicale" -> "ethique medicale". */
  function normalise(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase();
  }

  function columnOf(cell) {
    for (var i = 0; i < cell.classList.length; i++) {
      var name = cell.classList[i];
      if (name.indexOf("oneplusmg-col-") === 0) return name.slice("oneplusmg-col-".length);
    }
    return null;
  }

  function levelOf(row) {
    for (var i = 0; i < LEVELS.length; i++) {
      if (row.classList.contains("oneplusmg-level-" + LEVELS[i])) return LEVELS[i];
    }
    return "none";
  }

  function textOf(cell) {
    if (!cell) return "";
    var copy = cell.cloneNode(true);
    copy.querySelectorAll(IGNORED).forEach(function (node) {
      node.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /** A row's facet values as {key: [[value, label], ...]}, from its filter data. */
  function facetData(row) {
    var data = row.querySelector(".oneplusmg-filter-data");
    var facets = {};
    if (data) {
      try { facets = JSON.parse(data.getAttribute("data-facets") || "{}"); } catch (error) { facets = {}; }
    }
    return { facets: facets, search: data ? data.getAttribute("data-search") || "" : "" };
  }

  function sortValue(record, column) {
    if (column === "level") return LEVELS.indexOf(record.level);
    var text = record.text[column] || "";
    if (column === "year") return text ? parseInt(text, 10) : null;
    if (column === "working-groups") {
      var match = /(\d+)/.exec(text);
      return match ? parseInt(match[1], 10) : null;
    }
    return text || null;
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return collator.compare(String(a), String(b));
  }

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      element.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function GuidelineTable(table, number, prefix) {
    this.table = table;
    this.tbody = table.tBodies[0];
    this.prefix = prefix;
    this.id = "oneplusmg-table-" + number;
    this.headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    this.columns = this.headers.map(function (th, index) {
      return columnOf(th) || "column-" + index;
    });
    this.labels = {};  // facet key -> value -> label, for the options
    this.records = Array.prototype.slice.call(this.tbody.rows).map(function (row, index) {
      var text = {};
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        text[this.columns[i]] = textOf(cell);
      }, this);
      var data = facetData(row);
      var values = { level: [levelOf(row)] };  // facet key -> values, read on every keystroke
      Object.keys(data.facets).forEach(function (key) {
        var labels = (this.labels[key] = this.labels[key] || {});
        values[key] = data.facets[key].map(function (pair) { labels[pair[0]] = pair[1]; return pair[0]; });
      }, this);
      var words = Object.keys(text).map(function (k) { return text[k]; }).join(" ") + " " + data.search;
      return {
        row: row,
        index: index,
        level: values.level[0],
        text: text,
        haystack: normalise(words),
        values: values,
        stripe: null,  // the row-odd/row-even class it carries now
      };
    }, this);
    this.sort = { column: null, descending: false };
    this.orderKey = "";  // the order the rows stand in; rows move only when it changes
    this.limit = PAGE;  // matching rows shown; the others wait behind "Show more"
    // A facet with one value or none would offer no choice.
    this.facets = FACETS.filter(function (facet) {
      return this.facetOptions(facet).length > 1;
    }, this);
    this.build();
    this.readState(new URLSearchParams(window.location.search));
    this.apply(false);
  }

  /** The controls above the table, the sort buttons in its header, labels on its cells. */
  GuidelineTable.prototype.build = function () {
    var box = this.buildFilter();
    var anchor = this.table.parentElement.classList.contains("pst-scrollable-table-container")
      ? this.table.parentElement
      : this.table;
    anchor.parentNode.insertBefore(box, anchor);
    // "Show more" is in the page only while rows wait behind it (see apply): a button kept
    // there hidden and empty has no name (HTML_CodeSniffer H91) and is a button for nothing.
    this.more = make("button", { type: "button", class: "oneplusmg-more" });
    this.moreAfter = anchor;
    var self = this;
    this.more.addEventListener("click", function () {
      self.limit += PAGE;
      self.apply(false);
    });
    labelCells(this.table);
    this.buildSortButtons();
    this.table.classList.add("oneplusmg-enhanced");
    this.table.setAttribute("aria-describedby", this.count.id);
  };

  /** The filter box, one select per facet, the count (a live region) and a reset button. */
  GuidelineTable.prototype.buildFilter = function () {
    var self = this;
    var box = make("div", { class: "oneplusmg-filter" });
    var fields = make("div", { class: "oneplusmg-filter-fields" });

    var queryId = this.id + "-filter";
    var search = make("div", { class: "oneplusmg-filter-field oneplusmg-filter-text" });
    search.appendChild(make("label", { for: queryId }, WORDS.filter));
    this.query = make("input", { type: "search", id: queryId, autocomplete: "off", spellcheck: "false" });
    this.query.addEventListener("input", function () { self.limit = PAGE; self.apply(true); });
    search.appendChild(this.query);
    fields.appendChild(search);

    this.selects = {};
    this.facets.forEach(function (facet) {
      var selectId = self.id + "-" + facet.key;
      var field = make("div", { class: "oneplusmg-filter-field" });
      field.appendChild(make("label", { for: selectId }, facet.label));
      var select = make("select", { id: selectId });
      select.appendChild(make("option", { value: "" }, WORDS.all));
      self.facetOptions(facet).forEach(function (option) {
        var element = make("option", { value: option.value }, option.label);
        element.setAttribute("data-label", option.label);
        select.appendChild(element);
      });
      select.addEventListener("change", function () { self.limit = PAGE; self.apply(true); });
      field.appendChild(select);
      fields.appendChild(field);
      self.selects[facet.key] = select;
    });

    this.reset = make("button", { type: "button", class: "oneplusmg-filter-reset", "aria-label": WORDS.resetLabel }, WORDS.reset);
    this.reset.addEventListener("click", function () {
      self.query.value = "";
      Object.keys(self.selects).forEach(function (key) { self.selects[key].value = ""; });
      self.sort = { column: null, descending: false };
      self.limit = PAGE;
      self.apply(true);
      self.query.focus();
    });
    box.appendChild(fields);

    var status = make("div", { class: "oneplusmg-filter-status" });
    this.count = make("p", { class: "oneplusmg-count", role: "status", "aria-live": "polite", "aria-atomic": "true", id: this.id + "-count" });
    status.appendChild(this.count);
    status.appendChild(this.reset);
    box.appendChild(status);
    return box;
  };

  /** Each header becomes a button that sorts by its column (the header carries aria-sort). */
  GuidelineTable.prototype.buildSortButtons = function () {
    var self = this;
    this.headers.forEach(function (th, index) {
      var button = make("button", { type: "button", class: "oneplusmg-sort" });
      var label = make("span", { class: "oneplusmg-sort-label" }, th.textContent.trim());
      button.appendChild(label);
      button.appendChild(make("span", { class: "oneplusmg-sort-icon", "aria-hidden": "true" }));
      button.addEventListener("click", function () { self.toggleSort(self.columns[index]); });
      th.textContent = "";
      th.appendChild(button);
    });
  };

  /** Each cell names its column, for the card layout of narrow screens (see oneplusmg.css). */
  function labelCells(table) {
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        cell.setAttribute("data-label", headers[i] || "");
        if (!cell.textContent.trim()) cell.classList.add("oneplusmg-empty-cell");
      });
    });
    table.classList.add("oneplusmg-labelled");
  }

  GuidelineTable.prototype.facetOptions = function (facet) {
    var seen = {};
    this.records.forEach(function (record) {
      (record.values[facet.key] || []).forEach(function (value) { seen[value] = true; });
    });
    var self = this;
    if (facet.key === "level") {
      return LEVELS.filter(function (level) { return seen[level]; }).map(function (level) {
        return { value: level, label: level === "none" ? WORDS.noLevel : self.levelLabel(level) };
      });
    }
    var labels = this.labels[facet.key] || {};
    var options = Object.keys(seen).map(function (value) { return { value: value, label: labels[value] || value }; });
    // Working groups in their number's order (WG2 before WG10); the others by label.
    options.sort(function (a, b) { return collator.compare(a.value, b.value) || collator.compare(a.label, b.label); });
    if (facet.key !== "wg") options.sort(function (a, b) { return collator.compare(a.label, b.label); });
    return options;
  };

  /** Each option's count: the rows it would show with the other filters as they are. */
  GuidelineTable.prototype.updateCounts = function (criteria) {
    this.facets.forEach(function (facet) {
      var others = { words: criteria.words, facets: criteria.facets.filter(function (f) { return f.key !== facet.key; }) };
      var counts = {};
      this.records.forEach(function (record) {
        if (!matches(record, others)) return;
        (record.values[facet.key] || []).forEach(function (value) { counts[value] = (counts[value] || 0) + 1; });
      });
      Array.prototype.forEach.call(this.selects[facet.key].options, function (option) {
        if (!option.value) return;
        option.textContent = option.getAttribute("data-label") + " (" + (counts[option.value] || 0) + ")";
      });
    }, this);
  };

  /** The level's word as the page shows it (the badge text), so that it follows translation. */
  GuidelineTable.prototype.levelLabel = function (level) {
    var badge = this.table.querySelector(".oneplusmg-badge-" + level);
    return badge ? badge.textContent.trim() : level.charAt(0).toUpperCase() + level.slice(1);
  };

  GuidelineTable.prototype.toggleSort = function (column) {
    if (this.sort.column === column) {
      this.sort.descending = !this.sort.descending;
    } else {
      this.sort = { column: column, descending: false };
    }
    this.apply(true);
  };

  GuidelineTable.prototype.param = function (name) {
    return this.prefix + name;
  };

  GuidelineTable.prototype.readState = function (params) {
    this.query.value = params.get(this.param("filter")) || "";
    Object.keys(this.selects).forEach(function (key) {
      var select = this.selects[key];
      var wanted = params.get(this.param(key)) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      select.value = known ? wanted : "";
    }, this);
    var sort = params.get(this.param("sort")) || "";
    var column = sort.replace(/^-/, "");
    if (column && this.columns.indexOf(column) >= 0) {
      this.sort = { column: column, descending: sort.charAt(0) === "-" };
    }
  };

  GuidelineTable.prototype.writeState = function () {
    var params = new URLSearchParams(window.location.search);
    var state = { filter: this.query.value.trim() };
    Object.keys(this.selects).forEach(function (key) { state[key] = this.selects[key].value; }, this);
    state.sort = this.sort.column ? (this.sort.descending ? "-" : "") + this.sort.column : "";
    Object.keys(state).forEach(function (name) {
      if (state[name]) params.set(this.param(name), state[name]);
      else params.delete(this.param(name));
    }, this);
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  };

  /** The current filters, read once per change rather than once per row. */
  GuidelineTable.prototype.criteria = function () {
    var wanted = [];
    this.facets.forEach(function (facet) {
      var value = this.selects[facet.key].value;
      if (value) wanted.push({ key: facet.key, value: value });
    }, this);
    return { words: normalise(this.query.value).split(" ").filter(Boolean), facets: wanted };
  };

  function matches(record, criteria) {
    for (var i = 0; i < criteria.words.length; i++) {
      if (record.haystack.indexOf(criteria.words[i]) < 0) return false;
    }
    for (var f = 0; f < criteria.facets.length; f++) {
      var facet = criteria.facets[f];
      if ((record.values[facet.key] || []).indexOf(facet.value) < 0) return false;
    }
    return true;
  }

  GuidelineTable.prototype.ordered = function () {
    var records = this.records.slice();
    var column = this.sort.column;
    if (!column) return records;
    var sign = this.sort.descending ? -1 : 1;
    return records.sort(function (a, b) {
      var va = sortValue(a, column);
      var vb = sortValue(b, column);
      if (va === null || vb === null) {
        // Empty cells last, whichever the direction.
        if (va === null && vb !== null) return 1;
        if (vb === null && va !== null) return -1;
        return a.index - b.index;
      }
      return sign * compare(va, vb) || a.index - b.index;
    });
  };

  /** Show the matching rows in the chosen order; update the count, the header and the URL.
   *
   * Only the rows on screen are in the document: the others are kept here, out of the DOM, so
   * that a keystroke on a catalogue of 10,000 rows costs one pass over the records and the
   * style and layout of at most PAGE rows (hiding rows in place still costs the browser a
   * style pass over all of them). */
  GuidelineTable.prototype.apply = function (remember) {
    var orderKey = this.sort.column ? (this.sort.descending ? "-" : "+") + this.sort.column : "";
    if (orderKey !== this.orderKey || !this.inOrder) {
      this.inOrder = this.ordered();
      this.orderKey = orderKey;
    }
    var records = this.inOrder;
    var criteria = this.criteria();
    var shown = 0;
    var onScreen = [];
    for (var i = 0; i < records.length; i++) {
      var record = records[i];
      if (!matches(record, criteria)) continue;
      shown += 1;
      if (shown > this.limit) continue;
      var stripe = shown % 2 === 1 ? "row-odd" : "row-even";
      if (record.stripe !== stripe) {
        record.row.classList.remove("row-odd", "row-even");
        record.row.classList.add(stripe);
        record.stripe = stripe;
      }
      onScreen.push(record.row);
    }
    this.tbody.replaceChildren.apply(this.tbody, onScreen);

    this.headers.forEach(function (th, index) {
      if (this.columns[index] === this.sort.column) {
        th.setAttribute("aria-sort", this.sort.descending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    }, this);

    var waiting = shown - Math.min(shown, this.limit);
    if (waiting) {
      this.more.textContent = WORDS.more(waiting);
      if (!this.more.isConnected) this.moreAfter.after(this.more);
    } else {
      this.more.remove();
    }

    this.updateCounts(criteria);
    var text = WORDS.count(shown, this.records.length);
    this.count.textContent = shown ? text : text + ". " + WORDS.none;
    this.table.classList.toggle("oneplusmg-no-match", shown === 0);
    if (remember) this.writeState();
  };

  function init() {
    var tables = document.querySelectorAll("table.oneplusmg-guidelines");
    Array.prototype.forEach.call(tables, function (table, index) {
      if (!table.tHead || !table.tBodies.length || table.classList.contains("oneplusmg-enhanced")) return;
      if (table.classList.contains("oneplusmg-plain")) {
        labelCells(table);
        return;
      }
      // One table: plain parameters (?filter=...&level=...). Several: each its own prefix, its
      // id when it has one (captioned tables do), otherwise its position (?t2.filter=...).
      // Not "q": Sphinx's search script runs a search for any page opened with ?q=.
      var prefix = tables.length === 1 ? "" : (table.id || "t" + (index + 1)) + ".";
      new GuidelineTable(table, index + 1, prefix);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
