package handbook

// The stylesheets and script of the version pages. They are small, so they live here as constants and are
// written into public/assets/ by Versions.Publish; ComparisonDocument inlines the table's styles, since a
// file from isms diff must stand alone.

// shinkyuCSS styles the 新旧対照表: two equal columns, changed runs underlined in both (a 傍線, not a
// strike-through: <del> is underlined too).
const shinkyuCSS = `.shinkyu-lead { text-align: right; margin: .5rem 0; }
.shinkyu-table { table-layout: fixed; width: 100%; border-collapse: collapse; }
.shinkyu-table th, .shinkyu-table td { width: 50%; border: 1px solid #767676; padding: .3rem .5rem; vertical-align: top; text-align: left; }
.shinkyu-table thead th { text-align: center; background: #f3f5f8; }
.shinkyu-table .l { margin: 0 0 .15rem; }
.shinkyu-version { font-weight: normal; font-size: .9em; }
.shinkyu-table ins, .shinkyu-table del { text-decoration: underline; text-decoration-thickness: 1px; text-underline-offset: .25em; background: none; color: inherit; }
.shinkyu-table .row-meta { margin: 0 0 .25rem; font-size: .85rem; display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
.shinkyu-table .row-kind { font-weight: bold; }
.shinkyu-toc ul { padding-left: 1.25rem; }
.shinkyu-toc .count { color: #4d4d4d; font-size: .9rem; }
.shinkyu .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`

// shinkyuPrintCSS makes a 新旧対照表 print on A4 landscape with the column heading on every page. The site
// links it with media="print" from the table pages only, so that other pages keep printing portrait.
const shinkyuPrintCSS = `@media print {
  @page { size: A4 landscape; margin: 12mm 12mm 14mm; }
  .shinkyu-table { font-size: 9.5pt; }
  .shinkyu-table thead { display: table-header-group; }
  .shinkyu-table tr { break-inside: avoid; }
  .shinkyu-standard h2 { break-after: avoid; }
  .shinkyu-standard + .shinkyu-standard { break-before: page; }
  .no-print, .version-menu { display: none !important; }
}
`

// documentCSS is the page around the table in a file from isms diff.
const documentCSS = `body { margin: 1rem; color: #1a1a1a; line-height: 1.7; font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "BIZ UDPGothic", Meiryo, "Yu Gothic UI", "Noto Sans CJK JP", sans-serif; }
h1 { font-size: 1.3rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
a { color: #0645ad; }
`

// versionsCSS is the site's stylesheet for the version menu, the history pages and the tables.
const versionsCSS = `/* The version menu, history pages and 新旧対照表 (written by isms build; see handbook/versions_assets.go). */
.version-menu { max-width: 60rem; margin: 0 auto; padding: .25rem 1rem 0; font-size: .9rem; }
.version-menu summary { cursor: pointer; color: var(--link, #0645ad); width: max-content; max-width: 100%; }
.version-menu ul { list-style: none; margin: .25rem 0 0; padding: .5rem .75rem; background: var(--panel, #f3f5f8); border: 1px solid var(--line, #c8c8c8); }
.version-menu li { margin: .15rem 0; }
.version-menu a[aria-current] { font-weight: bold; }
.version-meta { color: var(--muted, #4d4d4d); }
.article-history { border-top: 1px solid var(--line, #c8c8c8); margin-top: 1rem; scroll-margin-top: 1rem; }
.article-history:target { background: #fffbe6; }
.article-history h2, .article-history h3 { font-size: 1.05rem; border: 0; margin: .5rem 0 .25rem; }
.history-entries { margin: .25rem 0; padding-left: 1.5rem; }
.history-date { display: inline-block; min-width: 11em; }
.history-kind { font-weight: bold; }
.history-none { color: var(--muted, #4d4d4d); margin: .25rem 0; }
.shinkyu-table tr:target { outline: 3px solid var(--focus, #ffbf47); }
@media print { .version-menu { display: none !important; } }
` + shinkyuCSS

// versionsJS keeps the reader on the same article when going to another version of a page. The version
// menu (and an old version's banner) link to the same page in each version; when the address names an
// article (#art-13, #art-13-2), the script carries it over, renumbered where the article has another
// number in the other version. The menu's data-anchors lists only the differences (see anchorMap).
const versionsJS = `(function () {
  var nav = document.querySelector(".version-menu");
  if (!nav) return;
  var from = nav.getAttribute("data-edition") || "";
  var map = {};
  try { map = JSON.parse(nav.getAttribute("data-anchors") || "{}"); } catch (e) { map = {}; }
  var has = function (o, k) { return !!o && Object.prototype.hasOwnProperty.call(o, k); };
  function anchorIn(to, anchor) {
    var f = map[from] || {}, t = map[to] || {};
    var key = has(f.a, anchor) ? f.a[anchor] : anchor;
    if (has(t.k, key)) return t.k[key];
    if (has(t.a, key)) return "";
    return /^art-\d+$/.test(key) ? key : "";
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-version]");
    var m = /^#(art-\d+)((?:-\d+)*)$/.exec(location.hash);
    if (!a || !m || !from) return;
    var url = a.getAttribute("href").split("#")[0];
    var to = anchorIn(a.getAttribute("data-version"), m[1]);
    a.setAttribute("href", to ? url + "#" + to + (to === m[1] ? m[2] : "") : url);
  });
})();
`
